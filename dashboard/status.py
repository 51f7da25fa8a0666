"""Honest HTTP status for pages: 404 for addresses no page has, 503 while the store cannot
answer, so a monitor, a CDN or a crawler can tell "down" from "no numbers published yet"
(which stays a 200 page saying so).

Dash serves every address through one index route and its layouts through callbacks, both
always 200; the status is decided here, before Dash runs (Flask `before_request`). An
unknown address is still served by Dash, whose router draws the friendly not-found page,
with its status set to 404 afterwards (`after_request`); the 503 page is plain HTML built
from the same page frame, readable without scripts or a store.
Checked against Dash 4.4.1, whose index routes are the endpoints named "/" and
"/<path:path>".
"""

from __future__ import annotations

import logging
import re
from html import escape

import dash
from flask import Flask, Response, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard import areas, store
from dashboard.components.embed import BUILDER, TARGET_PARAM, parse_target
from dashboard.i18n import lang_of, t
from dashboard.layout import store_error
from dashboard.markup import to_html
from dashboard.state import parse_code

log = logging.getLogger(__name__)

#: Dash's index routes: every page address (and every unknown one) is served by these.
INDEX_ENDPOINTS = ("/", "/<path:path>")
#: Marks a request for an address no page has.
NOT_FOUND_KEY = "fotavtrykk.not_found"
#: How long a client or load balancer should wait before asking a store that was down again.
RETRY_AFTER_S = 30

DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Folkets Fotavtrykk</title><link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/assets/style.css"></head>
<body><div id="react-entry-point">{body}</div></body>
</html>"""


def is_page_request() -> bool:
    """Whether this request is for a page's HTML (not a callback, asset or data route)."""
    return request.method == "GET" and request.endpoint in INDEX_ENDPOINTS


def _pattern(entry: dict) -> re.Pattern:
    template = entry.get("path_template") or entry["path"]
    parts = re.split(r"<[^>]+>", template)
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")


def is_known_page(path: str) -> bool:
    """Whether a registered page has this address (Dash ignores a trailing slash)."""
    path = path.rstrip("/") or "/"
    return any(_pattern(entry).match(path) for entry in dash.page_registry.values()
               if entry["path"] != "/404")


def is_unknown_area(path: str) -> bool:
    """Whether this is an area page's address (or its embed) naming a code the pack does not
    have at that level: /kommune/9999 or /fylke/99 is an address no page has, though its
    pattern matches."""
    found = areas.parse_area_path(path.rstrip("/"))
    return found is not None and not found[1]


def is_unknown_embed(path: str) -> bool:
    """Whether this is the embed builder asked for an embed that does not exist (?vis=junk,
    or an area code the pack does not have): its notice is a not-found page."""
    if path.rstrip("/") != BUILDER:
        return False
    target, code = parse_target(request.args.get(TARGET_PARAM, ""))
    return target is None or (target.kind == "area" and not parse_code(code))


def error_page(status: int, lang: str, title: str, body) -> Response:
    """A whole page, header to footer, as plain HTML with the given status."""
    html = DOCUMENT.format(lang=lang, title=escape(title), body=to_html(body))
    return Response(html, status=status, mimetype="text/html")


def unavailable() -> Response:
    """503 for a store that cannot answer: a page for page requests, one line for the rest."""
    if is_page_request():
        lang = lang_of(request.args.get("lang"))
        response = error_page(503, lang, t("error.title", lang),
                              store_error(lang, request.path.rstrip("/") or "/"))
    else:
        response = Response("store temporarily unavailable\n", status=503,
                            mimetype="text/plain")
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def check_page() -> Response | None:
    """Before a page: 404 for unknown addresses, 503 when the store does not answer (asked
    once; the page's own layout reuses the answer within the request)."""
    if not is_page_request():
        return None
    if not is_known_page(request.path) or is_unknown_area(request.path) \
            or is_unknown_embed(request.path):
        request.environ[NOT_FOUND_KEY] = True
        return None  # Dash draws the not-found page; `set_not_found` gives it its status
    try:
        store.current_release()
    except store.StoreUnavailable as exc:
        log.warning("page %s: %s", request.path, exc)
        return unavailable()
    return None


def is_not_found() -> bool:
    return bool(request.environ.get(NOT_FOUND_KEY))


def set_not_found(response: Response) -> Response:
    if is_not_found() and response.status_code == 200:
        response.status_code = 404
    return response


def store_failed(exc: SQLAlchemyError) -> Response:
    """Any store error that reaches Flask (a callback, a CSV): 503, logged in one line."""
    log.warning("%s %s: store error %s", request.method, request.path, type(exc).__name__)
    return unavailable()


def register(server: Flask) -> None:
    server.before_request(check_page)
    server.after_request(set_not_found)
    server.register_error_handler(SQLAlchemyError, store_failed)
