"""One ETL run: stage new inbox files, aggregate everything accepted, publish a release."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
from sqlalchemy import insert, select, update

from etl import reference_tables
from etl.db import make_engine, migrate
from etl.lock import run_lock
from etl.schema import etl_runs, inbox_files
from etl.settings import Settings
from etl.steps import aggregate, estimate, publish, stage, suppress
from etl.steps.read import FileRejected, InboxFile, describe
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
    published_rows: int = 0
    message: str | None = None

    def counts(self) -> dict:
        return {"files": dict(self.files), "rows": dict(self.rows),
                "quarantine_reasons": dict(self.reasons), "published_rows": self.published_rows}


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
    migrate(settings.db_url)
    with run_lock(settings.data_dir):
        engine = make_engine(settings.db_url)
        try:
            return _run_locked(settings, engine, rebuild, now, progress)
        finally:
            engine.dispose()


def _run_locked(settings, engine, rebuild, now, progress) -> RunReport:
    started = datetime.now(UTC)
    with engine.begin() as conn:
        # A run that died (killed, power cut) never finished: say so, its rows were never published.
        conn.execute(update(etl_runs).where(etl_runs.c.status == "running")
                     .values(status="failed", message="interrupted"))
        run_id = conn.execute(insert(etl_runs).values(
            started_at=started, status="running", code_version=code_version(),
            settings=json.dumps({"min_respondents": settings.min_respondents,
                                 "window_months": settings.window_months}),
        )).inserted_primary_key[0]
    report = RunReport(run_id=run_id)
    try:
        moves = _process(settings, engine, report, rebuild, now, progress, started)
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


def _process(settings, engine, report, rebuild, now, progress, started):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    reference_tables.load(con, settings.geodata_dir)
    known = _known_files(engine)
    accepted = [sha for sha, f in known.items() if f["outcome"] == "accepted"]
    staging = settings.staging_dir
    if rebuild:
        progress(f"rebuild: re-staging {len(accepted)} archived file(s)")
        shutil.rmtree(staging, ignore_errors=True)
        for i, sha in enumerate(accepted):
            _define_prior(con, staging, accepted[:i])
            path = settings.data_dir / known[sha]["stored_as"]
            stage.run(con, describe(path), staging, now, has_prior=i > 0)
    moves: list[tuple[Path, Path]] = []
    new_files: list[dict] = []
    quarantined: list[pd.DataFrame] = []
    for path in inbox_candidates(settings.inbox_dir):
        info = describe(path)
        entry = {"file": path.name, "sha256": info.sha256, "bytes": info.size_bytes}
        if info.sha256 in known or any(f["sha256"] == info.sha256 for f in new_files):
            entry["outcome"] = "already_processed"
            report.files["already_processed"] += 1
            moves.append((path, settings.archive_dir / "repeats" / f"{info.sha256}-{path.name}"))
        else:
            record = _stage_one(con, settings, info, accepted, report, entry, now)
            new_files.append(record)
            if record["outcome"] == "accepted":
                accepted.append(info.sha256)
                q = pd.read_parquet(staging / f"{info.sha256}.quarantine.parquet")
                quarantined.append(q.assign(source_file=path.name, source_sha256=info.sha256))
            else:
                quarantined.append(pd.DataFrame([{
                    "source_file": path.name, "source_sha256": info.sha256, "row_number": None,
                    "reason": "file_rejected", "detail": record["reason"], "record": None}]))
            moves.append((path, settings.data_dir / record["stored_as"]))
        report.inputs.append(entry)
        progress(f"  {path.name}: {entry['outcome']}"
                 + (f" ({entry.get('reason')})" if entry.get("reason") else ""))
    published, area_rows, last_period = None, None, None
    if accepted:
        staged = [staging / f"{sha}.parquet" for sha in accepted]
        first, last_period = _period_range(con, staged, now)
        progress(f"aggregating {len(staged)} file(s), {first:%Y-%m} to {last_period:%Y-%m}")
        cells = aggregate.run(con, staged, first, last_period, settings.window_months)
        estimates = estimate.run(cells)
        parents = con.execute("SELECT level, code, parent_level, parent_code FROM ref_areas").df()
        published = suppress.run(estimates, parents, settings.min_respondents)
        area_rows = _area_rows(con, settings.geodata_dir, last_period.year)
        report.published_rows = len(published)
    report.status = "succeeded"
    q_all = pd.concat(quarantined, ignore_index=True) if quarantined else _empty_quarantine()
    with engine.begin() as conn:
        publish.run(conn, report.run_id, published, area_rows, q_all, new_files,
                    settings.keep_releases)
        publish.finish_run(conn, report.run_id, "succeeded", report.counts(), report.inputs,
                           started)
    return moves


def _stage_one(con, settings, info: InboxFile, accepted, report, entry, now) -> dict:
    """Stage one new file and return its `inbox_files` row."""
    record = {"sha256": info.sha256, "file_name": info.path.name, "size_bytes": info.size_bytes}
    try:
        _define_prior(con, settings.staging_dir, accepted)
        result = stage.run(con, info, settings.staging_dir, now, has_prior=bool(accepted))
    except FileRejected as exc:
        report.files["rejected"] += 1
        entry.update(outcome="rejected", reason=str(exc))
        return {**record, "outcome": "rejected", "reason": str(exc),
                "stored_as": f"rejected/{info.sha256}-{info.path.name}"}
    report.files["accepted"] += 1
    report.rows.update(read=result.rows_read, accepted=result.accepted,
                       quarantined=result.quarantined, duplicates=result.duplicates)
    report.reasons.update(result.reasons)
    entry.update(outcome="accepted", rows_read=result.rows_read, accepted=result.accepted,
                 quarantined=result.quarantined, duplicates=result.duplicates)
    return {**record, "outcome": "accepted", "rows_read": result.rows_read,
            "rows_accepted": result.accepted, "rows_quarantined": result.quarantined,
            "rows_duplicate": result.duplicates,
            "stored_as": f"archive/{info.sha256}-{info.path.name}"}


def _define_prior(con, staging: Path, shas: list[str]) -> None:
    if shas:
        files = ", ".join(f"'{staging / f'{sha}.parquet'}'" for sha in shas)
        con.execute("CREATE OR REPLACE TEMP VIEW prior AS SELECT respondent_id, submitted_at "
                    f"FROM read_parquet([{files}])")


def _period_range(con, staged: list[Path], now: datetime) -> tuple[date, date]:
    """From the first month with data to the last complete month before `now`.

    The month in progress is left out: its value would change every night until it ends.
    """
    files = ", ".join(f"'{p}'" for p in staged)
    first, last = con.execute(
        f"SELECT min(submitted_at)::DATE, max(submitted_at)::DATE FROM read_parquet([{files}])"
    ).fetchone()
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
