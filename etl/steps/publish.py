"""Publish a release: every row of it, and the pointer readers follow, in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, Integer, delete, insert, select, update

from core.store.schema import (
    aggregates,
    areas,
    etl_runs,
    inbox_files,
    participation,
    quarantine,
    release,
    source_counts,
    stayer_change,
)

BATCH = 20_000


def _columns(conn: Connection, table, frame: pd.DataFrame) -> tuple[list[str], list[list]]:
    """The table's columns present in `frame`, each as a list of driver-ready values
    (None for missing), converted a column at a time rather than a row at a time."""
    names, values = [], []
    for column in table.columns:
        if column.name not in frame:
            continue
        series = frame[column.name]
        if isinstance(column.type, Integer) and series.dtype.kind in "fO":
            # A missing value turns a pandas integer column into floats ("5.0"), which
            # PostgreSQL's COPY refuses for an integer column: keep integers integers.
            series = pd.to_numeric(series).astype("Int64")
        cells = series.astype(object).where(series.notna(), None).tolist()
        process = column.type.bind_processor(conn.dialect)
        if process and conn.dialect.name != "postgresql":
            cells = [None if v is None else process(v) for v in cells]
        names.append(column.name)
        values.append(cells)
    return names, values


def _insert(conn: Connection, table, frame: pd.DataFrame) -> None:
    """Insert a whole frame: COPY on PostgreSQL, batched executemany of tuples elsewhere."""
    if frame.empty:
        return
    key = [c.name for c in table.primary_key.columns]
    if key and all(k in frame for k in key):
        # In key order each row lands next to the last in the key's index, not anywhere in it.
        frame = frame.sort_values(key, kind="stable")
    names, values = _columns(conn, table, frame)
    rows = list(zip(*values, strict=True))
    quoted = ", ".join(f'"{c}"' for c in names)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" for _ in names)})'
    for start in range(0, len(rows), BATCH):
        conn.exec_driver_sql(sql, rows[start:start + BATCH])


def run(
    conn: Connection,
    run_id: int,
    published: pd.DataFrame | None,
    area_rows: pd.DataFrame,
    quarantined: pd.DataFrame,
    files: list[dict],
    keep_releases: int,
    pause: Callable[[], None] | None = None,
    sources: pd.DataFrame | None = None,
    mobilisation: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Write the run's rows and, if there is a release, point readers at it.

    The caller owns the transaction: nothing here is visible until it commits, and a
    failure anywhere leaves the previous release served. `sources` are the release's
    per-source counts (etl/steps/sources.py), written with its run_id like its aggregates;
    `mobilisation` its `participation` and `stayer_change` rows, by table name.
    """
    _insert(conn, quarantine, quarantined.assign(run_id=run_id))
    # Every row names every column: executemany needs one shape for the whole batch.
    _insert(conn, inbox_files, pd.DataFrame(
        [{c.name: {**f, "run_id": run_id}.get(c.name) for c in inbox_files.columns}
         for f in files], columns=[c.name for c in inbox_files.columns]))
    if published is None or published.empty:
        return
    _insert(conn, areas, area_rows.assign(run_id=run_id))
    _insert(conn, aggregates, published.assign(run_id=run_id))
    if sources is not None:
        _insert(conn, source_counts, sources.assign(run_id=run_id))
    for table in (participation, stayer_change):
        frame = (mobilisation or {}).get(table.name)
        if frame is not None:
            _insert(conn, table, frame.assign(run_id=run_id))
    if pause:  # fault tests kill the run here, with the release written but not pointed at
        pause()
    periods: list[date] = sorted(published["period"].unique())
    pointer = {
        "run_id": run_id,
        "published_at": datetime.now(UTC),
        "first_period": periods[0],
        "last_period": periods[-1],
    }
    if conn.execute(select(release.c.id)).first():
        conn.execute(update(release).where(release.c.id == 1).values(**pointer))
    else:
        conn.execute(insert(release).values(id=1, **pointer))
    _prune(conn, run_id, keep_releases)


def _prune(conn: Connection, run_id: int, keep_releases: int) -> None:
    """Drop the rows of releases older than the last `keep_releases`."""
    kept = [
        r for (r,) in conn.execute(
            select(etl_runs.c.run_id)
            .where(etl_runs.c.status == "succeeded")
            .order_by(etl_runs.c.run_id.desc())
            .limit(keep_releases - 1)
        )
    ] + [run_id]
    for table in (aggregates, areas, source_counts, participation, stayer_change):
        conn.execute(delete(table).where(table.c.run_id.not_in(kept)))


def finish_run(conn: Connection, run_id: int, status: str, counts: dict, inputs: list,
               started: datetime, message: str | None = None) -> None:
    """Record how a run ended."""
    finished = datetime.now(UTC)
    conn.execute(
        update(etl_runs)
        .where(etl_runs.c.run_id == run_id)
        .values(
            status=status,
            finished_at=finished,
            duration_s=(finished - started).total_seconds(),
            counts=json.dumps(counts, sort_keys=True),
            inputs=json.dumps(inputs, sort_keys=True),
            message=message,
        )
    )
