"""One ETL run: stage new inbox files, aggregate everything accepted, publish a release.

Order matters for safety: files are staged to private parquet, the release is written in
one transaction, and only after it commits are inbox files moved to the archive. A run
killed anywhere before the commit leaves the previous release served and its files in the
inbox for the next run; one killed after the commit leaves files the next run recognises by
checksum and files away without counting them again.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
from sqlalchemy import insert, select, update

from core.settings import Settings
from core.store.db import make_engine, migrate
from core.store.schema import etl_runs, inbox_files
from etl import disclosure, reference_tables
from etl.lock import run_lock
from etl.steps import aggregate, estimate, publish, stage
from etl.steps.read import InboxFile, describe
from etl.steps.staged import quarantined as quarantined_rows
from etl.steps.staged import read_staged
from etl.version import code_version

IGNORED_SUFFIXES = (".part", ".tmp", ".partial")


@dataclass
class RunReport:
    """What a run did, for the command line and the `etl_runs` row."""

    run_id: int
    status: str = "running"
    files: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    inputs: list[dict] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    published_rows: int = 0
    message: str | None = None

    def counts(self) -> dict:
        return {"files": dict(self.files), "rows": dict(self.rows),
                "quarantine_reasons": dict(self.reasons), "published_rows": self.published_rows,
                "stage_seconds": {k: round(v, 2) for k, v in self.stages.items()}}


class Progress:
    """Progress lines with timings and rows per second, also kept for the run record."""

    def __init__(self, report: RunReport, emit: Callable[[str], None]):
        self.report, self.emit = report, emit

    def stage(self, name: str, started: float, rows: int | None = None) -> None:
        took = time.perf_counter() - started
        self.report.stages[name] = self.report.stages.get(name, 0.0) + took
        rate = f", {rows / took:,.0f} rows/s" if rows and took > 0 else ""
        self.emit(f"{name}: {f'{rows:,} rows in ' if rows is not None else ''}{took:.1f} s{rate}")


def inbox_candidates(inbox: Path) -> list[Path]:
    """Files waiting in the inbox, oldest name first; half-written files are left alone."""
    if not inbox.exists():
        return []
    return sorted(
        p for p in inbox.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(IGNORED_SUFFIXES)
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


def _run_locked(settings, engine, rebuild, now, emit) -> RunReport:
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
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
    _remove_orphans(settings, engine)
    return report


def _known_files(engine) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(inbox_files).order_by(inbox_files.c.run_id,
                                                         inbox_files.c.file_name))
        return {r.sha256: dict(r._mapping) for r in rows}


def key_secret(settings: Settings) -> str:
    """The perturbation secret: from settings, else kept private in the data folder."""
    if settings.key_secret:
        return settings.key_secret
    path = settings.data_dir / "cell-key.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


def connect(settings: Settings) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a memory limit that spills to the private data folder."""
    # A database file rather than memory: the buffer manager can then evict any table.
    work = settings.data_dir / "work.duckdb"
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


def _process(settings, engine, report, rebuild, now, progress, started):
    t = time.perf_counter()
    con = connect(settings)
    reference_tables.load(con, settings.geodata_dir)
    reference_tables.load_population(con, settings.geodata_dir)
    progress.stage("reference tables", t)
    t = time.perf_counter()
    known = _known_files(engine)
    accepted = [sha for sha, f in known.items() if f["outcome"] == "accepted"]
    staging = settings.staging_dir
    batch: list[tuple[InboxFile, dict | None]] = []  # (file, inbox_files row if new)
    if not rebuild and any(not (staging / f"{sha}.parquet").exists() for sha in accepted):
        # A rebuild was killed half-way, or staging was lost: recompute from the archive.
        progress.emit("staging is incomplete: rebuilding it from the archive")
        rebuild = True
    if rebuild:
        progress.emit(f"rebuild: re-staging {len(accepted)} archived file(s)")
        shutil.rmtree(staging, ignore_errors=True)
        batch = [(describe(settings.data_dir / known[sha]["stored_as"]), None)
                 for sha in accepted]
    moves: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    for path in inbox_candidates(settings.inbox_dir):
        info = describe(path)
        if info.sha256 in known or info.sha256 in seen:
            report.files["already_processed"] += 1
            report.inputs.append({"file": path.name, "sha256": info.sha256,
                                  "bytes": info.size_bytes, "outcome": "already_processed"})
            # A run killed after publishing left its file here: finish its move.
            stored = known.get(info.sha256, {}).get("stored_as")
            done = stored and not (settings.data_dir / stored).exists()
            target = (settings.data_dir / stored if done else
                      settings.archive_dir / "repeats" / f"{info.sha256}-{path.name}")
            moves.append((path, target))
            continue
        seen.add(info.sha256)
        batch.append((info, {"sha256": info.sha256, "file_name": path.name,
                             "size_bytes": info.size_bytes}))
    progress.stage("checksum", t)
    progress.emit(f"{len(batch)} file(s) to stage")
    prior = [] if rebuild else accepted  # a rebuild re-stages the archive as one batch
    new_files, quarantined = _stage_batch(con, settings, batch, prior, report, now, progress)
    for record in new_files:
        moves.append((settings.inbox_dir / record["file_name"],
                      settings.data_dir / record["stored_as"]))
    accepted += [f["sha256"] for f in new_files if f["outcome"] == "accepted"]
    published, area_rows = None, None
    if accepted:
        published, area_rows = _estimate(con, settings, [staging / f"{s}.parquet"
                                                          for s in accepted], now, progress)
        report.published_rows = 0 if published is None else len(published)
    report.status = "succeeded"
    t = time.perf_counter()
    pause = None
    if settings.publish_pause_s:
        def pause():
            progress.emit("paused inside the publish transaction (fault-test setting)")
            time.sleep(settings.publish_pause_s)
    progress.emit(f"publishing run {report.run_id}: {report.published_rows:,} rows")
    with engine.begin() as conn:
        publish.run(conn, report.run_id, published, area_rows, quarantined, new_files,
                    settings.keep_releases, pause)
        progress.stage("publish", t, report.published_rows)
        publish.finish_run(conn, report.run_id, "succeeded", report.counts(), report.inputs,
                           started)
    con.close()
    (settings.data_dir / "work.duckdb").unlink(missing_ok=True)
    return moves


def _stage_batch(con, settings, batch, prior_shas, report, now, progress):
    """Judge every file of the batch, dedupe once, write staging; inbox rows and quarantine."""
    t = time.perf_counter()
    prior = [settings.staging_dir / f"{sha}.parquet" for sha in prior_shas]
    outcome = stage.run(con, [info for info, _ in batch], settings.staging_dir, prior, now,
                        progress.emit)
    total = sum(r.rows_read for r in outcome.values() if not isinstance(r, str))
    progress.stage("check, place, deduplicate and stage", t, total)
    new_files, quarantine = [], []
    for idx, (info, new) in enumerate(batch):
        if new is None:  # a re-staged archive file: already recorded
            continue
        entry = {"file": info.path.name, "sha256": info.sha256, "bytes": info.size_bytes}
        r = outcome[idx]
        if isinstance(r, str):
            report.files["rejected"] += 1
            entry.update(outcome="rejected", reason=r)
            new_files.append({**new, "outcome": "rejected", "reason": r,
                              "stored_as": f"rejected/{info.sha256}-{info.path.name}"})
            quarantine.append(pd.DataFrame([{
                "row_number": None, "reason": "file_rejected", "detail": r,
                "record": None}]).assign(source_file=info.path.name,
                                         source_sha256=info.sha256))
        else:
            report.files["accepted"] += 1
            report.rows.update(read=r.rows_read, accepted=r.accepted,
                               quarantined=r.quarantined, duplicates=r.duplicates)
            report.reasons.update(r.reasons)
            entry.update(outcome="accepted", rows_read=r.rows_read, accepted=r.accepted,
                         quarantined=r.quarantined, duplicates=r.duplicates, reasons=r.reasons)
            new_files.append({**new, "outcome": "accepted", "rows_read": r.rows_read,
                              "rows_accepted": r.accepted, "rows_quarantined": r.quarantined,
                              "rows_duplicate": r.duplicates,
                              "stored_as": f"archive/{info.sha256}-{info.path.name}"})
            staged = settings.staging_dir / f"{info.sha256}.parquet"
            quarantine.append(quarantined_rows(con, staged).assign(
                source_file=info.path.name, source_sha256=info.sha256))
        report.inputs.append(entry)
    for key in ("read", "accepted", "quarantined", "duplicates"):
        report.rows.setdefault(key, 0)
    frame = pd.concat(quarantine, ignore_index=True) if quarantine else _empty_quarantine()
    return new_files, frame


def _estimate(con, settings, staged, now, progress):
    """Cells, weights, suppression and rounding for every month with data."""
    t = time.perf_counter()
    periods = _period_range(con, staged, now)
    if periods is None:
        return None, None
    first, last = periods
    n_cells = aggregate.run(con, staged, first, last, settings.window_months, key_secret(settings))
    aggregate.check(con)
    progress.emit(f"aggregated months {first:%Y-%m} to {last:%Y-%m}")
    progress.stage("aggregate", t, n_cells)
    t = time.perf_counter()
    estimates = estimate.run(con)
    progress.stage("weight and estimate", t, len(estimates))
    t = time.perf_counter()
    parents = con.execute("SELECT level, code, parent_level, parent_code FROM ref_areas").df()
    published = disclosure.run(estimates, parents, settings.min_respondents)
    progress.stage("suppress and round", t, len(published))
    return published, _area_rows(con, settings.geodata_dir, last.year)


def _period_range(con, staged: list[Path], now: datetime) -> tuple[date, date] | None:
    """From the first month with data to the last complete month before `now` (None: no data).

    The month in progress is left out: its value would change every night until it ends.
    """
    first, last = con.execute(
        "SELECT min(submitted_at)::DATE, max(submitted_at)::DATE "
        f"FROM {read_staged(staged, 's.submitted_at')}").fetchone()
    if first is None:
        return None
    before_now = date(now.year, now.month, 1) - timedelta(days=1)
    first_month = first.replace(day=1)
    last_month = min(last, before_now).replace(day=1)
    return first_month, max(first_month, last_month)


def _area_rows(con, geodata_dir: Path, year: int) -> pd.DataFrame:
    """Published areas with their population on 1 January of the latest published year."""
    pop = str(geodata_dir / "population.csv.gz")
    return con.execute(f"""
        WITH p AS (
            SELECT level, code, CAST(year AS INTEGER) AS year, sum(CAST(population AS BIGINT)) AS n
            FROM read_csv('{pop}', header=true, all_varchar=true) GROUP BY ALL
        ), best AS (
            SELECT level, code, arg_max(n, year) FILTER (WHERE year <= {year}) AS population
            FROM p GROUP BY ALL
        ), kommune AS (
            SELECT a.parent_code AS fylke, b.population FROM ref_areas a
            JOIN best b ON b.level = 'kommune' AND b.code = a.code WHERE a.level = 'kommune'
        )
        SELECT a.level, a.code, a.name, NULLIF(a.parent_level, '') AS parent_level,
               NULLIF(a.parent_code, '') AS parent_code, NULLIF(a.alt_names, '') AS alt_names,
               CAST(coalesce(b.population,
                    CASE a.level WHEN 'fylke' THEN (SELECT sum(population) FROM kommune k
                                                    WHERE k.fylke = a.code)
                                 WHEN 'country' THEN (SELECT sum(population) FROM kommune) END)
                    AS INTEGER) AS population
        FROM ref_areas a LEFT JOIN best b ON b.level = a.level AND b.code = a.code
        ORDER BY a.level, a.code
    """).df()


def _empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame(columns=["source_file", "source_sha256", "row_number", "reason",
                                 "detail", "record"])


def _remove_orphans(settings: Settings, engine) -> None:
    """Staging files of runs that died before publishing are rebuilt, never reused blindly."""
    keep = {sha for sha, f in _known_files(engine).items() if f["outcome"] == "accepted"}
    staging = settings.staging_dir
    if staging.exists():
        for path in staging.glob("*.parquet"):
            if path.name.split(".")[0] not in keep:
                path.unlink()
