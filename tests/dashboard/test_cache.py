"""The shared cache: Redis when configured, in-process otherwise, keyed by the release."""

from __future__ import annotations

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
