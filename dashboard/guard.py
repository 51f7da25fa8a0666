""""No release yet" and "store unreachable", decided once for every layout and callback.

Pages and callbacks are written for a published release; these decorators give them one
(with the view parsed against it) or answer for them: a notice in place of a page, no
update in place of a callback's outputs. A store that cannot answer is shown as a notice
inside a page already open; callbacks let `store.StoreUnavailable` through, which the app
answers 503 (dashboard/status.py), as it does the page itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import dash
from sqlalchemy.exc import SQLAlchemyError

from dashboard import stats, store
from dashboard.areas import base
from dashboard.layout import empty_store, store_error
from dashboard.state import View, parse


def months_of(rel: store.Release) -> list:
    """Every month of the release, first to last."""
    return stats.months_between(rel.first_period, rel.last_period)


def release_or_none() -> store.Release | None:
    """The release for pages that read fine without numbers (method, API): None when there
    is none yet or the store cannot answer."""
    try:
        return store.current_release()
    except SQLAlchemyError:
        return None


def page(path: str | Callable[[View], str], *, embed: bool = False,
         compare: bool = False) -> Callable:
    """Decorator turning `build(rel, view)` into a page's `layout(**query)`.

    `path` is the page's address (or makes it from the view) for the language switch and
    embed links; `compare`: check the compare list against the release's
    municipalities.
    """
    def wrap(build: Callable) -> Callable:
        @wraps(build)
        def layout(**query):
            view = parse(query)
            where = path(view) if callable(path) else path
            try:
                rel = store.current_release()
                if rel is None:
                    return empty_store(view.lang, where, embed)
                known = set(store.area_table(rel.run_id, base().name)["code"]) if compare \
                    else None
                return build(rel, parse(query, months_of(rel), known))
            except SQLAlchemyError:
                return store_error(view.lang, where, embed)
        return layout
    return wrap


def needs_release(outputs: int = 1) -> Callable:
    """Decorator for a callback `fn(rel, *inputs)`: no update at all before a release."""
    def wrap(fn: Callable) -> Callable:
        @wraps(fn)
        def run(*args):
            rel = store.current_release()
            if rel is None:
                return dash.no_update if outputs == 1 else (dash.no_update,) * outputs
            return fn(rel, *args)
        return run
    return wrap
