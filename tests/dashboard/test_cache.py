"""The shared cache: Redis when configured, in-process otherwise, keyed by the release."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from dashboard import cache, store


def test_redis_when_a_cache_url_is_set_else_in_process():
    assert cache.config("redis://127.0.0.1:6379/0", 60)["CACHE_TYPE"] == "RedisCache"
    assert cache.config("", 60)["CACHE_TYPE"] == "SimpleCache"


def test_cached_queries_are_keyed_by_the_release(app):
    rel = store.current_release()
    first = store.area_table(rel.run_id, "fylke")
    assert len(first) == 15
    # another run id is another key: a new release never reads the old one's entries
    assert store.area_table(rel.run_id + 1, "fylke").empty
    assert len(store.area_table(rel.run_id, "fylke")) == 15


def _copy_with(demo_store, path: Path, name: str, published_at: str) -> str:
    """A copy of the demo store (run id 1 too) with Oslo renamed and its own publish time."""
    shutil.copy(Path(demo_store.db_url.split("///", 1)[1]), path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE areas SET name = ? WHERE code = '0301'", (name,))
        conn.execute("UPDATE release SET published_at = ?", (published_at,))
    return f"sqlite:///{path}"


def _oslo(app) -> str:
    rel = store.current_release()
    table = store.area_table(rel.run_id, "kommune")
    return table.loc[table["code"] == "0301", "name"].iloc[0]


def test_two_stores_at_the_same_run_id_never_share_entries(app, demo_store, tmp_path,
                                                          monkeypatch):
    first = _copy_with(demo_store, tmp_path / "a.sqlite", "Oslo A", "2026-11-01 02:30:00")
    second = _copy_with(demo_store, tmp_path / "b.sqlite", "Oslo B", "2026-11-01 02:30:00")
    monkeypatch.setenv("DATABASE_URL", first)
    assert store.current_release().run_id == 1 and _oslo(app) == "Oslo A"
    monkeypatch.setenv("DATABASE_URL", second)  # another site on the same Redis
    assert store.current_release().run_id == 1 and _oslo(app) == "Oslo B"


def test_a_recreated_store_is_not_served_from_the_old_ones_entries(app, demo_store, tmp_path,
                                                                   monkeypatch):
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("DATABASE_URL", _copy_with(demo_store, path, "Oslo gammel",
                                                  "2026-11-01 02:30:00"))
    assert _oslo(app) == "Oslo gammel"
    path.unlink()  # restored from scratch: run id 1 again, same address, new numbers
    _copy_with(demo_store, path, "Oslo ny", "2026-11-20 02:30:00")
    assert store.current_release().run_id == 1 and _oslo(app) == "Oslo ny"
