"""One ETL run: stage new inbox files, aggregate everything accepted, publish a release.

The run is a list of steps (etl/runner.py checks what each reads and writes), then one
transaction. Order matters for safety: files are staged to private parquet, the release is
written in one transaction, and only after it commits are inbox files moved to the archive.
A run killed anywhere before the commit leaves the previous release served and its files in
the inbox for the next run; one killed after the commit leaves files the next run
recognises by checksum and files away without counting them again.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, update

from core.settings import Settings
from core.store.db import make_engine, migrate
from core.store.schema import etl_runs
from etl import reference_tables, work_db
from etl.lock import run_lock
from etl.report import Progress, RunReport
from etl.runner import RunContext, SideBySide, run_steps
from etl.steps import (
    aggregate,
    areas,
    change,
    disclose,
    estimate,
    inbox,
    intake,
    participation,
    periods,
    publish,
    sources,
    spans,
    stayers,
    weights,
)
from etl.steps.names import shown
from etl.version import code_version

#: Records → checked → placed (and staged): every run, even with nothing new.
INTAKE = (
    # Checksums wait on the disk and hash without the interpreter: the tables load meanwhile.
    SideBySide((
        (inbox.run,),              # inbox files → the batch to stage
        (reference_tables.run,),   # geodata/ → ref_* tables
    )),
    intake.run,            # batch → checked, placed, staged records; quarantine
    periods.run,           # staged records → the months to publish
)
#: Placed → aggregated → estimated → disclosed: only when there are months to publish.
ESTIMATE = (
    spans.run,             # staged records → spans of months per estimate
    aggregate.run,         # spans → cells per area, month and stratum
    # DuckDB's set-based steps keep its threads busy while the estimates wait on Python.
    SideBySide((
        (stayers.run,      # spans → each stayer's change over a year, summed
         change.run,       # stayers' sums → published change (suppressed, perturbed)
         sources.run),     # staged records → accepted records per source and area
        (weights.run,      # cells → weighting scheme per area-month
         estimate.run,     # cells → weighted means with errors
         disclose.run,     # estimates → published rows (suppressed, perturbed, rounded)
         areas.run,        # reference tables → published areas with population
         participation.run),  # published counts, adults → respondents per 1,000 adults
    )),
)


def run(settings: Settings, *, rebuild: bool = False, now: datetime | None = None,
        progress: Callable[[str], None] = print) -> RunReport:
    """Run the ETL once under the run lock; the previous release stays if anything fails."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    with run_lock(settings.data_dir):
        migrate(settings.db_url)
        engine = make_engine(settings.db_url)
        try:
            return _run_locked(settings, engine, rebuild, now, progress)
        finally:
            engine.dispose()


def _run_locked(settings: Settings, engine: Engine, rebuild: bool, now: datetime,
                emit: Callable[[str], None]) -> RunReport:
    started = datetime.now(UTC)
    with engine.begin() as conn:
        # A run that died (killed, power cut) never finished: say so, its rows were never published.
        conn.execute(update(etl_runs).where(etl_runs.c.status == "running")
                     .values(status="failed", message="interrupted"))
        run_id = conn.execute(insert(etl_runs).values(
            started_at=started, status="running", code_version=code_version(),
            settings=json.dumps({"min_respondents": settings.min_respondents,
                                 "window_months": settings.window_months,
                                 "rebuild": rebuild}),
        )).inserted_primary_key[0]
    report = RunReport(run_id=run_id)
    try:
        moves = _process(settings, engine, report, rebuild, now, Progress(report, emit), started)
    except Exception as exc:
        report.status, report.message = "failed", f"{type(exc).__name__}: {exc}"
        with engine.begin() as conn:
            publish.finish_run(conn, run_id, "failed", report.counts(), report.inputs, started,
                               report.message)
        raise
    _move_files(moves, emit, run_id)
    _remove_orphans(settings, engine)
    return report


class FilingFailed(OSError):
    """The release is published, but some inputs could not be filed away: they stay in the
    inbox and the next run, which knows them by checksum, files them without counting them
    again. Still an error, so monitoring notices a disk that refuses writes."""


def _move_files(moves: list[tuple[Path, Path]], emit: Callable[[str], None],
                run_id: int) -> None:
    """File the published inputs away, every one that can be; then say which could not."""
    failed = []
    for source, target in moves:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
        except OSError as exc:
            failed.append(f"{shown(source.name)}: {exc.strerror or exc}")
            emit(f"could not file away {failed[-1]}")
    if failed:
        raise FilingFailed(f"run {run_id} is published, but {len(failed)} input file(s) "
                           f"stay in the inbox for the next run ({failed[0]})")


def _process(settings: Settings, engine: Engine, report: RunReport, rebuild: bool,
             now: datetime, progress: Progress, started: datetime) -> list[tuple[Path, Path]]:
    """Run the steps, then publish in one transaction; returns the file moves to make."""
    con = work_db.connect(settings)
    try:
        ctx = RunContext(settings, con, now, progress, engine=engine, rebuild=rebuild)
        run_steps(INTAKE, ctx)
        published = area_rows = counts = mobilisation = None
        if ctx.values["periods"] is not None:
            run_steps(ESTIMATE, ctx)
            published, area_rows = ctx.values["published"], ctx.values["area_rows"]
            counts = ctx.values["source_counts"]
            mobilisation = {name: ctx.values[name] for name in ("participation", "stayer_change")}
            report.published_rows = len(published)
        report.status = "succeeded"
        new_files = ctx.values["new_files"]
        _publish(settings, engine, progress, published, area_rows,
                 ctx.values["quarantine"], new_files, started, counts, mobilisation)
    finally:
        work_db.close(settings, con)
    return ctx.values["moves"] + [(f["path"], settings.data_dir / f["stored_as"])
                                  for f in new_files]


def _publish(settings: Settings, engine: Engine, progress: Progress, published, area_rows,
             quarantine, new_files: list[dict], started: datetime, counts=None,
             mobilisation=None) -> None:
    """Write the release, move the pointer and close the run record: one transaction."""
    t = time.perf_counter()
    report = progress.report
    pause = None
    if settings.publish_pause_s:
        def pause():
            progress.emit("paused inside the publish transaction (fault-test setting)")
            time.sleep(settings.publish_pause_s)
    progress.emit(f"publishing run {report.run_id}: {report.published_rows:,} rows")
    with engine.begin() as conn:
        publish.run(conn, report.run_id, published, area_rows, quarantine, new_files,
                    settings.keep_releases, pause, counts, mobilisation)
        progress.stage("publish", t, report.published_rows)
        publish.finish_run(conn, report.run_id, "succeeded", report.counts(), report.inputs,
                           started)


def _remove_orphans(settings: Settings, engine: Engine) -> None:
    """Staging files of runs that died before publishing are rebuilt, never reused blindly."""
    keep = {sha for sha, f in inbox.known_files(engine).items() if f["outcome"] == "accepted"}
    staging = settings.staging_dir
    if staging.exists():
        for path in staging.glob("*.parquet"):
            if path.name.split(".")[0] not in keep:
                path.unlink()
