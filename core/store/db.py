"""Connections to the store and its migrations (Alembic), for SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create an engine; SQLite files get their folder, WAL mode and (for readers) `mode=ro`."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if read_only:
                # Readers open the file read-only so the web tier can never write to it.
                url = f"sqlite:///file:{path}?mode=ro&uri=true"
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite commits on its own before DDL, so a run killed while creating the schema
        # left half a schema behind. Let SQLite see every BEGIN, so DDL is transactional too
        # (the recipe in SQLAlchemy's pysqlite documentation).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the dashboard read the old release while the ETL writes a new one.
    dbapi_connection.isolation_level = None  # transactions begin where SQLAlchemy says
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
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
