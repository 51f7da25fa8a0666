"""Turn each accepted estimate into the span of months it counts in.

An area's value for month M rests on each respondent's latest estimate submitted in the
window (12 months by default) up to the end of M; a respondent who moved counts where that
latest estimate places them. One ordered pass per respondent gives each estimate a span:
from its month until the respondent's next estimate or the end of the window, whichever
comes first. The span also carries the estimate's secret record key (a keyed SHA-256
digest, etl/engines/dialect.py), used to perturb published values (etl/steps/disclose.py),
so nobody can recompute it. The query is written once and runs on DuckDB or Spark.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb

from core.contract import CATEGORIES
from etl.disclosure.bounds import clipped_sql
from etl.engines.dialect import DUCKDB, Dialect
from etl.levels import Levels, quoted
from etl.runner import RunContext, step
from etl.secret_key import key_secret
from etl.steps.repeats import read_staged

#: More data rows than any file can hold: a record's place is its file's `seq` times this
#: plus its row number.
RECORDS_PER_FILE = 1 << 32
#: Record keys are integers below this; a cell's key is the sum of its records' keys modulo it.
KEY_MODULUS = 1 << 20


def month_sql(day: date) -> str:
    """A month's first day as a date literal (DuckDB and Spark alike)."""
    return f"DATE '{day:%Y-%m-01}'"


def spans_sql(d: Dialect, source: str, last_period: date, window_months: int, secret: str,
              levels: Levels, groups: str | None = None) -> str:
    """The spans query over `source` (accepted records with `seq`, the delivery order), in
    dialect `d`: respondent (a number per respondent), placement (one code column per level
    below the country), strata, clipped values, rkey, m (first month) and ends (the month it
    stops counting).

    `groups`, if given, names a table of every distinct placement and strata in `source`
    with a number `g` each (see `build`): the spans then carry that number instead of the
    text columns, through the per-respondent sort and after it; the cells and the
    stayers sum by it and take the text from `groups` once summed.
    """
    last = month_sql(last_period)
    placed = quoted(levels.columns)
    ends = d.add_months("m", window_months)
    recs = source
    placing = (f"{placed}, coalesce(age_group, 'unknown') AS age_group, "
               "coalesce(sex, 'unknown') AS sex") if not groups else "g"
    if groups:
        same = " AND ".join(f'r."{c}" IS NOT DISTINCT FROM k."{c}"' for c in group_columns(levels))
        carried = ", ".join(f'r."{c}"' for c in group_columns(levels))
        recs = f"(SELECT r.* EXCLUDE ({carried}), k.g FROM {source} r JOIN {groups} k ON {same})"
    return f"""
        WITH recs AS (
            SELECT *, CAST(date_trunc('month', submitted_at) AS DATE) AS m
            FROM {recs}
            WHERE submitted_at < {d.add_months(last, 1)}
        ), ordered AS (
            -- One pass in time order per respondent. A repeated estimate (same time) sorts
            -- its first delivery last, so that is the one kept.
            SELECT *, lead(m) OVER w AS next_m,
                   -- The respondent as a number: their first record's place in the batch,
                   -- unique per respondent and cheaper to store and join on than the id.
                   first_value(seq * {RECORDS_PER_FILE} + row_number) OVER w AS respondent
            FROM recs
            WINDOW w AS (PARTITION BY respondent_id
                         ORDER BY submitted_at, seq DESC, row_number DESC)
        )
        SELECT respondent, {placing},
               -- Each answer held to its documented range (etl/disclosure/bounds.py).
               {clipped_sql()},
               -- A stable pseudo-random key per estimate, secret so nobody can recompute it.
               {d.record_key(secret, "respondent_id", "submitted_at")} AS rkey,
               m,
               -- The month after the estimate stops counting: replaced, or out of the window.
               least(coalesce(next_m, {ends}), {ends}) AS ends
        FROM ordered
        -- Within a month only the respondent's last estimate counts.
        WHERE next_m IS NULL OR next_m > m
    """


def group_columns(levels: Levels) -> list[str]:
    """The staged text columns of placement and strata, numbered together before the sort."""
    return [*levels.staged, "age_group", "sex"]


def staged_columns(levels: Levels) -> list[str]:
    """The staged columns the spans read."""
    return ["respondent_id", "submitted_at", "row_number", *group_columns(levels), *CATEGORIES]


def build(con: duckdb.DuckDBPyConnection, staged: list[Path], last_period: date,
          window_months: int, secret: str, levels: Levels) -> int:
    """Create the `spans` table in DuckDB (see `spans_sql`), its placements and strata
    numbered in `span_groups` (`g` and the text columns, strata as the cells name them).
    Returns the number of spans."""
    cols = ", ".join(f's."{c}"' for c in staged_columns(levels))
    # The few thousand distinct placements and strata, numbered: the spans then carry one
    # integer instead of their text columns, through their sort and into the cells.
    grouped = ", ".join(f'"{c}"' for c in group_columns(levels))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE span_groups AS
        SELECT CAST(row_number() OVER () AS INTEGER) AS g, *
        FROM (SELECT DISTINCT {grouped} FROM {read_staged(staged, grouped)})""")
    # Temporary: held in memory (spilling if it must) and never compressed into the working
    # file, which at 10 M records cost more than the window that computes the spans.
    con.execute("CREATE OR REPLACE TEMP TABLE spans AS " + spans_sql(
        DUCKDB, read_staged(staged, cols), last_period, window_months, secret, levels,
        groups="span_groups"))
    # From here on the groups name every level, the ones above the base from the pack, and
    # their strata as the spans' readers expect (as text: a delivery without the optional
    # columns stages them untyped).
    staged = ", ".join(f'k."{c}"' for c in levels.staged)
    base = f'k."{levels.base.name}"'
    con.execute(f"""CREATE OR REPLACE TEMP TABLE span_groups AS
        SELECT k.g, {levels.above_sql("b")}{staged},
               coalesce(CAST(k.age_group AS VARCHAR), 'unknown') AS age_group,
               coalesce(CAST(k.sex AS VARCHAR), 'unknown') AS sex
        FROM span_groups k LEFT JOIN ref_base_areas b ON b.code = {base}""")
    return con.execute("SELECT count(*) FROM spans").fetchone()[0]


@step("spans", reads=("staged", "periods", "ref_base_areas"), writes=("spans", "span_groups"))
def run(ctx: RunContext) -> None:
    """Load the staged records, turn estimates into spans, save the `spans` table; hand on
    the name of the table numbering their placements and strata (None: on Spark the spans
    carry them as text)."""
    t = time.perf_counter()
    _, last = ctx.get("periods")
    args = (ctx.get("staged"), last, ctx.settings.window_months, key_secret(ctx.settings),
            Levels.of(ctx.settings.geodata_dir))
    if ctx.settings.engine == "spark":
        from etl.engines import spark  # pyspark is an optional extra

        base_areas = ctx.con.execute("SELECT * FROM ref_base_areas").df()
        frame = spark.spans(spark.session(), *args, base_areas)
        ctx.put("spans", frame)
        ctx.put("span_groups", None)
        n = frame.count()
    else:
        n = build(ctx.con, *args)
        ctx.put("span_groups", "span_groups")
    ctx.progress.stage("spans", t, n)
