"""Where rendered answers are kept: a bounded in-process store in every worker, in front of
the shared cache (Redis when FOTAVTRYKK_CACHE_URL is set) that every worker and instance
reads, so a page rendered once is served by all of them.

Keys name the store, its release and the exact request, so an entry never changes: the
in-process copy needs no invalidation, only a bound on its size (least recently used out).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

#: In-process budget per worker (MB); large enough for every page of a release in the
#: languages and views people actually open.
BUDGET_MB = float(os.environ.get("FOTAVTRYKK_PAGE_CACHE_MB", "128"))
#: Larger answers are served but not kept (the bulk files stream; see pagecache.NEVER).
MAX_ENTRY_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One answer as sent: status line, headers (no transfer ones), gzip body, validator."""

    status: str
    headers: tuple[tuple[str, str], ...]
    gzipped: bytes
    etag: str
    size: int  # uncompressed length

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


class LocalStore:
    """A least-recently-used map bounded by the bytes it holds; safe across threads."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self._items: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def set(self, key: str, entry: Entry) -> None:
        cost = len(entry.gzipped) + len(key)
        if cost > self.budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.used -= len(old.gzipped) + len(key)
            self._items[key] = entry
            self.used += cost
            while self.used > self.budget:
                k, e = self._items.popitem(last=False)
                self.used -= len(e.gzipped) + len(k)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.used = 0


class PageStore:
    """The in-process store, then the shared one (Flask-Caching's backend, if any)."""

    def __init__(self, shared=None, budget_mb: float = BUDGET_MB) -> None:
        self.local = LocalStore(int(budget_mb * 1024 * 1024))
        self.shared = shared  # a cachelib-style backend with get/set, or None

    def get(self, key: str) -> Entry | None:
        entry = self.local.get(key)
        if entry is not None or self.shared is None:
            return entry
        try:
            entry = self.shared.get(key)
        except Exception:  # noqa: BLE001 - a cache that is down is a miss, not an error
            return None
        if not isinstance(entry, Entry):
            return None
        self.local.set(key, entry)
        return entry

    def set(self, key: str, entry: Entry, timeout: int) -> Entry:
        """Keep `entry`, unless another worker kept one under `key` first: then theirs,
        which is returned. Two renders of one page differ in a per-render token Dash
        writes into it (`end_id`), so the first one kept is the one every worker sends,
        with one ETag everywhere."""
        if self.shared is not None:
            try:
                if not self.shared.add(key, entry, timeout=timeout):
                    kept = self.shared.get(key)
                    entry = kept if isinstance(kept, Entry) else entry
            except Exception:  # noqa: BLE001 - the page is served all the same
                pass
        self.local.set(key, entry)
        return entry

    def add(self, key: str, value: str, timeout: int) -> bool:
        """Set `key` only if absent (one worker of many wins); True in-process."""
        if self.shared is None:
            return True
        try:
            return bool(self.shared.add(key, value, timeout=timeout))
        except Exception:  # noqa: BLE001
            return True
