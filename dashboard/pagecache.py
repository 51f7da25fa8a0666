"""Render once per release: a WSGI layer in front of the whole app that keeps every answer
which depends only on the release and the request — pages, Dash's layout and dependencies,
the map's update callbacks (a POST, keyed by its body), the CSV downloads, the API — and
serves it again without running Flask, Dash or a query.

Why this is safe:
- the key names the release (dashboard/release_watch.py), the method, host, path, query
  and the POST body; the language is in the URL (`?lang=`), the app reads no cookie and no
  Accept-Language, so nothing else changes an answer;
- only whole 200 answers without Set-Cookie, `private` or `no-store` are kept: a 404, a 503
  or a 204 is rendered every time, and so are /healthz, /readyz and the streamed bulk files;
- the Content-Security-Policy names each inline script by its hash, not by a nonce
  (dashboard/headers.py), so a kept page and its policy stay valid together;
- Dash writes a signed per-render token (`end_id`) into each page; it binds background
  callbacks' handles to a page load, and everyone served a kept page shares it. The app
  has no background callbacks; one that is added must not rely on that token being
  per visitor;
- the body is gzipped once (without a timestamp, so every instance sends the same bytes)
  and sent as is to clients that take gzip; each answer has an `ETag`, and a client or a
  CDN that holds it gets 304.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import os
import threading
from collections.abc import Callable, Iterable

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import is_resource_modified, parse_accept_header

from dashboard import warm
from dashboard.pagestore import MAX_ENTRY_BYTES, Entry, PageStore
from dashboard.release_watch import ReleaseWatch
from dashboard.store import RELEASE_KEY

log = logging.getLogger(__name__)

#: Never kept: probes must reach the app, the bulk files stream, the search redirects,
#: static files are served from disk with their own long-lived headers.
NEVER = ("/healthz", "/readyz", "/api/v1/bulk", "/finn", "/assets/",
         "/_dash-component-suites/", "/_reload-hash", "/_alive")
#: The only POST kept: Dash callbacks, whose answer follows from the body and the release.
CALLBACK = "/_dash-update-component"
MAX_BODY = 64 * 1024
#: Request headers the app must not see when it renders an answer to keep: the answer is
#: kept whole and uncompressed, whatever this one client holds or accepts.
STRIP = ("HTTP_ACCEPT_ENCODING", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
         "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")
#: Response headers recomputed on every send.
DROP = {"content-length", "content-encoding", "transfer-encoding", "etag", "vary", "date",
        "connection", "x-cache"}
#: How long a follower waits for the request already rendering the same answer.
RENDER_WAIT_S = 10.0
KEEP_S = int(os.environ.get("FOTAVTRYKK_PAGE_CACHE_TIMEOUT", str(24 * 3600)))

Start = Callable[..., Callable]


def key_of(token: str, environ: dict, body: bytes) -> str:
    method = "GET" if environ["REQUEST_METHOD"] == "HEAD" else environ["REQUEST_METHOD"]
    parts = (token, method, environ.get("wsgi.url_scheme", "http"),
             environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
             environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
             environ.get("QUERY_STRING", ""))
    digest = hashlib.sha256("\0".join(parts).encode())
    digest.update(b"\0" + body)
    return "page:" + digest.hexdigest()


def wanted(method: str, path: str) -> bool:
    """Whether a request's answer may be kept (its response decides the rest)."""
    if path.startswith(NEVER):
        return False
    return method in ("GET", "HEAD") or (method == "POST" and path == CALLBACK)


def accepts_gzip(environ: dict) -> bool:
    value = environ.get("HTTP_ACCEPT_ENCODING", "")
    if ";" not in value:  # the common case, without parsing: "gzip, deflate, br"
        return "gzip" in value.lower() or "*" in value
    return parse_accept_header(value).quality("gzip") > 0


def _read_body(environ: dict) -> bytes | None:
    try:  # no length (a chunked body) or a long one: the app reads it, nothing is kept
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    if not 0 <= length <= MAX_BODY:
        return None
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)  # the app reads it again on a miss
    return body


def _keepable(status: str, headers: list[tuple[str, str]], size: int) -> bool:
    if not status.startswith("200") or size > MAX_ENTRY_BYTES:
        return False
    names = {k.lower(): v.lower() for k, v in headers}
    control = names.get("cache-control", "")
    return "set-cookie" not in names and "content-encoding" not in names and \
        "no-store" not in control and "private" not in control


class PageCache:
    """The WSGI layer; `app` is Flask's own wsgi_app."""

    def __init__(self, app: Callable, store: PageStore, watch: ReleaseWatch,
                 warm_after_publish: bool = False) -> None:
        self.app = app
        self.server = getattr(app, "__self__", None)  # the Flask app, for warming
        self.store = store
        self.watch = watch
        self.warm_after_publish = warm_after_publish
        self._lock = threading.Lock()
        self._inflight: dict[str, threading.Event] = {}
        self._seen: str | None = None

    def __call__(self, environ: dict, start_response: Start) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if not wanted(method, path):
            return self.app(environ, start_response)
        try:
            token = self.watch.token()
        except SQLAlchemyError as exc:
            # the app's own check of the store reads this answer instead of waiting again
            environ[RELEASE_KEY] = exc
            return self.app(environ, start_response)
        if token is None:
            return self.app(environ, start_response)
        if token != self._seen:
            self._new_release(token, environ)
        body = _read_body(environ) if method == "POST" else b""
        if body is None:
            return self.app(environ, start_response)
        key = key_of(token, environ, body)
        entry = self.store.get(key)
        state = "hit"
        if entry is None:
            if method == "HEAD":
                return self.app(environ, start_response)
            entry, raw = self._render_once(key, environ, body)
            state = "miss"
            if entry is None:  # not to be kept: send it as the app made it
                status, headers, data = raw
                start_response(status, headers)
                return [data]
        return self._send(entry, environ, start_response, state)

    def _new_release(self, token: str, environ: dict) -> None:
        with self._lock:
            if token == self._seen:
                return
            self._seen = token
        if self.warm_after_publish and self.store.add(f"warm:{token}", "1", KEEP_S):
            warm.start(self, token, environ)

    def _render_once(self, key: str, environ: dict, body: bytes):
        """Render, or wait for the request already rendering the same answer, so a spike
        on a page not yet kept costs one render per worker, not one per request."""
        with self._lock:
            running = self._inflight.get(key)
            if running is None:
                self._inflight[key] = threading.Event()
        if running is not None:
            running.wait(RENDER_WAIT_S)
            entry = self.store.get(key)
            if entry is not None:
                return entry, None
        try:
            return self._render(key, environ, body)
        finally:
            if running is None:
                with self._lock:
                    self._inflight.pop(key).set()

    def _render(self, key: str, environ: dict, body: bytes):
        inner = {k: v for k, v in environ.items() if k not in STRIP}
        inner["wsgi.input"] = io.BytesIO(body)
        seen: dict = {}

        def start(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return lambda data: chunks.append(data)

        chunks: list[bytes] = []
        result = self.app(inner, start)
        try:
            chunks.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        data = b"".join(chunks)
        status, headers = seen["status"], list(seen["headers"])
        if not _keepable(status, headers, len(data)):
            return None, (status, headers, data)
        kept = tuple((k, v) for k, v in headers if k.lower() not in DROP)
        etag = next((v for k, v in headers if k.lower() == "etag"), None) or \
            f'W/"{hashlib.sha256(data).hexdigest()[:24]}"'
        entry = Entry(status, kept, gzip.compress(data, compresslevel=6, mtime=0), etag,
                      len(data))
        return self.store.set(key, entry, KEEP_S), None

    def _send(self, entry: Entry, environ: dict, start_response: Start,
              state: str) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        common = [("ETag", entry.etag), ("Vary", "Accept-Encoding"), ("X-Cache", state)]
        if method in ("GET", "HEAD") and not is_resource_modified(
                environ, etag=entry.etag, last_modified=entry.header("Last-Modified")):
            keep = [(k, v) for k, v in entry.headers
                    if k.lower() in ("cache-control", "last-modified", "expires")]
            start_response("304 Not Modified", keep + common)
            return []
        if accepts_gzip(environ):
            data, coding = entry.gzipped, [("Content-Encoding", "gzip")]
        else:
            data, coding = gzip.decompress(entry.gzipped), []
        start_response(entry.status, [*entry.headers, *common, *coding,
                                      ("Content-Length", str(len(data)))])
        return [] if method == "HEAD" else [data]


def install(server, shared=None, local_stores: list | None = None) -> None:
    """Put the page cache in front of `server` (off with FOTAVTRYKK_PAGE_CACHE=0); warm
    after a publish when the cache is shared (FOTAVTRYKK_WARM overrides: 1 or 0).
    `local_stores` collects the in-process store, so clearing the cache clears it too."""
    if os.environ.get("FOTAVTRYKK_PAGE_CACHE", "1") == "0":
        return
    flag = os.environ.get("FOTAVTRYKK_WARM", "")
    warm_on = flag == "1" or (flag == "" and shared is not None)
    store = PageStore(shared)
    if local_stores is not None:
        local_stores.append(store.local)
    server.wsgi_app = PageCache(server.wsgi_app, store, ReleaseWatch(), warm_on)
