"""Dashboard fixtures: the app pointed at a store through the environment, cache cleared."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest


def _point_at(monkeypatch, db_url: str, data_dir: Path) -> Iterator:
    from dashboard.app import server
    from dashboard.cache import cache

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("FOTAVTRYKK_DATA_DIR", str(data_dir))
    with server.app_context():
        cache.clear()
        yield server
        cache.clear()


@pytest.fixture
def app(demo_store, monkeypatch) -> Iterator:
    """The Flask server reading the demo store."""
    yield from _point_at(monkeypatch, demo_store.db_url, demo_store.data_dir)


@pytest.fixture
def empty_app(tmp_path, monkeypatch) -> Iterator:
    """The server before the first ETL run: no store file at all."""
    yield from _point_at(monkeypatch, f"sqlite:///{tmp_path / 'none' / 'store.sqlite'}", tmp_path)


@pytest.fixture
def broken_release_app(demo_store, tmp_path, monkeypatch) -> Iterator:
    """A store whose release points at a run with no rows (e.g. pruned mid-release)."""
    path = Path(demo_store.db_url.split("///", 1)[1])
    copy = tmp_path / "store.sqlite"
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE release SET run_id = 999")
    yield from _point_at(monkeypatch, f"sqlite:///{copy}", tmp_path)


def proxied_release(tmp_path: Path, postgres_url: str, port: int, monkeypatch) -> str:
    """Publish a small release in `postgres_url` and point the web tier at it through a
    stand-in server on `port` (which tests freeze, black-hole or forward); the proxied URL."""
    from core.settings import get_settings
    from dashboard.app import server
    from dashboard.cache import cache
    from tests.conftest import publish_demo

    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    publish_demo(settings, n_rows=3_000)
    proxied = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{port}")
    assert proxied != postgres_url
    monkeypatch.setenv("DATABASE_URL", proxied)
    monkeypatch.setenv("FOTAVTRYKK_DATA_DIR", str(settings.data_dir))
    with server.app_context():
        cache.clear()
    return proxied
