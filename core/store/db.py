"""Connections to the store and its migrations (Alembic), for SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from functools import partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Writers wait this long for a lock: the ETL would rather wait than fail a night's run.
WRITER_BUSY_TIMEOUT_S = 30.0
#: A pooled connection must answer a ping this fast: a live server answers in milliseconds,
#: and the ping plus a fresh connect (`connect_timeout`) must fit in the few seconds a
#: visitor is promised a 503 in.
PING_TIMEOUT_S = 1.0
#: The watchdog cuts a checked-out connection this long after the server should have
#: cancelled its statement itself (`statement_timeout`), so it never cuts a live one.
WATCHDOG_MARGIN_S = 1.0


def make_engine(url: str, *, read_only: bool = False, connect_timeout_s: int | None = None,
                statement_timeout_s: float | None = None) -> Engine:
    """Create an engine; SQLite files get their folder, WAL mode and (for readers) `mode=ro`.

    The timeouts are for the web tier: a store that accepts connections but never answers
    must cost a request seconds, not the worker (PostgreSQL: `connect_timeout`, a server-side
    `statement_timeout` and a short wait for a pooled connection; SQLite: the busy timeout).
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if read_only:
                # Readers open the file read-only so the web tier can never write to it.
                url = f"sqlite:///file:{path}?mode=ro&uri=true"
        busy_s = statement_timeout_s or WRITER_BUSY_TIMEOUT_S
        engine = create_engine(url, connect_args={"timeout": busy_s})
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_ms=int(busy_s * 1000)))
        # pysqlite commits on its own before DDL, so a run killed while creating the schema
        # left half a schema behind. Let SQLite see every BEGIN, so DDL is transactional too
        # (the recipe in SQLAlchemy's pysqlite documentation).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    if connect_timeout_s is None and statement_timeout_s is None:
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, pool_timeout=connect_timeout_s or 30,
                           connect_args=_postgres_timeouts(url, connect_timeout_s,
                                                           statement_timeout_s))
    _watch_checkouts(engine, (statement_timeout_s or 30) + WATCHDOG_MARGIN_S)
    return engine


def _watch_checkouts(engine: Engine, limit_s: float) -> None:
    """Bound every use of a pooled PostgreSQL connection on the client side.

    libpq has no client-side query timeout and `statement_timeout` is enforced by the
    server, so a pooled connection whose server stops answering (a hung host, a frozen
    proxy; the kernel still acknowledges every packet, so TCP keepalives and
    `tcp_user_timeout` see nothing wrong) blocks its request until gunicorn kills the
    worker. A timer per checkout shuts the connection's socket instead: the blocked read
    returns, psycopg raises a disconnect, the pool drops the connection and the request
    answers 503. The pre-ping runs here too, under its own short timer, because
    SQLAlchemy's own `pool_pre_ping` would block before any event could arm one.
    """

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:
        if not record.info.pop("fresh", False):
            ping = _cut_after(dbapi_connection, PING_TIMEOUT_S)
            try:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            except Exception as error:
                ping.cancel()
                # every pooled connection may be behind the same silent server: drop them all
                raise exc.InvalidatePoolError(str(error)) from error
            if ping.cancel():  # answered, but only as the timer cut it
                raise exc.InvalidatePoolError("ping took longer than its timeout")
        record.info["watchdog"] = _cut_after(dbapi_connection, limit_s)

    @event.listens_for(engine, "connect")
    def _connect(_dbapi_connection, record) -> None:
        record.info["fresh"] = True  # just connected: no ping needed

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record) -> None:
        if (watchdog := record.info.pop("watchdog", None)) is not None:
            watchdog.cancel()


class _Cutter:
    """Shuts a connection's socket after some seconds unless cancelled first; a lock makes
    "cancelled" and "cut" exclusive, so a statement that finished in time is never cut."""

    def __init__(self, dbapi_connection, seconds: float) -> None:
        self._connection = dbapi_connection
        self._lock = threading.Lock()
        self._state = "armed"
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        with self._lock:
            if self._state == "armed":
                self._state = "cut"
                _shut_socket(self._connection)

    def cancel(self) -> bool:
        """Stop the timer; whether the socket was cut before that."""
        self._timer.cancel()
        with self._lock:
            cut, self._state = self._state == "cut", "cancelled"
        return cut


def _cut_after(dbapi_connection, seconds: float) -> _Cutter:
    return _Cutter(dbapi_connection, seconds)


def _shut_socket(dbapi_connection) -> None:
    """Shut the connection's socket under libpq (a duplicate descriptor reaches the same
    socket), so whatever waits on it wakes up with an error."""
    try:
        fd = os.dup(dbapi_connection.pgconn.socket)
    except Exception:
        return  # already closed
    with socket.socket(fileno=fd) as sock, contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _postgres_timeouts(url: str, connect_s: int | None, statement_s: float | None) -> dict:
    """libpq parameters for the timeouts; the URL's own `options` (e.g. a search_path) are
    kept, since connect_args replace the URL's parameters rather than add to them."""
    args: dict = {}
    if connect_s:
        args["connect_timeout"] = connect_s
    if statement_s:
        options = make_url(url).query.get("options", "")
        options = " ".join(options) if isinstance(options, tuple) else options
        args["options"] = f"{options} -c statement_timeout={int(statement_s * 1000)}".strip()
    return args


def _sqlite_pragmas(dbapi_connection, _record, busy_ms: int) -> None:
    # WAL lets the dashboard read the old release while the ETL writes a new one.
    dbapi_connection.isolation_level = None  # transactions begin where SQLAlchemy says
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.close()


def alembic_config(url: str) -> Config:
    """An Alembic configuration built in code, so no ini file has to sit in the working folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the store's schema up to the latest migration."""
    make_engine(url).dispose()  # creates the SQLite folder where needed
    command.upgrade(alembic_config(url), "head")
