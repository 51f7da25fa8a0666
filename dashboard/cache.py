"""The shared cache: Redis when FOTAVTRYKK_CACHE_URL is set, in-process otherwise.

Every cached query takes the published run_id as an argument and dashboard/store.py adds
the store's identity (its URL, hashed, and when its release was published) to each key, so
a new release, a store recreated from scratch or another site on the same Redis gets keys
of its own, and stale entries simply expire.
"""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

from core.settings import get_settings


class SiteCache(Cache):
    """Flask-Caching's cache, whose `clear()` also empties the page cache's in-process
    stores (dashboard/pagestore.py): clearing the cache means every kept answer."""

    def __init__(self) -> None:
        super().__init__()
        self.local_stores: list = []

    def clear(self) -> bool:
        for store in self.local_stores:
            store.clear()
        return super().clear()


cache = SiteCache()


def config(cache_url: str, timeout: int) -> dict:
    """Flask-Caching configuration for a cache URL (empty: a simple per-process cache)."""
    if cache_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": cache_url,
                "CACHE_KEY_PREFIX": "fotavtrykk:", "CACHE_DEFAULT_TIMEOUT": timeout}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000,
            "CACHE_DEFAULT_TIMEOUT": timeout}


def init(server: Flask) -> None:
    settings = get_settings()
    cache.init_app(server, config=config(settings.cache_url, settings.cache_timeout))


def shared_backend(server: Flask):
    """The backend every worker and instance shares (Redis), or None for a per-process one."""
    if not get_settings().cache_url:
        return None
    with server.app_context():
        return cache.cache
