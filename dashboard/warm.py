"""Warm the cache right after a publish: the first worker (of every instance sharing one
Redis) that sees a new release renders the most visited answers in a background thread —
the front page for each level and language, Dash's layout, every base-level area page, the
map CSV and the API's latest values — so a spike after the nightly publish finds them kept.

The answers are asked of the page cache itself, with the host of the request that noticed
the release, so they are kept under the keys visitors' requests will have. Pages nobody
listed here are rendered by their first visitor, once (see PageCache._render_once).
"""

from __future__ import annotations

import io
import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

#: Copied from the request that noticed the release: they are part of the keys.
HOST_KEYS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "wsgi.url_scheme")


def paths(run_id: int) -> list[str]:
    """The most visited answers first."""
    from dashboard import areas, state, store

    level = state.params()["level"].name
    out = ["/", "/?lang=en", "/_dash-layout", "/_dash-dependencies"]
    out += [f"/?{level}={slug}" for slug in state.levels()[1:]]
    out += ["/data/kart.csv", "/api/v1/latest", "/api/v1/areas", "/api/v1/release"]
    codes = store.area_table(run_id, areas.base().name)["code"]
    out += [areas.area_path(code) for code in codes]
    return out


def _environ(template: dict, path: str) -> dict:
    route, _, query = path.partition("?")
    environ = {k: template[k] for k in HOST_KEYS if k in template}
    environ.update({
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": template.get("wsgi.errors"), "wsgi.version": (1, 0),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "HTTP_ACCEPT_ENCODING": "gzip", "REMOTE_ADDR": "127.0.0.1",
    })
    environ.setdefault("SERVER_NAME", "localhost")
    environ.setdefault("SERVER_PORT", "80")
    environ.setdefault("wsgi.url_scheme", "http")
    return environ


def run(cache, token: str, template: dict, todo: list[str] | None = None) -> int:
    """Ask for every listed answer (`todo`, default `paths()`) while `token` is still the
    release; how many were."""
    started = time.monotonic()
    if todo is None:
        with cache.server.app_context():
            try:
                todo = paths(int(token.split(":")[1]))
            except SQLAlchemyError:
                return 0
    done = 0
    for path in todo:
        try:
            if cache.watch.token() != token:
                break  # a newer release came meanwhile: its own warm-up takes over
        except SQLAlchemyError:
            break  # the store went away: its visitors get 503 anyway
        try:
            result = cache(_environ(template, path), lambda *a, **k: (lambda d: None))
            for _ in result:
                pass
            done += 1
        except Exception:  # noqa: BLE001 - a page that fails here fails for its visitor too
            log.exception("warming %s failed", path)
    log.info("warmed %d answers for release %s in %.1f s", done, token,
             time.monotonic() - started)
    return done


def start(cache, token: str, environ: dict) -> threading.Thread:
    template = {k: environ[k] for k in (*HOST_KEYS, "wsgi.errors") if k in environ}
    thread = threading.Thread(target=run, args=(cache, token, template),
                              name="fotavtrykk-warm", daemon=True)
    thread.start()
    return thread
