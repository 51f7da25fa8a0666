"""Check and place every row of inbox files into staging; count what is accepted, what not.

Each file is read once, streamed by DuckDB, and written as one staging parquet holding
every row with its placement and, if it fails a check, the first reason. Numbering a
file's rows keeps its read on one core, so files are judged side by side, one per core. A
CSV read that does not return one row per data line (counted apart from the reader) is
redone line by line (etl/steps/lines.py), so lines the reader cannot parse are quarantined
too. Repeats of an estimate are then counted for the whole batch at once
(etl/steps/repeats.py). Every row ends in exactly one place (accepted, quarantined with a
reason, or a duplicate), so rows read = accepted + quarantined + duplicates holds per file
and per run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import duckdb

from core.contract import (
    AGE_GROUPS,
    CATEGORIES,
    HOUSEHOLD_SIZE_RANGE,
    INTEGER_PATTERN,
    MAX_TOTAL_KG,
    NUMBER_PATTERN,
    SEXES,
    SOURCE_PATTERN,
)
from etl.levels import Levels
from etl.steps.lines import MAX_LINE_BYTES, add_bad_lines, split_lines
from etl.steps.names import delivered, shown
from etl.steps.records import (
    FileRejected,
    InboxFile,
    check_columns,
    columns_of,
    read_error,
    source_sql,
)
from etl.steps.repeats import STAGED_PARQUET, FileOutcome, count, quote

EARLIEST_DATE = "2015-01-01"
RAW_FIELDS = ("respondent_id", "submitted_at", *(f"{c}_kg" for c in CATEGORIES),
              "kommunenummer", "postnummer", "bydelnr", "age_group", "sex", "household_size",
              "source")


def check_batch(con: duckdb.DuckDBPyConnection, files: list[InboxFile], staging_dir: Path,
                prior: list[Path], now: datetime,
                emit: Callable[[str], None] = lambda _: None, *,
                levels: Levels, excluded: tuple[str, ...] = ()) -> list[FileOutcome]:
    """Check, place and stage a batch: per file (in order) its counts or why it was rejected.

    `con` holds the reference tables of the pack whose `levels` place the rows; `prior`
    are the staged files accepted before, in delivery order, which repeats are looked up in.
    Each file goes to `staging_dir/<sha256>.parquet`; rows of an `excluded` source are set
    aside as `excluded_source`.
    """
    staging_dir.mkdir(parents=True, exist_ok=True)
    out: dict[int, FileOutcome] = {}
    staged: dict[int, Path] = {}
    # Without row estimates for the file, DuckDB may build its join tables on the file side
    # rather than the small reference tables; that needs memory in proportion to the file.
    # A global setting: set once for the batch, not per file while other files are read.
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    # Each file is judged on a connection of its own, which starts in the machine's time zone.
    zone = con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    try:
        with ThreadPoolExecutor(_workers(con, len(files))) as pool:
            # Largest first, so no large file is left to run alone at the end of the batch.
            futures = {idx: pool.submit(_judge_timed, con, zone, files[idx], staging_dir, now,
                                        levels, excluded)
                       for idx in sorted(range(len(files)), key=lambda i: -files[i].size_bytes)}
            for idx, info in enumerate(files):
                rows, took = futures[idx].result()
                where = f"  [{idx + 1}/{len(files)}] {shown(delivered(info.path))}"
                if isinstance(rows, FileRejected):
                    out[idx] = FileOutcome(rejected=str(rows))
                    emit(f"{where}: rejected ({rows})")
                    continue
                staged[idx] = staging_dir / f"{info.sha256}.parquet"
                emit(f"{where}: {rows:,} rows in {took:.1f} s ({rows / took:,.0f} rows/s)")
    finally:
        con.execute("RESET disabled_optimizers")
    t = time.perf_counter()
    # The later deliveries of repeats are kept with what the per-source counts need.
    out.update(count(con, staged, prior, keep=("source", *levels.staged)))
    emit(f"  counted repeats against {len(prior)} staged file(s) in "
         f"{time.perf_counter() - t:.1f} s")
    return [out[idx] for idx in range(len(files))]


def _workers(con: duckdb.DuckDBPyConnection, n_files: int) -> int:
    """Files judged at once: one per DuckDB thread. Each file's rows are numbered in file
    order, which keeps its read on one thread, so files side by side use the other cores."""
    threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    return max(1, min(threads, n_files))


def _judge_timed(con: duckdb.DuckDBPyConnection, zone: str, info: InboxFile,
                 staging_dir: Path, now: datetime, levels: Levels, excluded: tuple[str, ...]
                 ) -> tuple[int | FileRejected, float]:
    """Judge one file on a connection of its own (one per thread, as DuckDB requires) in
    time `zone`: its rows, or why it was rejected, and the seconds it took."""
    t = time.perf_counter()
    cur = con.cursor()
    try:
        cur.execute(f"SET TimeZone = '{zone}'")
        rows: int | FileRejected = judge(cur, info, staging_dir / f"{info.sha256}.parquet",
                                         now, levels, excluded)
    except FileRejected as exc:
        rows = exc
    finally:
        cur.close()
    return rows, max(time.perf_counter() - t, 1e-9)


def quoted_list(values: tuple[str, ...]) -> str:
    """Text values as a SQL list for IN (never empty: NULL matches nothing)."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


def _text(column: str | None, present: set[str], trim: bool = True) -> str:
    """A trimmed (if `trim`), empty-as-NULL text expression for an optional column."""
    if column not in present:
        return "NULL"
    return f"NULLIF(TRIM(\"{column}\"), '')" if trim else f"NULLIF(\"{column}\", '')"


def _reason_sql(now: datetime, oldest_code_year: int, excluded: tuple[str, ...]) -> str:
    """The first failed check of a row, in the order of docs/input-contract.md (an excluded
    source last, so its partner still learns from `validate` what else is wrong)."""
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
        ("expired_kommune", f"kommune_in IS NOT NULL AND last_year < {oldest_code_year}"),
        ("unknown_postnummer", "kommune_in IS NULL AND post_kommune IS NULL"),
        ("ambiguous_kommune", "kommune IS NULL"),
        ("unknown_bydel", "bydel_in IS NOT NULL AND subarea IS NULL"),
        ("bad_source", f"NOT regexp_full_match(source, '{SOURCE_PATTERN}')"),  # NULL: fine
        ("excluded_source", f"source IN ({quoted_list(excluded)})"),
    ]
    whens = "\n".join(f"WHEN {cond} THEN '{name}'" for name, cond in checks)
    return f"CASE {whens} END"


def judge(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, target: Path,
          now: datetime, levels: Levels, excluded: tuple[str, ...] = ()) -> int:
    """Check and place every row of one file into its staging parquet, written atomically;
    FileRejected if the file is unusable. Returns the number of rows read: for CSV, its
    data lines, whatever the CSV reader made of them (etl/steps/lines.py)."""
    path = inbox_file.path
    columns, types = columns_of(con, path)
    check_columns(columns)
    names = [c.strip() for c in columns]
    tmp = target.with_suffix(".tmp")
    try:
        if path.suffix.lower() != ".csv":
            return _stage(con, source_sql(path, columns, types=types), names, tmp, target, now,
                          levels, excluded)
        # A file whose values have no spaces at their edges needs no trimming (about a
        # sixth of the staging query's work): etl/steps/lines.py tells while counting lines.
        if _fast_csv(con, inbox_file, columns, names, tmp, target, now, levels, excluded,
                     trim=inbox_file.padded):
            return inbox_file.data_lines
        # The reader skipped, merged or lost lines: read the file line by line instead.
        lines_csv = target.with_suffix(".lines.csv")
        try:
            bad = split_lines(path, names, lines_csv)
            _stage(con, source_sql(lines_csv, ["data_row", "line", *names]), names, tmp,
                   target, now, levels, excluded, row_number="CAST(data_row AS BIGINT)")
        finally:
            lines_csv.unlink(missing_ok=True)
    except duckdb.Error as exc:
        raise FileRejected(read_error(exc, path)) from exc
    if bad:
        add_bad_lines(con, bad, target)
    return inbox_file.data_lines


def _fast_csv(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, columns: list[str],
              names: list[str], tmp: Path, target: Path, now: datetime,
              levels: Levels, excluded: tuple[str, ...], trim: bool = True) -> bool:
    """Stage a CSV file in one DuckDB read; False unless that read returned exactly one row
    per data line, none rejected and none over the line limit."""
    try:
        rows = _stage(con, source_sql(inbox_file.path, columns, "rejects"), names, tmp,
                      target, now, levels, excluded, trim=trim)
        unread = con.execute("SELECT count(*) FROM rejects_errors").fetchone()[0]
    except duckdb.Error:
        return False  # the line-by-line read finds out which lines are to blame
    finally:
        con.execute("DROP TABLE IF EXISTS rejects_errors; DROP TABLE IF EXISTS rejects_scans")
    return (not unread and rows == inbox_file.data_lines
            and inbox_file.longest_line <= MAX_LINE_BYTES)


def _stage(con: duckdb.DuckDBPyConnection, source: str, names: list[str], tmp: Path,
           target: Path, now: datetime, levels: Levels, excluded: tuple[str, ...] = (),
           row_number: str = "row_number() OVER ()", trim: bool = True) -> int:
    """Check and place every row of `source` into `target` (via `tmp`), values trimmed
    unless `trim` is false (none has a space at its edge); returns the rows."""
    present = {*names, "respondent_id", "submitted_at"}  # required: always there

    def text(column: str | None) -> str:
        return _text(column, present, trim)
    raw_cats = ",\n".join(f"{text(f'{c}_kg')} AS raw_{c}" for c in CATEGORIES)
    # Only a strictly written number is cast: DuckDB alone would read "1_000" as 1000. All
    # values are matched at once first (no number holds a "|", so the whole matches only if
    # every value does): one match costs less than five, and most rows pass it.
    every = "concat(" + ", '|', ".join(f"raw_{c}" for c in CATEGORIES) + ")"
    numbers = "\\|".join([NUMBER_PATTERN] * len(CATEGORIES))
    typed = ",\n".join(f"CASE WHEN all_numbers THEN TRY_CAST(raw_{c} AS DOUBLE) "
                       f"WHEN regexp_full_match(raw_{c}, '{NUMBER_PATTERN}') THEN "
                       f"TRY_CAST(raw_{c} AS DOUBLE) END AS v_{c}" for c in CATEGORIES)
    # The raw row is kept for the provider, but the respondent id never leaves the ETL.
    raw_exprs = ["CASE WHEN respondent_id IS NOT NULL THEN '(withheld)' END", "raw_ts",
                 *(f"raw_{c}" for c in CATEGORIES), "kommune_in",
                 "postnummer", "bydel_in", "age_group", "sex", "raw_household", "source"]
    record = ", ".join(f"{name} := {expr}"
                       for name, expr in zip(RAW_FIELDS, raw_exprs, strict=True))
    tonnes = ", ".join(f"CASE WHEN reason IS NULL THEN v_{c} / 1000.0 END AS {c}"
                       for c in CATEGORIES)
    rows = con.execute(f"""
        COPY (
        WITH raw AS (
            SELECT {row_number} AS row_number,
                {text('respondent_id')} AS respondent_id,
                {text('submitted_at')} AS raw_ts,
                {raw_cats},
                {text(levels.base.record_column)} AS kommune_in,
                {text(levels.postcode_column)} AS postnummer,
                {text(levels.sub and levels.sub.record_column)} AS bydel_in,
                {text('age_group')} AS age_group,
                LOWER({text('sex')}) AS sex,
                {text('household_size')} AS raw_household,
                LOWER({text('source')}) AS source
            FROM {source}
        ), typed AS (
            SELECT r.*,
                TRY_CAST(TRY_CAST(raw_ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) AS ts,
                {typed},
                CASE WHEN regexp_full_match(raw_household, '{INTEGER_PATTERN}')
                     THEN TRY_CAST(TRY_CAST(raw_household AS DOUBLE) AS INTEGER) END
                     AS household,
                cm.n_targets, cm.last_year, cm.single_target,
                pc.code AS post_kommune, bd.parent_code AS bydel_kommune,
                -- A code that split: the postcode or district decides, never the name.
                CASE WHEN cm.n_targets = 1 THEN cm.single_target
                     WHEN r.kommune_in IS NULL THEN pc.code
                     WHEN list_contains(cm.targets, pc.code) THEN pc.code
                     WHEN list_contains(cm.targets, bd.parent_code) THEN bd.parent_code
                END AS kommune
            FROM (SELECT *, regexp_full_match({every}, '{numbers}') AS all_numbers
                  FROM raw) r
            LEFT JOIN ref_code_map cm ON cm.old_code = r.kommune_in
            LEFT JOIN ref_postcodes pc ON pc.postcode = r.postnummer
            LEFT JOIN ref_subareas bd ON bd.code = r.bydel_in
        ), placed AS (
            SELECT t.*, CASE WHEN bydel_kommune = kommune THEN bydel_in END AS subarea
            FROM typed t
        ), checked AS (
            SELECT p.*, {_reason_sql(now, levels.oldest_code_year, excluded)} AS reason
            FROM placed p
        )
        SELECT row_number, respondent_id, ts AS submitted_at,
               {levels.staged_sql("c.kommune", "subarea")},
               age_group, sex, source, {tonnes}, reason,
               CASE WHEN reason IS NOT NULL THEN to_json(struct_pack({record}))::VARCHAR
               END AS record
        FROM checked c
        ) TO {quote(tmp)} ({STAGED_PARQUET})
        """).fetchone()[0]
    tmp.replace(target)
    return rows
