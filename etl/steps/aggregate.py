"""Sum accepted records into cell statistics per area, month, age group and sex.

An area's value for month M rests on each respondent's latest estimate submitted in the
window (12 months by default) up to the end of M; a respondent who moved counts where that
latest estimate places them. Every level is summed from respondents, never from the means
of smaller areas. The output holds sums (n, sum, sum of squares per category, and the sum of
record keys used for perturbation), so weighting and uncertainty can be computed for any
level from the same cells.

Set-based, so it streams at national scale: one ordered pass per respondent turns each
estimate into a span of months (until the respondent's next estimate or the end of the
window); a span adds its statistics at its first month and removes them after its last,
these changes are summed in the finest cells (kommune, bydel, age, sex, month) and rolled
up to every level, and a running sum over months gives every month's cells. That is two
events per estimate instead of one row per estimate and month.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from core.contract import CATEGORIES, PUBLISHED_CATEGORIES
from etl.disclosure.bounds import clipped_sql
from etl.steps.staged import read_staged

#: Hierarchy levels summed from respondents, with the record column that places them.
#: A further boundary layer is one more entry here and a column in the staged records.
LEVEL_COLUMNS = {"country": None, "fylke": "fylke", "kommune": "kommune", "bydel": "bydel"}
#: Record keys are integers below this; a cell's key is the sum of its records' keys modulo it.
KEY_MODULUS = 1 << 20
STATS = ("n", "rkey", *(f"{p}_{c}" for c in PUBLISHED_CATEGORIES for p in ("sum", "sumsq")))


def _month(day: date) -> str:
    return f"DATE '{day:%Y-%m-01}'"


def run(
    con: duckdb.DuckDBPyConnection,
    staged: list[Path],
    first_period: date,
    last_period: date,
    window_months: int,
    key_secret: str,
) -> int:
    """Create the `cells` table: level, area_code, period, age_group, sex and STATS.

    Returns the number of cells.
    """
    last, first = _month(last_period), _month(first_period)
    secret = key_secret.replace("'", "''")
    cols = ("s.respondent_id, s.submitted_at, s.row_number, s.kommune, s.fylke, s.bydel, "
            "s.age_group, s.sex, " + ", ".join(f"s.{c}" for c in CATEGORIES))
    spans = f"""
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
        SELECT kommune, fylke, bydel,
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
    """
    fine = ["period", *(c for c in reversed(LEVEL_COLUMNS.values()) if c), "age_group", "sex"]
    signed = ", ".join(
        [f"sum(sign * {c}) AS sum_{c}, sum(sign * {c} * {c}) AS sumsq_{c}"
         for c in PUBLISHED_CATEGORIES])
    rolled = ", ".join(f"sum({s}) AS {s}" for s in STATS)
    sets = ", ".join(f"(period, {col}, age_group, sex)" if col else "(period, age_group, sex)"
                     for col in LEVEL_COLUMNS.values())
    level_case = " ".join(f"WHEN GROUPING({col}) = 0 THEN '{level}'"
                          for level, col in reversed(LEVEL_COLUMNS.items()) if col)
    code_case = " ".join(f"WHEN GROUPING({col}) = 0 THEN {col}"
                         for col in reversed([c for c in LEVEL_COLUMNS.values() if c]))
    running = ", ".join(
        f"sum(coalesce(d.{s}, 0)) OVER (PARTITION BY k.level, k.area_code, k.age_group, k.sex "
        f"ORDER BY k.period) AS {s}" for s in STATS)
    con.execute(f"""
        CREATE OR REPLACE TABLE cells AS
        WITH spans AS ({spans}), events AS (
            SELECT m AS period, 1 AS sign, * EXCLUDE (m, ends) FROM spans
            UNION ALL
            SELECT ends AS period, -1 AS sign, * EXCLUDE (m, ends) FROM spans
            WHERE ends <= {last}
        ), finest AS (
            -- Changes per month in the finest cells: few rows, whatever the number of records.
            SELECT {", ".join(fine)}, sum(sign) AS n, sum(sign * rkey) AS rkey, {signed}
            FROM events GROUP BY ALL
        ), deltas AS (
            SELECT CASE {level_case} ELSE 'country' END AS level,
                   CASE {code_case} ELSE 'NO' END AS area_code,
                   period, age_group, sex, {rolled}
            FROM finest
            GROUP BY GROUPING SETS ({sets})
        ), keys AS (
            SELECT DISTINCT level, area_code, age_group, sex, p::DATE AS period
            FROM deltas, generate_series({first}, {last}, INTERVAL 1 MONTH) g(p)
            WHERE area_code IS NOT NULL
        ), running AS (
            SELECT k.level, k.area_code, k.period, k.age_group, k.sex, {running}
            FROM keys k LEFT JOIN deltas d
              ON d.level = k.level AND d.area_code = k.area_code AND d.period = k.period
             AND d.age_group = k.age_group AND d.sex = k.sex
        )
        -- Records without a district are counted in their kommune, but form no district cell.
        SELECT * REPLACE (rkey % {KEY_MODULUS} AS rkey) FROM running
        WHERE n > 0 AND period >= {first}
    """)
    return con.execute("SELECT count(*) FROM cells").fetchone()[0]


def check(con: duckdb.DuckDBPyConnection) -> None:
    """Sanity checks on the cells: every level holds the same respondents, no area unknown.

    The country equals the sum of its fylker and of its kommuner in every month, and no
    bydel has more respondents than its kommune; a failure stops the run before publishing.
    """
    bad = con.execute("""
        WITH n AS (SELECT level, area_code, period, sum(n) AS n FROM cells GROUP BY ALL),
        totals AS (SELECT period, level, sum(n) AS n FROM n
                   WHERE level IN ('country', 'fylke', 'kommune') GROUP BY ALL)
        SELECT period FROM totals GROUP BY period HAVING min(n) <> max(n) OR count(*) <> 3
    """).fetchall()
    if bad:
        raise AssertionError(f"levels do not hold the same respondents in {bad[0][0]}")
    over = con.execute("""
        WITH n AS (SELECT level, area_code, period, sum(n) AS n FROM cells GROUP BY ALL)
        SELECT b.area_code, b.period FROM n b
        JOIN ref_areas a ON a.level = 'bydel' AND a.code = b.area_code
        LEFT JOIN n k ON k.level = 'kommune' AND k.area_code = a.parent_code
                     AND k.period = b.period
        WHERE b.level = 'bydel' AND (k.n IS NULL OR b.n > k.n)
    """).fetchall()
    unknown = con.execute("""
        SELECT DISTINCT c.level, c.area_code FROM cells c
        ANTI JOIN ref_areas a ON a.level = c.level AND a.code = c.area_code
    """).fetchall()
    if over or unknown:
        raise AssertionError(f"bydel over its kommune {over[:3]} or unknown areas {unknown[:3]}")
