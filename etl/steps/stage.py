"""Check and place a batch of inbox files: accepted records to staging, the rest to quarantine.

Each file is read once, streamed by DuckDB, into one `judged` table (every row with its
placement and, if it fails a check, the first reason). The whole batch is then deduplicated
in one pass: against itself and, with one anti-join, against everything accepted before.
Every row ends in exactly one place (accepted, quarantined with a reason, or counted as a
duplicate), so rows read = accepted + quarantined + duplicates holds per file and per run.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from etl.contract import AGE_GROUPS, CATEGORIES, HOUSEHOLD_SIZE_RANGE, MAX_TOTAL_KG, SEXES
from etl.steps.read import FileRejected, InboxFile, check_columns, columns_of, source_sql

#: Earliest code division we harmonise from: the 2018 county merger onwards.
OLDEST_CODE_YEAR = 2018
EARLIEST_DATE = "2015-01-01"
RAW_FIELDS = ("respondent_id", "submitted_at", *(f"{c}_kg" for c in CATEGORIES),
              "kommunenummer", "postnummer", "bydelnr", "age_group", "sex", "household_size",
              "source")


@dataclass
class StageResult:
    """What one file contributed: counts by outcome and quarantine reason."""

    rows_read: int = 0
    accepted: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def quarantined(self) -> int:
        return sum(self.reasons.values())


def run(con: duckdb.DuckDBPyConnection, files: list[InboxFile], staging_dir: Path,
        prior: list[Path], now: datetime,
        emit: Callable[[str], None] = lambda _: None) -> dict[int, StageResult | str]:
    """Stage a batch: per file (by position) its counts, or the reason it was rejected.

    `con` holds the reference tables; `prior` are the staged files accepted before, which
    repeats are looked up in. Accepted rows go to `staging_dir/<sha256>.parquet`; the
    quarantined ones stay in `judged` for `quarantined()`.
    """
    create_tables(con)
    rejected: dict[int, str] = {}
    for idx, info in enumerate(files):
        t = time.perf_counter()
        try:
            rows = judge(con, info, idx, now)
        except FileRejected as exc:
            rejected[idx] = str(exc)
            emit(f"  [{idx + 1}/{len(files)}] {info.path.name}: rejected ({exc})")
            continue
        took = max(time.perf_counter() - t, 1e-9)
        emit(f"  [{idx + 1}/{len(files)}] {info.path.name}: {rows:,} rows in {took:.1f} s "
             f"({rows / took:,.0f} rows/s)")
    t = time.perf_counter()
    dedupe(con, prior)
    counts = results(con)
    emit(f"  deduplicated against {len(prior)} staged file(s) in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    save(con, {idx: staging_dir / f"{info.sha256}.parquet" for idx, info in enumerate(files)
               if idx not in rejected})
    emit(f"  staged in {time.perf_counter() - t:.1f} s")
    return {idx: rejected.get(idx) or counts.get(idx, StageResult()) for idx in range(len(files))}


def _text(column: str, present: set[str]) -> str:
    """A trimmed, empty-as-NULL text expression for an optional column."""
    return f"NULLIF(TRIM(\"{column}\"), '')" if column in present else "NULL"


def _reason_sql(now: datetime) -> str:
    """The first failed check of a row, in the order of docs/input-contract.md."""
    values = [f"v_{c}" for c in CATEGORIES]
    checks = [
        ("missing_respondent_id", "respondent_id IS NULL"),
        ("bad_date", "ts IS NULL"),
        ("future_date", f"ts > TIMESTAMP '{now:%Y-%m-%d %H:%M:%S}'"),
        ("too_old", f"ts < TIMESTAMP '{EARLIEST_DATE}'"),
        ("missing_value", " OR ".join(f"raw_{c} IS NULL" for c in CATEGORIES)),
        ("non_numeric_value", " OR ".join(f"{v} IS NULL OR NOT isfinite({v})" for v in values)),
        ("negative_value", " OR ".join(f"{v} < 0" for v in values)),
        ("absurd_total", f"({' + '.join(values)}) > {MAX_TOTAL_KG}"),
        ("bad_age_group", f"age_group IS NOT NULL AND age_group NOT IN {AGE_GROUPS!r}"),
        ("bad_sex", f"sex IS NOT NULL AND sex NOT IN {SEXES!r}"),
        ("bad_household_size",
         "raw_household IS NOT NULL AND (household IS NULL OR household NOT BETWEEN "
         f"{HOUSEHOLD_SIZE_RANGE[0]} AND {HOUSEHOLD_SIZE_RANGE[1]})"),
        ("missing_location", "kommune_in IS NULL AND postnummer IS NULL"),
        ("unknown_kommune", "kommune_in IS NOT NULL AND n_targets IS NULL"),
        ("expired_kommune", f"kommune_in IS NOT NULL AND last_year < {OLDEST_CODE_YEAR}"),
        ("unknown_postnummer", "kommune_in IS NULL AND post_kommune IS NULL"),
        ("ambiguous_kommune", "kommune IS NULL"),
        ("unknown_bydel", "bydel_in IS NOT NULL AND bydel IS NULL"),
    ]
    whens = "\n".join(f"WHEN {cond} THEN '{name}'" for name, cond in checks)
    return f"CASE {whens} END"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The batch's `judged` table, filled file by file by `judge`."""
    cats = ", ".join(f"{c} DOUBLE" for c in CATEGORIES)
    con.execute(f"""
        CREATE OR REPLACE TABLE judged (
            file_idx INTEGER, row_number BIGINT, respondent_id VARCHAR, submitted_at TIMESTAMP,
            kommune VARCHAR, fylke VARCHAR, bydel VARCHAR, age_group VARCHAR, sex VARCHAR,
            household_size INTEGER, source VARCHAR, {cats}, reason VARCHAR, record VARCHAR)
    """)


def judge(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, file_idx: int,
          now: datetime) -> int:
    """Check and place every row of one file into `judged`; FileRejected if it is unusable.

    Returns the number of rows read. The insert is one statement: a file that fails half-way
    (say, a bad byte deep inside) leaves no rows behind.
    """
    columns = columns_of(con, inbox_file.path)
    check_columns(columns)
    present = {c.strip() for c in columns}
    rejects = f"rejects_{file_idx}" if inbox_file.path.suffix.lower() == ".csv" else None
    raw_cats = ",\n".join(f"NULLIF(TRIM(\"{c}_kg\"), '') AS raw_{c}" for c in CATEGORIES)
    typed = ",\n".join(f"TRY_CAST(raw_{c} AS DOUBLE) AS v_{c}" for c in CATEGORIES)
    raw_exprs = ["respondent_id", "raw_ts", *(f"raw_{c}" for c in CATEGORIES), "kommune_in",
                 "postnummer", "bydel_in", "age_group", "sex", "raw_household", "source"]
    record = ", ".join(f"{name} := {expr}"
                       for name, expr in zip(RAW_FIELDS, raw_exprs, strict=True))
    tonnes = ", ".join(f"CASE WHEN reason IS NULL THEN v_{c} / 1000.0 END" for c in CATEGORIES)
    # Without row estimates for the file, DuckDB may build its join tables on the file side
    # rather than the small reference tables; that needs memory in proportion to the file.
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    try:
        con.execute(f"""
        INSERT INTO judged
        WITH raw AS (
            SELECT row_number() OVER () AS row_number,
                NULLIF(TRIM(respondent_id), '') AS respondent_id,
                NULLIF(TRIM(submitted_at), '') AS raw_ts,
                {raw_cats},
                {_text('kommunenummer', present)} AS kommune_in,
                {_text('postnummer', present)} AS postnummer,
                {_text('bydelnr', present)} AS bydel_in,
                {_text('age_group', present)} AS age_group,
                LOWER({_text('sex', present)}) AS sex,
                {_text('household_size', present)} AS raw_household,
                {_text('source', present)} AS source
            FROM {source_sql(inbox_file.path, columns, rejects)}
        ), typed AS (
            SELECT r.*,
                TRY_CAST(TRY_CAST(raw_ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) AS ts,
                {typed},
                TRY_CAST(raw_household AS INTEGER) AS household,
                cm.n_targets, cm.last_year, cm.single_target,
                pc.kommune AS post_kommune, bd.kommune AS bydel_kommune,
                -- A code that split: the postcode or district decides, never the name.
                CASE WHEN cm.n_targets = 1 THEN cm.single_target
                     WHEN r.kommune_in IS NULL THEN pc.kommune
                     WHEN ctp.new_code IS NOT NULL THEN ctp.new_code
                     WHEN ctb.new_code IS NOT NULL THEN ctb.new_code END AS kommune
            FROM raw r
            LEFT JOIN ref_code_map cm ON cm.old_code = r.kommune_in
            LEFT JOIN ref_postcodes pc ON pc.postnummer = r.postnummer
            LEFT JOIN ref_bydeler bd ON bd.bydel = r.bydel_in
            LEFT JOIN ref_code_pairs ctp ON ctp.old_code = r.kommune_in
                                        AND ctp.new_code = pc.kommune
            LEFT JOIN ref_code_pairs ctb ON ctb.old_code = r.kommune_in
                                        AND ctb.new_code = bd.kommune
        ), placed AS (
            SELECT t.*, CASE WHEN bydel_kommune = kommune THEN bydel_in END AS bydel
            FROM typed t
        ), checked AS (
            SELECT p.*, {_reason_sql(now)} AS reason FROM placed p
        )
        SELECT {file_idx}, row_number, respondent_id, ts, c.kommune, kp.fylke, bydel,
               age_group, sex, household, source, {tonnes}, reason,
               CASE WHEN reason IS NOT NULL THEN to_json(struct_pack({record}))::VARCHAR END
        FROM checked c LEFT JOIN ref_kommune_parent kp ON kp.kommune = c.kommune
        """)
    except duckdb.Error as exc:
        raise FileRejected(_read_error(exc, inbox_file.path)) from exc
    finally:
        con.execute("RESET disabled_optimizers")
    if rejects:
        _unreadable_rows(con, rejects, file_idx)
    return con.execute(f"SELECT count(*) FROM judged WHERE file_idx = {file_idx}").fetchone()[0]


#: Quarantine reasons for rows the CSV reader could not parse, by DuckDB's error type.
UNREADABLE = {"INVALID ENCODING": "not_utf8", "TOO MANY COLUMNS": "wrong_field_count",
              "MISSING COLUMNS": "wrong_field_count"}


def _unreadable_rows(con: duckdb.DuckDBPyConnection, rejects: str, file_idx: int) -> None:
    """Rows the reader skipped go to `judged` as quarantined, with their line and text."""
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in UNREADABLE.items())
    con.execute(f"""
        INSERT INTO judged (file_idx, row_number, reason, record)
        SELECT DISTINCT ON (line) {file_idx}, line - 1,
               CASE error_type {cases} ELSE 'unreadable_row' END,
               to_json({{'line': line, 'error': error_message, 'text': csv_line}})::VARCHAR
        FROM {rejects}_errors ORDER BY line
    """)
    con.execute(f"DROP TABLE IF EXISTS {rejects}_errors")
    con.execute(f"DROP TABLE IF EXISTS {rejects}_scans")


def _read_error(exc: duckdb.Error, path: Path) -> str:
    """The reader's complaint in words a provider can act on, with the line it stopped at."""
    text = str(exc)
    line = re.search(r"on Line: (\d+)", text)
    where = f" (line {line.group(1)})" if line else ""
    if any(word in text.lower() for word in ("unicode", "utf-8", "utf8")):
        return f"not UTF-8{where}: re-save the file as UTF-8 (the contract's encoding)"
    skip = ("Original Line", "Possible Solution", "Invalid Input Error", "CSV Error on Line")
    detail = [ln.strip() for ln in text.splitlines()
              if ln.strip() and not ln.strip().startswith(skip) and "=" not in ln]
    reason = detail[0] if detail else text.strip().splitlines()[0]
    return f"cannot be read as {path.suffix[1:].upper()}{where}: {reason}"


def dedupe(con: duckdb.DuckDBPyConnection, prior: list[Path]) -> None:
    """Mark repeats: an estimate (respondent, time) already accepted, earlier in the batch or
    before, is a duplicate. One window over the batch and one anti-join against `prior`."""
    prior_sql = ""
    if prior:
        files = ", ".join(_quote(p) for p in prior)
        prior_sql = f"""AND NOT EXISTS (
            SELECT 1 FROM read_parquet([{files}]) p
            WHERE p.respondent_id = j.respondent_id AND p.submitted_at = j.submitted_at)"""
    con.execute(f"""
        CREATE OR REPLACE TABLE batch_accepted AS
        SELECT * EXCLUDE (reason, record) FROM judged j
        WHERE reason IS NULL {prior_sql}
        QUALIFY row_number() OVER (PARTITION BY respondent_id, submitted_at
                                   ORDER BY file_idx, row_number) = 1
    """)


def results(con: duckdb.DuckDBPyConnection) -> dict[int, StageResult]:
    """Counts per file of the batch, after `dedupe`."""
    out: dict[int, StageResult] = {}
    for idx, read in con.execute("SELECT file_idx, count(*) FROM judged GROUP BY 1").fetchall():
        out[idx] = StageResult(rows_read=read)
    for idx, n in con.execute(
            "SELECT file_idx, count(*) FROM batch_accepted GROUP BY 1").fetchall():
        out[idx].accepted = n
    for idx, reason, n in con.execute(
            "SELECT file_idx, reason, count(*) FROM judged WHERE reason IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2").fetchall():
        out[idx].reasons[reason] = n
    for r in out.values():
        r.duplicates = r.rows_read - r.accepted - r.quarantined
    return out


def save(con: duckdb.DuckDBPyConnection, targets: dict[int, Path]) -> None:
    """Write each file's accepted records to its staging parquet, in one pass."""
    if not targets:
        return
    staging = next(iter(targets.values())).parent
    staging.mkdir(parents=True, exist_ok=True)
    tmp = staging / f".batch-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    con.execute(f"COPY batch_accepted TO {_quote(tmp)} "
                "(FORMAT parquet, PARTITION_BY (file_idx), WRITE_PARTITION_COLUMNS false)")
    for idx, target in targets.items():
        parts = sorted((tmp / f"file_idx={idx}").glob("*.parquet"))
        if len(parts) == 1:
            parts[0].replace(target)
        else:  # no accepted rows, or several parts: write the file from the table
            copy_atomic(con, "SELECT * EXCLUDE (file_idx) FROM batch_accepted "
                             f"WHERE file_idx = {idx}", target)
    shutil.rmtree(tmp, ignore_errors=True)


def quarantined(con: duckdb.DuckDBPyConnection, file_idx: int):
    """One file's quarantined rows as a data frame (row_number, reason, detail, record)."""
    return con.execute(
        "SELECT row_number, reason, NULL::VARCHAR AS detail, record FROM judged "
        f"WHERE file_idx = {file_idx} AND reason IS NOT NULL ORDER BY row_number").df()


def copy_atomic(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    tmp = target.with_suffix(".tmp")
    con.execute(f"COPY ({query}) TO {_quote(tmp)} (FORMAT parquet)")
    tmp.replace(target)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
