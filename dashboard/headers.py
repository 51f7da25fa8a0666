"""Security and caching headers on every response.

The Content-Security-Policy allows scripts from this site only, plus the exact inline scripts
each page carries, by their hashes (computed from the page as sent, so a page can never run
an inline script the server did not write). Checked against Dash 4.4.1, which needs:

- inline scripts for its renderer and our after-paint loader (dashboard/document.py): hashed;
- `blob:` scripts: the loader runs Dash's inline clientside-callback script through a blob
  URL, since it must wait in a `<template>` until the first paint (only code already running
  on the page can make a blob);
- `style-src 'unsafe-inline'`: React and plotly.js set style attributes, and the page sent
  rendered carries them too; styles cannot run code;
- `img-src data:` for plotly.js's image export and icons.

Framing is refused (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) except for the embed
pages, made to be framed by anyone. Pages may be kept by a CDN for five minutes (a release
changes once a night); errors briefly (404) or not at all (5xx).
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from flask import Flask, Response, request

from dashboard.status import is_not_found, is_page_request

#: Script types a browser runs (a JSON data block like Dash's config is not run).
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
PAGE_CACHE = "public, max-age=300, stale-while-revalidate=60"
NOT_FOUND_CACHE = "public, max-age=60"
EMBED_PREFIX = "/embed/"


class _InlineScripts(HTMLParser):
    """The text of every inline script a browser would run, as sent."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and \
                (attrs.get("type") or "").lower() in SCRIPT_TYPES:
            self._open = []

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def script_hashes(html: str) -> list[str]:
    """CSP hash sources for the page's inline scripts."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
            for s in dict.fromkeys(parser.scripts)]


def policy(hashes: list[str], embed: bool) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", "blob:", *hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "frame-src": "'self'",  # the municipality page frames its district map
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "*" if embed else "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_headers(response: Response) -> Response:
    embed = request.path.startswith(EMBED_PREFIX)
    hashes = []
    if response.mimetype == "text/html" and not response.direct_passthrough \
            and not response.is_streamed:
        hashes = script_hashes(response.get_data(as_text=True))
    response.headers["Content-Security-Policy"] = policy(hashes, embed)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if not embed:
        response.headers["X-Frame-Options"] = "DENY"
    if response.status_code >= 500:
        response.headers["Cache-Control"] = "no-store"
    elif is_page_request():  # (a 404's status is set after this hook: see status.py)
        response.headers["Cache-Control"] = \
            NOT_FOUND_CACHE if is_not_found() or response.status_code != 200 else PAGE_CACHE
    return response


def register(server: Flask) -> None:
    """Registered after Flask-Compress: Flask runs the last registered hook first, so the
    page is read here before it is compressed."""
    server.after_request(add_headers)
