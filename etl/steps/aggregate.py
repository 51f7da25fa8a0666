"""Sum estimate spans into cell statistics per area, month, age group and sex.

Every level is summed from respondents, never from the means of smaller areas. The output
holds sums (n, sum, sum of squares per category, and the sum of record keys used for
perturbation), so weighting and uncertainty can be computed for any level from the same
cells.

Set-based, so it streams at national scale: a span (etl/steps/spans.py) adds its statistics
at its first month and removes them after its last, these changes are summed in the finest
cells (every level's code, age, sex, month) and rolled up to each level of the pack
(etl/levels.py), and a running sum over months gives every month's cells. That is two
events per estimate instead of one row per estimate and month; and since spans of the same
cell, first month and end are summed before the events are made, the spans are read once
and the events are as many as those groups, not twice the records. The query is written once
(`cells_sql`) and runs on DuckDB or, for record counts beyond one machine, on Spark.
"""

from __future__ import annotations

import time
from datetime import date

import duckdb

from core.contract import PUBLISHED_CATEGORIES
from etl.engines.dialect import DUCKDB, Dialect
from etl.levels import Levels
from etl.runner import RunContext, step
from etl.steps.spans import KEY_MODULUS, month_sql

STATS = ("n", "rkey", *(f"{p}_{c}" for c in PUBLISHED_CATEGORIES for p in ("sum", "sumsq")))


def cells_sql(d: Dialect, first_period: date, last_period: date, levels: Levels,
              groups: str | None = None) -> str:
    """The cells query over the `spans` table, in dialect `d`: level, area_code, period,
    age_group, sex and STATS, for every level `levels` sums. With `groups` (etl/steps/spans.py)
    the spans carry a group number `g` for their placement and strata, which this table
    turns back into text once the spans are summed by it."""
    last, first = month_sql(last_period), month_sql(first_period)
    # Each level with the spans column placing records there, quoted for SQL.
    level_columns = {lv: col and f'"{col}"' for lv, col in levels.summed.items()}
    fine = ["period", *(c for c in reversed(level_columns.values()) if c), "age_group", "sex"]
    placed = ", ".join([*(f'"{c}"' for c in levels.columns), "age_group", "sex"])
    grouped = ", ".join(["count(*) AS n", "sum(rkey) AS rkey",
                         *(f"sum({c}) AS sum_{c}, sum({c} * {c}) AS sumsq_{c}"
                           for c in PUBLISHED_CATEGORIES)])
    carried = ", ".join([placed, *STATS])
    alike = f"SELECT {placed}, m, ends, {grouped} FROM spans GROUP BY ALL"
    if groups:
        # Summed by one integer, then named: the text columns join a few rows per group.
        text = ", ".join([*(f'k."{c}"' for c in levels.columns), "k.age_group", "k.sex"])
        alike = (f"SELECT {text}, s.m, s.ends, {', '.join(f's.{x}' for x in STATS)} "
                 f"FROM (SELECT g, m, ends, {grouped} FROM spans GROUP BY ALL) s "
                 f"JOIN {groups} k ON k.g = s.g")
    signed = ", ".join(f"sum(sign * {s}) AS {s}" for s in STATS)
    rolled = ", ".join(f"sum({s}) AS {s}" for s in STATS)
    sets = ", ".join(f"(period, {col}, age_group, sex)" if col else "(period, age_group, sex)"
                     for col in level_columns.values())
    level_case = " ".join(f"WHEN GROUPING({col}) = 0 THEN '{level}'"
                          for level, col in reversed(level_columns.items()) if col)
    code_case = " ".join(f"WHEN GROUPING({col}) = 0 THEN {col}"
                         for col in reversed([c for c in level_columns.values() if c]))
    running = ", ".join(
        f"sum(coalesce(d.{s}, 0)) OVER (PARTITION BY k.level, k.area_code, k.age_group, k.sex "
        f"ORDER BY k.period) AS {s}" for s in STATS)
    out = ", ".join(["level", "area_code", "period", "age_group", "sex",
                     "CAST(n AS BIGINT) AS n", f"CAST(rkey % {KEY_MODULUS} AS BIGINT) AS rkey",
                     *(f"CAST({s} AS DOUBLE) AS {s}" for s in STATS[2:])])
    return f"""
        WITH grouped AS (
            -- Spans alike in cell, first month and end: one read of the spans.
            {alike}
        ), events AS (
            SELECT m AS period, 1 AS sign, {carried} FROM grouped
            UNION ALL
            SELECT ends AS period, -1 AS sign, {carried} FROM grouped
            WHERE ends <= {last}
        ), finest AS (
            -- Changes per month in the finest cells: few rows, whatever the number of records.
            SELECT {", ".join(fine)}, {signed}
            FROM events GROUP BY ALL
        ), deltas AS (
            SELECT CASE {level_case} ELSE '{levels.top}' END AS level,
                   CASE {code_case} ELSE '{levels.country_code}' END AS area_code,
                   period, age_group, sex, {rolled}
            FROM finest
            GROUP BY GROUPING SETS ({sets})
        ), keys AS (
            -- Every cell in every month: the cells found once, then paired with the months.
            SELECT c.*, g.p AS period
            FROM (SELECT DISTINCT level, area_code, age_group, sex FROM deltas
                  WHERE area_code IS NOT NULL) c
            CROSS JOIN {d.months(first, last)}
        ), running AS (
            SELECT k.level, k.area_code, k.period, k.age_group, k.sex, {running}
            FROM keys k LEFT JOIN deltas d
              ON d.level = k.level AND d.area_code = k.area_code AND d.period = k.period
             AND d.age_group = k.age_group AND d.sex = k.sex
        )
        -- Records without a sub-area are counted in their base area, but form no sub-area cell.
        SELECT {out} FROM running
        WHERE n > 0 AND period >= {first}
    """


def cells(con: duckdb.DuckDBPyConnection, first_period: date, last_period: date,
          levels: Levels, groups: str | None = "span_groups") -> int:
    """Create the `cells` table from the `spans` table in DuckDB (its placements and strata
    numbered in `groups`, as etl/steps/spans.py builds them). Returns the number of cells."""
    con.execute("CREATE OR REPLACE TABLE cells AS "
                + cells_sql(DUCKDB, first_period, last_period, levels, groups))
    return con.execute("SELECT count(*) FROM cells").fetchone()[0]


def check(con: duckdb.DuckDBPyConnection, levels: Levels) -> None:
    """Sanity checks on the cells: every level holds the same respondents, no area unknown.

    In every month the country equals the sum of the areas of each level down to the base
    (fylker, kommuner), and no area has more respondents than its parent (a bydel over its
    kommune); a failure stops the run before publishing.
    """
    covering = ", ".join(f"'{n}'" for n in levels.covering)
    bad = con.execute(f"""
        WITH n AS (SELECT level, area_code, period, sum(n) AS n FROM cells GROUP BY ALL),
        totals AS (SELECT period, level, sum(n) AS n FROM n
                   WHERE level IN ({covering}) GROUP BY ALL)
        SELECT period FROM totals GROUP BY period
        HAVING min(n) <> max(n) OR count(*) <> {len(levels.covering)}
    """).fetchall()
    if bad:
        raise AssertionError(f"levels do not hold the same respondents in {bad[0][0]}")
    pairs = " OR ".join(f"(b.level = '{child}' AND a.parent_level = '{parent}')"
                        for parent, child in levels.pairs)
    over = con.execute(f"""
        WITH n AS (SELECT level, area_code, period, sum(n) AS n FROM cells GROUP BY ALL)
        SELECT b.level, b.area_code, b.period FROM n b
        JOIN ref_areas a ON a.level = b.level AND a.code = b.area_code
        LEFT JOIN n k ON k.level = a.parent_level AND k.area_code = a.parent_code
                     AND k.period = b.period
        WHERE ({pairs}) AND (k.n IS NULL OR b.n > k.n)
    """).fetchall()
    unknown = con.execute("""
        SELECT DISTINCT c.level, c.area_code FROM cells c
        ANTI JOIN ref_areas a ON a.level = c.level AND a.code = c.area_code
    """).fetchall()
    if over or unknown:
        raise AssertionError(f"areas over their parent {over[:3]} or unknown areas {unknown[:3]}")


@step("aggregate", reads=("spans", "span_groups", "periods", "ref_areas"), writes=("cells",))
def run(ctx: RunContext) -> None:
    """Load spans, sum them into cells for every month published, check, save `cells`."""
    t = time.perf_counter()
    first, last = ctx.get("periods")
    levels = Levels.of(ctx.settings.geodata_dir)
    if ctx.settings.engine == "spark":
        from etl.engines import spark  # pyspark is an optional extra

        n_cells = spark.cells(ctx.get("spans"), ctx.con, first, last, levels)
    else:
        n_cells = cells(ctx.con, first, last, levels, ctx.get("span_groups"))
    check(ctx.con, levels)
    ctx.progress.emit(f"aggregated months {first:%Y-%m} to {last:%Y-%m}")
    ctx.progress.stage("aggregate", t, n_cells)
