"""Change among those who stay: each long-standing respondent's own change over a year.

An area's average can fall because its residents cut their footprint, or only because
different people answered this year. To tell the two apart, a "stayer" for month M is a
respondent whose estimate counting in M (their latest in the window up to M, as for every
published mean) and whose estimate counting in M − LAG_MONTHS are two different estimates.
Their change is the later total minus the earlier one (both held to the published bounds,
etl/disclosure/bounds.py), and the area's figure is the plain mean of its stayers' changes,
placed where the later estimate places them. With the default 12-month window the two
estimates can never be the same one (an estimate stops counting 12 months after its month).

Set-based like the cells (etl/steps/aggregate.py): a pair of estimates counts in the run of
months where the later one counts and the earlier one counted a year before; pairs add
their change at the first such month and remove it after the last, and a running sum over
months gives every month's sums, per level. The estimates are the spans themselves
(etl/steps/spans.py), so each respondent's records are read and ordered once per run, not
once for the means and again here. Written once for DuckDB and Spark.
"""

from __future__ import annotations

import time
from datetime import date

import duckdb

from etl.engines.dialect import DUCKDB, Dialect
from etl.levels import Levels
from etl.runner import RunContext, step
from etl.steps.spans import KEY_MODULUS, month_sql

#: Months between the two estimates compared: a year, so seasons do not pose as change.
LAG_MONTHS = 12
#: Columns of the `stayer_cells` table.
COLUMNS = ("level", "area_code", "period", "n", "rkey", "change_sum", "change_sumsq")


def levels_published(levels: Levels) -> dict[str, str | None]:
    """The levels a change is summed for: the country down to the base (no sub-areas: a
    district's stayers are too few to say anything without singling someone out)."""
    return {lv: col for lv, col in levels.summed.items()
            if levels.sub is None or lv != levels.sub.name}


def stayers_sql(d: Dialect, spans: str, first_period: date, last_period: date,
                levels: Levels, groups: str | None = None) -> str:
    """Per level, area and month from `first_period`: stayers n, their cell key, and the sum
    and sum of squares of their change in total footprint (tonnes), over `spans` (the spans
    query's rows, etl/steps/spans.py: each estimate that counts, with its respondent). With
    `groups` the spans carry their placement as a group number `g`, named after summing."""
    last, first = month_sql(last_period), month_sql(first_period)
    summed = levels_published(levels)
    cols = [f'"{c}"' for c in summed.values() if c]
    # What a pair carries of where it is: the text columns, or the one number naming them.
    where = ["g"] if groups else cols
    placed = ", ".join(f"a.{c}" for c in where)
    sums = ("sum(sign) AS n, sum(sign * rkey) AS rkey, sum(sign * change) AS change_sum, "
            "sum(sign * change * change) AS change_sumsq")
    finest = f"SELECT period, {', '.join(cols)}, {sums} FROM events GROUP BY ALL"
    if groups:
        named = ", ".join(f"k.{c}" for c in cols)
        finest = (f"SELECT f.period, {named}, sum(f.n) AS n, sum(f.rkey) AS rkey, "
                  "sum(f.change_sum) AS change_sum, sum(f.change_sumsq) AS change_sumsq "
                  f"FROM (SELECT period, g, {sums} FROM events GROUP BY ALL) f "
                  f"JOIN {groups} k ON k.g = f.g GROUP BY ALL")
    sets = ", ".join(f"(period, {c})" for c in cols) + ", (period)"
    level_case = " ".join(f"WHEN GROUPING({col}) = 0 THEN '{lv}'"
                          for lv, col in reversed([(lv, f'"{c}"') for lv, c in summed.items()
                                                   if c]))
    code_case = " ".join(f"WHEN GROUPING({c}) = 0 THEN {c}" for c in reversed(cols))
    running = ", ".join(
        f"sum(coalesce(d.{s}, 0)) OVER (PARTITION BY k.level, k.area_code ORDER BY k.period) "
        f"AS {s}" for s in ("n", "rkey", "change_sum", "change_sumsq"))
    return f"""
        WITH pairs AS (
            -- The estimates that count, as in every published mean, are the spans themselves.
            SELECT {placed}, a.total - b.total AS change, a.rkey + b.rkey AS rkey,
                   greatest(a.m, {d.add_months("b.m", LAG_MONTHS)}) AS m,
                   least(a.ends, {d.add_months("b.ends", LAG_MONTHS)}) AS ends
            FROM (SELECT respondent, {", ".join(where)}, m, rkey, ends, total FROM {spans}) a
            JOIN (SELECT respondent, m, rkey, ends, total FROM {spans}) b
              ON a.respondent = b.respondent AND b.m < a.m
        ), events AS (
            -- A pair adds its change at its first month and removes it after its last: one
            -- pass over the pairs (a join with two signs), so they are never held in full.
            SELECT CASE WHEN s.sign = 1 THEN m ELSE ends END AS period, s.sign,
                   {", ".join(where)}, change, rkey
            FROM pairs CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1 AS sign) s
            WHERE m < ends AND (s.sign = 1 OR ends <= {last})
        ), finest AS (
            -- Changes per month in the finest areas: few rows, whatever the number of pairs.
            {finest}
        ), deltas AS (
            SELECT CASE {level_case} ELSE '{levels.top}' END AS level,
                   CASE {code_case} ELSE '{levels.country_code}' END AS area_code,
                   period, sum(n) AS n, sum(rkey) AS rkey, sum(change_sum) AS change_sum,
                   sum(change_sumsq) AS change_sumsq
            FROM finest GROUP BY GROUPING SETS ({sets})
        ), keys AS (
            SELECT DISTINCT level, area_code, g.p AS period
            FROM deltas CROSS JOIN {d.months(first, last)}
            WHERE area_code IS NOT NULL
        ), running AS (
            SELECT k.level, k.area_code, k.period, {running}
            FROM keys k LEFT JOIN deltas d
              ON d.level = k.level AND d.area_code = k.area_code AND d.period = k.period
        )
        SELECT level, area_code, period, CAST(n AS BIGINT) AS n,
               CAST(rkey % {KEY_MODULUS} AS BIGINT) AS rkey,
               CAST(change_sum AS DOUBLE) AS change_sum,
               CAST(change_sumsq AS DOUBLE) AS change_sumsq
        FROM running WHERE n > 0 AND period >= {first}
    """


def build(con: duckdb.DuckDBPyConnection, first_period: date, last_period: date,
          levels: Levels, groups: str | None = "span_groups") -> int:
    """Create the `stayer_cells` table in DuckDB from the `spans` table (see `stayers_sql`;
    their placements numbered in `groups`); returns its rows."""
    con.execute("CREATE OR REPLACE TABLE stayer_cells AS "
                + stayers_sql(DUCKDB, "spans", first_period, last_period, levels, groups))
    return con.execute("SELECT count(*) FROM stayer_cells").fetchone()[0]


@step("stayers", reads=("spans", "span_groups", "periods"), writes=("stayer_cells",))
def run(ctx: RunContext) -> None:
    """Pair each stayer's estimates a year apart and sum their changes per area and month."""
    t = time.perf_counter()
    first, last = ctx.get("periods")
    levels = Levels.of(ctx.settings.geodata_dir)
    if ctx.settings.engine == "spark":
        from etl.engines.dialect import SPARK

        frame = ctx.get("spans")  # kept by the spans step, read by the cells before this
        frame.createOrReplaceTempView("spans")
        result = frame.sparkSession.sql(stayers_sql(SPARK, "spans", first, last, levels)
                                        ).toArrow()
        frame.unpersist()
        # DuckDB reads the Arrow table by its Python name (a replacement scan).
        ctx.con.execute("CREATE OR REPLACE TABLE stayer_cells AS SELECT * FROM result")
        n = result.num_rows
    else:
        n = build(ctx.con, first, last, levels, ctx.get("span_groups"))
    ctx.progress.stage("stayers", t, n)
