"""Horizontal scale: two app instances (gunicorn) on different ports, one PostgreSQL, one
Redis, give identical answers, share what they render, and both serve a new release within
the time the README promises (dashboard/release_watch.py: about one second)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import create_engine, text

from core.settings import get_settings
from dashboard.release_watch import CHECK_S
from tests.conftest import publish_demo
from tests.dashboard.test_inputs import MAP

#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("FOTAVTRYKK_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
#: The promise plus room for a loaded test machine (polling, a worker busy rendering).
PICKUP_S = CHECK_S + 2.0
#: One address in front of both, as behind a load balancer (Dash writes the page's own URL,
#: host included, into its meta tags, so the host is part of every page's answer).
HOST = "fotavtrykk.example"
PATHS = ("/", "/?lang=en", "/kommune/5001", "/data/kart.csv", "/api/v1/latest",
         "/api/v1/series?area=5001&category=total", "/_dash-layout")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable: {exc}")


def _start(port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--port", str(port),
                             "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).ok:
                return proc
        except requests.RequestException:
            assert proc.poll() is None, "gunicorn exited"
        time.sleep(0.3)
    proc.terminate()
    raise AssertionError("no answer within 90 s")


@pytest.fixture
def two_instances(tmp_path, postgres_url) -> Iterator[tuple]:
    _redis_or_skip()
    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    publish_demo(settings, n_rows=3_000)
    env = {**os.environ, "DATABASE_URL": postgres_url, "FOTAVTRYKK_CACHE_URL": REDIS_URL,
           "FOTAVTRYKK_DATA_DIR": str(settings.data_dir), "GUNICORN_CMD_ARGS": "--max-requests 0"}
    ports = [_free_port(), _free_port()]
    procs = []
    try:
        for port in ports:
            procs.append(_start(port, env))
        yield settings, [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def _answer(base: str, path: str) -> requests.Response:
    headers = {"Host": HOST}
    if path == "/_dash-update-component":
        response = requests.post(base + path, json=MAP, headers=headers, timeout=30)
    else:
        response = requests.get(base + path, headers=headers, timeout=30)
    assert response.status_code == 200, (base, path, response.status_code)
    return response


def test_two_instances_answer_alike_and_both_pick_up_a_new_release(two_instances):
    settings, (one, two) = two_instances
    for path in (*PATHS, "/_dash-update-component"):
        a, b = _answer(one, path), _answer(two, path)
        assert a.content == b.content, path
        assert a.headers.get("ETag") == b.headers.get("ETag"), path
        # what one instance rendered, the other serves from Redis
        assert b.headers["X-Cache"] == "hit", path

    before = _answer(one, "/api/v1/release").json()["run_id"]
    seen: dict[str, float] = {}
    committed: list[float] = []
    stop = threading.Event()

    def watch_store() -> None:
        engine = create_engine(settings.db_url)
        while not stop.is_set() and not committed:
            with engine.connect() as conn:
                if conn.execute(text("SELECT run_id FROM release")).scalar() != before:
                    committed.append(time.monotonic())
            time.sleep(0.02)
        engine.dispose()

    def watch_site(base: str) -> None:
        while not stop.is_set() and base not in seen:
            body = _answer(base, "/api/v1/release").json()
            if body["run_id"] != before:
                seen[base] = time.monotonic()
            time.sleep(0.05)

    threads = [threading.Thread(target=watch_store)] + \
        [threading.Thread(target=watch_site, args=(b,)) for b in (one, two)]
    for thread in threads:
        thread.start()
    publish_demo(settings, n_rows=3_000, seed=11)
    deadline = time.monotonic() + 30
    while len(seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert committed and len(seen) == 2, (committed, seen)
    lags = {base: round(at - committed[0], 2) for base, at in seen.items()}
    print(f"new release served after {lags} s (from the commit seen in the store)")
    assert all(lag <= PICKUP_S for lag in lags.values()), lags
    # Each worker checks the release on its own: once the documented pickup time has passed
    # since the commit, every worker of both instances serves the new release.
    time.sleep(max(0.0, committed[0] + PICKUP_S - time.monotonic()))
    for path in PATHS:  # the new release, still alike
        assert _answer(one, path).content == _answer(two, path).content, path
    assert json.loads(_answer(two, "/api/v1/release").content)["run_id"] != before
