"""Check and place one inbox file: accepted records to staging, the rest to quarantine.

Every row ends in exactly one of three places (accepted, quarantined with a reason, or
counted as a duplicate), so rows read = accepted + quarantined + duplicates always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from etl.contract import AGE_GROUPS, CATEGORIES, HOUSEHOLD_SIZE_RANGE, MAX_TOTAL_KG, SEXES
from etl.steps.read import InboxFile, check_columns, columns_of, source_sql

#: Earliest code division we harmonise from: the 2018 county merger onwards.
OLDEST_CODE_YEAR = 2018
EARLIEST_DATE = "2015-01-01"


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


def _text(column: str, present: set[str]) -> str:
    """A trimmed, empty-as-NULL text expression for an optional column."""
    return f"NULLIF(TRIM(\"{column}\"), '')" if column in present else "NULL"


def _reason_sql(present: set[str], now: datetime) -> str:
    """The first failed check of a row, in order of how a provider would fix it."""
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
        (
            "bad_household_size",
            "raw_household IS NOT NULL AND (household IS NULL OR household NOT BETWEEN "
            f"{HOUSEHOLD_SIZE_RANGE[0]} AND {HOUSEHOLD_SIZE_RANGE[1]})",
        ),
        ("missing_location", "kommune_in IS NULL AND postnummer IS NULL"),
        ("unknown_kommune", "kommune_in IS NOT NULL AND n_targets IS NULL"),
        ("expired_kommune", f"kommune_in IS NOT NULL AND last_year < {OLDEST_CODE_YEAR}"),
        ("unknown_postnummer", "kommune_in IS NULL AND post_kommune IS NULL"),
        ("ambiguous_kommune", "kommune IS NULL"),
        ("unknown_bydel", "bydel_in IS NOT NULL AND bydel IS NULL"),
    ]
    whens = "\n".join(f"WHEN {cond} THEN '{name}'" for name, cond in checks)
    return f"CASE {whens} END"


def run(
    con: duckdb.DuckDBPyConnection,
    inbox_file: InboxFile,
    staging_dir: Path,
    now: datetime,
    has_prior: bool = False,
) -> StageResult:
    """Stage one file; `con` holds the reference tables and, if `has_prior`, a `prior` view
    of already accepted records (respondent_id, submitted_at) to find repeats in."""
    columns = columns_of(con, inbox_file.path)
    check_columns(columns)
    present = set(columns)
    cats = ",\n".join(f"NULLIF(TRIM(\"{c}_kg\"), '') AS raw_{c}" for c in CATEGORIES)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE raw AS
        SELECT row_number() OVER () AS row_number, *
        FROM (SELECT
            NULLIF(TRIM(respondent_id), '') AS respondent_id,
            NULLIF(TRIM(submitted_at), '') AS raw_ts,
            {cats},
            {_text('kommunenummer', present)} AS kommune_in,
            {_text('postnummer', present)} AS postnummer,
            {_text('bydelnr', present)} AS bydel_in,
            {_text('age_group', present)} AS age_group,
            LOWER({_text('sex', present)}) AS sex,
            {_text('household_size', present)} AS raw_household,
            {_text('source', present)} AS source
        FROM {source_sql(inbox_file.path)})
    """)
    typed_values = ",\n".join(f"TRY_CAST(raw_{c} AS DOUBLE) AS v_{c}" for c in CATEGORIES)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE checked AS
        WITH typed AS (
            SELECT r.*,
                TRY_CAST(TRY_CAST(raw_ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) AS ts,
                {typed_values},
                TRY_CAST(raw_household AS INTEGER) AS household,
                cm.n_targets, cm.last_year, cm.single_target,
                pc.kommune AS post_kommune,
                bd.kommune AS bydel_kommune
            FROM raw r
            LEFT JOIN ref_code_map cm ON cm.old_code = r.kommune_in
            LEFT JOIN ref_postcodes pc ON pc.postnummer = r.postnummer
            LEFT JOIN ref_bydeler bd ON bd.bydel = r.bydel_in
        ), placed AS (
            SELECT t.*,
                CASE
                    WHEN kommune_in IS NULL THEN post_kommune
                    WHEN n_targets = 1 THEN single_target
                    -- A code that split: the postcode or district decides, never the name.
                    WHEN EXISTS (SELECT 1 FROM ref_code_targets ct WHERE ct.old_code = kommune_in
                                 AND ct.new_code = post_kommune) THEN post_kommune
                    WHEN EXISTS (SELECT 1 FROM ref_code_targets ct WHERE ct.old_code = kommune_in
                                 AND ct.new_code = bydel_kommune) THEN bydel_kommune
                END AS kommune
            FROM typed t
        )
        SELECT p.*,
            CASE WHEN bydel_kommune = kommune THEN bydel_in END AS bydel
        FROM placed p
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE judged AS
        SELECT c.*, {_reason_sql(present, now)} AS reason FROM checked c
    """)
    return _save(con, inbox_file, staging_dir, has_prior)


def _save(
    con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, staging_dir: Path, has_prior: bool
) -> StageResult:
    """Write accepted and quarantined rows next to each other, each atomically."""
    result = StageResult(rows_read=con.execute("SELECT count(*) FROM judged").fetchone()[0])
    tonnes = ",\n".join(f"v_{c} / 1000.0 AS {c}" for c in CATEGORIES)
    # A repeat of an already accepted estimate (same respondent and time) counts once.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE accepted AS
        SELECT respondent_id, ts AS submitted_at, kommune, ka.fylke, bydel, age_group, sex,
               household AS household_size, source, {tonnes},
               '{inbox_file.sha256}' AS source_sha256, row_number
        FROM judged j JOIN ref_kommune_parent ka USING (kommune)
        WHERE reason IS NULL
        QUALIFY row_number() OVER (PARTITION BY respondent_id, ts ORDER BY row_number) = 1
    """)
    if has_prior:
        con.execute("DELETE FROM accepted a USING prior p "
                    "WHERE a.respondent_id = p.respondent_id AND a.submitted_at = p.submitted_at")
    result.accepted = con.execute("SELECT count(*) FROM accepted").fetchone()[0]
    for reason, count in con.execute(
        "SELECT reason, count(*) FROM judged WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall():
        result.reasons[reason] = count
    result.duplicates = result.rows_read - result.accepted - result.quarantined
    staging_dir.mkdir(parents=True, exist_ok=True)
    _copy_atomic(con, "SELECT * FROM accepted ORDER BY row_number",
                 staging_dir / f"{inbox_file.sha256}.parquet")
    raw_fields = {
        "respondent_id": "respondent_id", "submitted_at": "raw_ts",
        **{f"{c}_kg": f"raw_{c}" for c in CATEGORIES},
        "kommunenummer": "kommune_in", "postnummer": "postnummer", "bydelnr": "bydel_in",
        "age_group": "age_group", "sex": "sex", "household_size": "raw_household",
        "source": "source",
    }
    record = ", ".join(f"{name} := {expr}" for name, expr in raw_fields.items())
    _copy_atomic(
        con,
        f"SELECT row_number, reason, to_json(struct_pack({record}))::VARCHAR AS record "
        "FROM judged WHERE reason IS NOT NULL ORDER BY row_number",
        staging_dir / f"{inbox_file.sha256}.quarantine.parquet",
    )
    return result


def _copy_atomic(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    tmp = target.with_suffix(".tmp")
    con.execute(f"COPY ({query}) TO '{tmp}' (FORMAT parquet)")
    tmp.replace(target)
