"""A pooled PostgreSQL connection whose server stops answering: libpq has no client-side
query timeout, so without a watchdog the request waits for gunicorn to kill the worker. With
it the page answers 503 within seconds, and the site is back by itself when the server is."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.dashboard.conftest import proxied_release

#: The issue's bound: a store that never answers must cost a visitor seconds, not minutes.
ANSWER_WITHIN_S = 5


class FreezableProxy:
    """A TCP proxy on 127.0.0.1 in front of PostgreSQL that can stop forwarding (a hung
    server: the sockets stay open and the kernel keeps acknowledging) and start again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                self.forwarding.wait()  # frozen: hold the bytes, answer nothing
                dst.sendall(data)
        except OSError:
            pass
        finally:
            dst.close()

    def close(self) -> None:
        self.forwarding.set()
        self.listener.close()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def proxy() -> Iterator[FreezableProxy]:
    server = FreezableProxy(("127.0.0.1", 5432))
    yield server
    server.close()


@pytest.fixture
def proxied_store(tmp_path, postgres_url, proxy, monkeypatch) -> str:
    """A published release in a fresh schema, which the web tier reads through the proxy."""
    return proxied_release(tmp_path, postgres_url, proxy.port, monkeypatch)


@pytest.mark.slow
def test_without_a_watchdog_a_frozen_server_holds_a_query_past_the_bound(proxied_store,
                                                                         proxy):
    """The guard: libpq really waits, whatever the server-side statement_timeout says."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(proxied_store)
    conn = psycopg.connect(host="127.0.0.1", port=proxy.port, user=url.username,
                           dbname=url.database, options="-c statement_timeout=1000")
    conn.execute("SELECT 1")
    proxy.forwarding.clear()
    done = threading.Event()
    threading.Thread(target=lambda: (conn.execute("SELECT 1"), done.set()),
                     daemon=True).start()
    assert not done.wait(ANSWER_WITHIN_S + 1)  # still waiting
    proxy.forwarding.set()
    assert done.wait(ANSWER_WITHIN_S)
    conn.close()


def test_a_frozen_pooled_connection_costs_a_503_within_seconds_and_heals(proxied_store,
                                                                         proxy):
    from dashboard.app import server

    client = server.test_client()
    assert client.get("/").status_code == 200  # the pool now holds a connection
    proxy.forwarding.clear()
    # Pages not rendered for this release need the store: they answer 503 within the
    # bound. (A page already rendered may be served for up to a second, until the page
    # cache's check of the current release fails too.)
    for path in ("/kommune/5001-trondheim", "/fylke/50"):
        start = time.monotonic()
        response = client.get(path)
        took = time.monotonic() - start
        assert response.status_code == 503, path
        assert took < ANSWER_WITHIN_S, (path, took)
    proxy.forwarding.set()
    response = client.get("/kommune/5001-trondheim")
    assert response.status_code == 200 and "Trondheim" in response.get_data(as_text=True)
