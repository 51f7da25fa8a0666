"""The page cache: rendered once per release and request, served again without the app;
errors never kept; gzip and ETag/304 for clients and CDNs; shared between workers through
Redis."""

from __future__ import annotations

import gzip
import io
import json
import uuid

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Response

from dashboard.pagecache import PageCache
from dashboard.pagestore import Entry, LocalStore, PageStore


class Watch:
    """A release that changes when the test says so."""

    def __init__(self, token: str | None = "store:1:2026-11-15") -> None:
        self.value = token

    def token(self) -> str | None:
        return self.value


class Counting:
    """A WSGI app answering from a script, counting how often it had to render."""

    def __init__(self, status: int = 200, headers: dict | None = None) -> None:
        self.calls = 0
        self.status = status
        self.headers = headers or {}

    def __call__(self, environ, start_response):
        self.calls += 1
        body = environ["wsgi.input"].read()
        text = f"{environ['PATH_INFO']}?{environ['QUERY_STRING']} {body!r} #{self.calls}"
        response = Response(text * 50, status=self.status, headers=self.headers,
                            mimetype="text/html")
        return response(environ, start_response)


def client_for(inner, watch=None, shared=None) -> tuple[Client, PageCache]:
    cache = PageCache(inner, PageStore(shared), watch or Watch())
    return Client(cache), cache


def redis_backend():
    redis = pytest.importorskip("redis")
    from flask_caching.backends.rediscache import RedisCache

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    return RedisCache(host="127.0.0.1", port=6379, key_prefix=f"test-{uuid.uuid4().hex}:")


# --- the layer itself, in front of a scripted app --------------------------------------

def test_an_answer_is_rendered_once_then_served_as_kept():
    inner = Counting()
    client, _ = client_for(inner)
    first, second = client.get("/kommune/0301"), client.get("/kommune/0301")
    assert inner.calls == 1
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert first.get_data() == second.get_data()


def test_the_key_holds_the_query_and_so_the_language():
    inner = Counting()
    client, _ = client_for(inner)
    nb, en = client.get("/"), client.get("/?lang=en")
    assert inner.calls == 2 and nb.get_data() != en.get_data()
    assert client.get("/?lang=en").get_data() == en.get_data() and inner.calls == 2


def test_a_new_release_is_rendered_anew():
    inner, watch = Counting(), Watch()
    client, _ = client_for(inner, watch)
    old = client.get("/").get_data()
    watch.value = "store:2:2026-11-16"
    new = client.get("/")
    assert inner.calls == 2 and new.headers["X-Cache"] == "miss" and new.get_data() != old


@pytest.mark.parametrize("status", [404, 503, 500, 204, 302])
def test_other_answers_than_200_are_never_kept(status):
    inner = Counting(status=status)
    client, _ = client_for(inner)
    for _ in range(3):
        assert client.get("/nowhere").status_code == status
    assert inner.calls == 3


def test_private_answers_and_cookies_are_never_kept():
    for headers in ({"Set-Cookie": "a=b"}, {"Cache-Control": "private"},
                    {"Cache-Control": "no-store"}):
        inner = Counting(headers=headers)
        client, _ = client_for(inner)
        client.get("/"), client.get("/")
        assert inner.calls == 2, headers


def test_probes_and_bulk_files_always_reach_the_app():
    inner = Counting()
    client, _ = client_for(inner)
    for path in ("/healthz", "/readyz", "/api/v1/bulk.csv"):
        client.get(path), client.get(path)
    assert inner.calls == 6


def test_without_a_release_nothing_is_kept():
    inner = Counting()
    client, _ = client_for(inner, Watch(None))
    client.get("/"), client.get("/")
    assert inner.calls == 2


def test_callbacks_are_kept_by_their_body():
    inner = Counting()
    client, _ = client_for(inner)
    a, b = json.dumps({"period": 3}), json.dumps({"period": 4})
    first = client.post("/_dash-update-component", data=a, content_type="application/json")
    client.post("/_dash-update-component", data=b, content_type="application/json")
    again = client.post("/_dash-update-component", data=a, content_type="application/json")
    assert inner.calls == 2 and again.get_data() == first.get_data()
    assert b"period" in first.get_data()  # the app read the body on the miss
    client.post("/other", data=a), client.post("/other", data=a)
    assert inner.calls == 4  # no other POST is kept


def test_gzip_is_stored_once_and_sent_to_those_who_take_it():
    client, _ = client_for(Counting())
    plain = client.get("/")
    zipped = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert int(zipped.headers["Content-Length"]) < len(plain.get_data())
    assert "Accept-Encoding" in zipped.headers["Vary"]


def test_a_client_refusing_gzip_gets_plain_bytes():
    client, _ = client_for(Counting())
    client.get("/")
    refused = client.get("/", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in refused.headers and b"#1" in refused.get_data()


def test_a_callback_without_a_length_reaches_the_app_untouched():
    inner = Counting()
    cache = PageCache(inner, PageStore(), Watch())
    for _ in range(2):
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/_dash-update-component",
                   "QUERY_STRING": "", "wsgi.input": io.BytesIO(b'{"a": 1}'),
                   "SERVER_NAME": "x", "SERVER_PORT": "80", "wsgi.url_scheme": "http"}
        assert b"{" in b"".join(cache(environ, lambda *a: None))
    assert inner.calls == 2


def test_etag_gives_304_to_a_client_holding_the_answer():
    inner = Counting()
    client, _ = client_for(inner)
    etag = client.get("/").headers["ETag"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and inner.calls == 1
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_workers_share_answers_through_redis():
    shared = redis_backend()
    inner = Counting()
    one, _ = client_for(inner, shared=shared)
    two, _ = client_for(inner, shared=shared)  # another worker: its own memory
    first = one.get("/kommune/0301")
    other = two.get("/kommune/0301")
    assert inner.calls == 1 and other.headers["X-Cache"] == "hit"
    assert other.get_data() == first.get_data() and other.headers["ETag"] == \
        first.headers["ETag"]
    shared.clear()


def test_the_first_answer_kept_is_the_one_every_worker_sends():
    """Two workers rendering one page at once get different bytes (Dash signs a token per
    render); both then send the first one kept."""
    shared = redis_backend()
    one, two = PageStore(shared), PageStore(shared)
    first = Entry("200 OK", (), b"first", '"1"', 5)
    assert one.set("page:k", first, 60) == first
    assert two.set("page:k", Entry("200 OK", (), b"second", '"2"', 6), 60) == first
    assert two.get("page:k") == first and one.get("page:k") == first
    shared.clear()


def test_the_in_process_store_stays_within_its_budget():
    store = LocalStore(budget_bytes=10_000)
    for n in range(50):
        store.set(f"k{n}", Entry("200 OK", (), b"x" * 1000, '"e"', 1000))
    assert store.used <= 10_000 and store.get("k49") is not None and store.get("k0") is None
