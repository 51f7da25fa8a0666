"""Which release a worker is serving, checked cheaply enough to ask on every request.

The answer is a token naming the store (its URL, hashed: it may hold a password), the
published run and when it was published; cached answers are keyed by it, so a new release
is a new set of keys and the old ones simply expire.

How soon a worker sees a new release: the store is asked at most once every
`FOTAVTRYKK_RELEASE_CHECK_S` seconds (default 1) per worker, and at once when the store's
address changes or, for a SQLite file, when the file changes. So every worker of every
instance serves the new release at most about one second after the publish commits.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from core.settings import get_settings
from core.store.schema import release

CHECK_S = float(os.environ.get("FOTAVTRYKK_RELEASE_CHECK_S", "1"))
#: The variables the store's address is made from (core.settings.Settings.db_url); reading
#: them is far cheaper than building the settings on every request.
ADDRESS_VARS = ("DATABASE_URL", "FOTAVTRYKK_DATA_DIR")


def _stamp(url: str) -> tuple:
    """For a SQLite file: its and its journal's size and time, which any write changes."""
    if not url.startswith("sqlite"):
        return ()
    database = make_url(url).database
    if not database or database == ":memory:":
        return ()
    out = []
    for path in (Path(database), Path(database + "-wal")):
        try:
            st = path.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


def read_token(url: str) -> str | None:
    """The token of the store's current release; None before the first publish; raises
    `StoreUnavailable` when the store cannot answer."""
    from dashboard import store  # the web tier's pooled, time-limited engine

    if store._missing_file(url):
        return None
    try:
        with store.engine().connect() as conn:
            row = conn.execute(select(release.c.run_id, release.c.published_at)).first()
    except SQLAlchemyError as exc:
        if store._no_schema_yet(exc):
            return None  # before the first migration
        raise store.StoreUnavailable(f"store unavailable: {type(exc).__name__}") from exc
    if row is None:
        return None
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    return f"{name}:{row.run_id}:{row.published_at}"


class ReleaseWatch:
    """The current token, asked of the store at most every `check_s` seconds; a store
    that did not answer is not asked again for as long (its failure is the answer)."""

    def __init__(self, check_s: float = CHECK_S) -> None:
        self.check_s = check_s
        self._lock = threading.Lock()
        self._address: tuple = ()
        self._url = ""
        self._stamp: tuple = ()
        self._token: str | Exception | None = None
        self._next = 0.0

    def token(self) -> str | None:
        address = tuple(os.environ.get(v, "") for v in ADDRESS_VARS)
        if address != self._address:
            self._address, self._url = address, get_settings().db_url
            self._next = 0.0
        stamp = _stamp(self._url)
        now = time.monotonic()
        if not (now < self._next and stamp == self._stamp):
            with self._lock:
                if not (now < self._next and stamp == self._stamp):
                    try:
                        self._token = read_token(self._url)
                    except SQLAlchemyError as exc:
                        self._token = exc
                    self._stamp, self._next = stamp, now + self.check_s
        if isinstance(self._token, Exception):
            raise self._token
        return self._token
