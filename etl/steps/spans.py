"""Turn each accepted estimate into the span of months it counts in.

An area's value for month M rests on each respondent's latest estimate submitted in the
window (12 months by default) up to the end of M; a respondent who moved counts where that
latest estimate places them. One ordered pass per respondent gives each estimate a span:
from its month until the respondent's next estimate or the end of the window, whichever
comes first. The span also carries the estimate's secret record key, used to perturb
published values (etl/steps/disclose.py), so nobody can recompute it.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb

from core.contract import CATEGORIES
from etl.disclosure.bounds import clipped_sql
from etl.levels import Levels, quoted
from etl.runner import RunContext, step
from etl.secret_key import key_secret
from etl.steps.repeats import read_staged

#: Record keys are integers below this; a cell's key is the sum of its records' keys modulo it.
KEY_MODULUS = 1 << 20


def month_sql(day: date) -> str:
    """A month's first day as a DuckDB date literal."""
    return f"DATE '{day:%Y-%m-01}'"


def build(con: duckdb.DuckDBPyConnection, staged: list[Path], last_period: date,
          window_months: int, secret: str, levels: Levels) -> int:
    """Create the `spans` table: placement (one code column per level of `levels` below the
    country), strata, values, rkey, m (first month) and ends (the month it stops counting).
    Returns the number of spans."""
    last = month_sql(last_period)
    secret = secret.replace("'", "''")
    placed = quoted(levels.columns)
    cols = (f"s.respondent_id, s.submitted_at, s.row_number, {quoted(levels.columns, 's.')}, "
            "s.age_group, s.sex, " + ", ".join(f"s.{c}" for c in CATEGORIES))
    con.execute(f"""
        CREATE OR REPLACE TABLE spans AS
        WITH recs AS (
            SELECT *, date_trunc('month', submitted_at)::DATE AS m
            FROM {read_staged(staged, cols)}
            WHERE submitted_at < {last} + INTERVAL 1 MONTH
        ), ordered AS (
            -- One pass in time order per respondent. A repeated estimate (same time) sorts
            -- its first delivery last, so that is the one kept.
            SELECT *, lead(m) OVER (PARTITION BY respondent_id
                                    ORDER BY submitted_at, seq DESC, row_number DESC) AS next_m
            FROM recs
        )
        SELECT {placed},
               coalesce(age_group, 'unknown') AS age_group, coalesce(sex, 'unknown') AS sex,
               -- Each answer held to its documented range (etl/disclosure/bounds.py).
               {clipped_sql()},
               -- A stable pseudo-random key per estimate, secret so nobody can recompute it.
               CAST(hash('{secret}' || respondent_id || CAST(submitted_at AS VARCHAR))
                    % {KEY_MODULUS} AS BIGINT) AS rkey,
               m,
               -- The month after the estimate stops counting: replaced, or out of the window.
               least(coalesce(next_m, m + INTERVAL {window_months} MONTH),
                     m + INTERVAL {window_months} MONTH)::DATE AS ends
        FROM ordered
        -- Within a month only the respondent's last estimate counts.
        WHERE next_m IS NULL OR next_m > m
    """)
    return con.execute("SELECT count(*) FROM spans").fetchone()[0]


@step("spans", reads=("staged", "periods"), writes=("spans",))
def run(ctx: RunContext) -> None:
    """Load the staged records, turn estimates into spans, save the `spans` table."""
    t = time.perf_counter()
    _, last = ctx.get("periods")
    n = build(ctx.con, ctx.get("staged"), last, ctx.settings.window_months,
              key_secret(ctx.settings), Levels.of(ctx.settings.geodata_dir))
    ctx.progress.stage("spans", t, n)
