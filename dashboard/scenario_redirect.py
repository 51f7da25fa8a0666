"""/scenario/<kommunenummer>-<anything> → /scenario/<kommunenummer> (308, query kept).

The bare number is the scenario page's one address: every link to it is built that way
(scenario_state.scenario_href), so a shared link with a name after the number, right or
wrong, lands on the same page and is cached, counted and shared under one address. A 308
keeps the method and the query, so a scenario's changes survive the redirect."""

from __future__ import annotations

from flask import Flask, redirect, request

from dashboard.layout import href
from dashboard.scenario_state import PATH
from dashboard.state import parse_code


def canonical():
    """The redirect for a scenario address with a name after its number, else None (the
    request goes on to the page)."""
    if not request.path.startswith(PATH):
        return None
    segment = request.path[len(PATH):]
    code = parse_code(segment)
    if not code or segment == code or "/" in segment:
        return None
    query = request.args.to_dict()
    lang = query.pop("lang", "")
    return redirect(href(PATH + code, lang, **query), code=308)


def register(server: Flask) -> None:
    server.before_request(canonical)
