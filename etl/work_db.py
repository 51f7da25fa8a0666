"""The run's working DuckDB database, private to one run and deleted after it."""

from __future__ import annotations

import duckdb

from core.settings import Settings

WORK_FILE = "work.duckdb"


def connect(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a memory limit that spills to the private data folder."""
    # A database file rather than memory: the buffer manager can then evict any table.
    work = settings.data_dir / WORK_FILE
    work.parent.mkdir(parents=True, exist_ok=True)
    for stale in (work, work.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(work))
    spill = settings.data_dir / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{settings.memory_limit}'")
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def close(settings: Settings, con: duckdb.DuckDBPyConnection) -> None:
    """Close the connection and delete its file: nothing of a run's records outlives it."""
    con.close()
    (settings.data_dir / WORK_FILE).unlink(missing_ok=True)
