"""The web tier when the store is down: 503 within seconds, and back by itself when it is up;
"no numbers published yet" stays a 200 page of its own."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.dashboard.conftest import proxied_release
from tests.dashboard.test_inputs import TREND

#: The issue's bound: a store that never answers must cost a visitor seconds, not minutes.
#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow


ANSWER_WITHIN_S = 5


class Blackhole:
    """A TCP server on 127.0.0.1 that accepts connections and never answers (a hung
    database), or, once `forward_to` is set, passes them on to a real server."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.forward_to: tuple[str, int] | None = None
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if self.forward_to is None:
                self.held.append(client)  # accepted, never answered
                continue
            upstream = socket.create_connection(self.forward_to)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/test"

    def close(self) -> None:
        self.sock.close()
        for client in self.held:
            client.close()


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        dst.close()


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    server = Blackhole()
    yield server
    server.close()


def _timed_get(client, path: str):
    start = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - start


def test_a_store_that_never_answers_gets_a_503_page_within_seconds(app, blackhole,
                                                                    monkeypatch):
    client = app.test_client()
    assert client.get("/").status_code == 200  # the working store, first
    monkeypatch.setenv("DATABASE_URL", blackhole.url())
    for path in ("/", "/kommune/5001-trondheim?lang=en", "/sammenlign"):
        response, took = _timed_get(client, path)
        assert response.status_code == 503, path
        assert took < ANSWER_WITHIN_S, (path, took)
        assert response.headers["Retry-After"]
        page = response.get_data(as_text=True)
        assert ("Noe gikk galt" in page or "Something went wrong" in page) and \
            "Ingen tall publisert" not in page


def test_data_routes_and_callbacks_answer_503_while_the_store_is_down(app, blackhole,
                                                                        monkeypatch):
    client = app.test_client()
    monkeypatch.setenv("DATABASE_URL", blackhole.url())
    response, took = _timed_get(client, "/data/kommune/5001.csv")
    assert response.status_code == 503 and took < ANSWER_WITHIN_S
    assert client.get("/data/kart.csv").status_code == 503
    start = time.monotonic()
    response = client.post("/_dash-update-component", json=TREND)
    assert response.status_code == 503 and time.monotonic() - start < ANSWER_WITHIN_S


def test_the_site_is_back_when_the_store_is(app, blackhole, monkeypatch, demo_store):
    client = app.test_client()
    monkeypatch.setenv("DATABASE_URL", blackhole.url())
    assert client.get("/").status_code == 503
    monkeypatch.setenv("DATABASE_URL", demo_store.db_url)
    response = client.get("/")
    assert response.status_code == 200 and "Trondheim" in response.get_data(as_text=True)


def test_a_hung_postgresql_recovers_at_the_same_address(tmp_path, postgres_url, blackhole,
                                                        monkeypatch):
    """The address does not change: the server hangs, then answers again."""
    from dashboard.app import server

    proxied_release(tmp_path, postgres_url, blackhole.port, monkeypatch)
    client = server.test_client()
    response, took = _timed_get(client, "/")
    assert response.status_code == 503 and took < ANSWER_WITHIN_S
    blackhole.forward_to = ("127.0.0.1", 5432)
    response = client.get("/kommune/5001-trondheim")
    assert response.status_code == 200 and "Trondheim" in response.get_data(as_text=True)


def test_before_the_first_release_pages_say_so_with_200(empty_app):
    response = empty_app.test_client().get("/")
    assert response.status_code == 200
    assert "Ingen tall publisert ennå" in response.get_data(as_text=True)


def test_a_postgresql_store_without_tables_is_not_published_yet(postgres_url, monkeypatch,
                                                                empty_app):
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    response = empty_app.test_client().get("/")
    assert response.status_code == 200
    assert "Ingen tall publisert ennå" in response.get_data(as_text=True)


def test_the_web_tiers_engines_carry_their_timeouts(tmp_path, postgres_url):
    from sqlalchemy import text

    from core.store.db import make_engine

    writer = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with writer.connect() as conn:  # the ETL would rather wait than fail a night's run
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    lite = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}", read_only=True,
                       statement_timeout_s=2)
    with lite.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 2000
    pg = make_engine(postgres_url, read_only=True, connect_timeout_s=3, statement_timeout_s=5)
    with pg.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "5s"
        # the URL's own options (here the test's schema) are kept beside the timeout
        assert conn.execute(text("SHOW search_path")).scalar().startswith("t_")
    for engine in (lite, writer, pg):
        engine.dispose()
