"""Choose each area-month's weighting scheme: the finest strata its sample can carry.

Post-stratification weights respondents in each age group × sex cell so the cells carry
their share of the area's adults (Statistics Norway, the period's year). Where a cell is
thin, the strata collapse to age only, then sex only, then none (plain mean): the first
scheme whose every populated stratum has MIN_CELL respondents and population is chosen.
"""

from __future__ import annotations

import time

import duckdb

from core.contract import PUBLISHED_CATEGORIES
from etl.runner import RunContext, step
from etl.steps.spans import KEY_MODULUS

#: Collapse order: the first scheme whose every populated stratum has MIN_CELL respondents.
SCHEMES = {
    "age_sex": "CASE WHEN age_group <> 'unknown' AND sex <> 'unknown' "
               "THEN age_group || ' ' || sex END",
    "age": "CASE WHEN age_group <> 'unknown' THEN age_group END",
    "sex": "CASE WHEN sex <> 'unknown' THEN sex END",
    "none": "'all'",
}
MIN_CELL = 5


def _schemes_sql() -> str:
    return " UNION ALL ".join(f"SELECT '{name}' AS scheme, {rank} AS rank"
                              for rank, name in enumerate(SCHEMES))


def stratum_sql() -> str:
    """The stratum of a cell under the scheme in column `scheme` (NULL: unknown fields)."""
    return "CASE scheme " + " ".join(f"WHEN '{n}' THEN {e}" for n, e in SCHEMES.items()) + " END"


def choose(con: duckdb.DuckDBPyConnection) -> int:
    """Create `area_months` (totals per area and month, the population year) and
    `scheme_choice` (the scheme per area-month) from `cells` and `ref_population`.
    Returns the number of area-months."""
    cats = PUBLISHED_CATEGORIES
    sums = ", ".join(f"sum(sum_{c}) AS sum_{c}, sum(sumsq_{c}) AS sumsq_{c}" for c in cats)
    con.execute(f"""
        CREATE OR REPLACE TABLE area_months AS
        SELECT c.level, c.area_code, c.period, CAST(sum(n) AS BIGINT) AS n,
               CAST(sum(rkey) % {KEY_MODULUS} AS BIGINT) AS rkey, {sums},
               -- The period's year, clamped to the years the population table has.
               greatest(least(year(c.period), any_value(y.max_year)),
                        any_value(y.min_year)) AS pop_year
        FROM cells c LEFT JOIN (
            SELECT level, code, min(year) AS min_year, max(year) AS max_year
            FROM ref_population GROUP BY ALL
        ) y ON y.level = c.level AND y.code = c.area_code
        GROUP BY c.level, c.area_code, c.period
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE scheme_choice AS
        WITH s AS ({_schemes_sql()}),
        sample AS (
            SELECT c.level, c.area_code, c.period, s.scheme, s.rank,
                   {stratum_sql()} AS stratum, sum(c.n) AS n_h
            FROM cells c CROSS JOIN s GROUP BY ALL
        ), pop AS (
            SELECT a.level, a.area_code, a.period, s.scheme, s.rank,
                   {stratum_sql()} AS stratum, sum(p.population) AS pop_h
            FROM area_months a
            JOIN ref_population p ON p.level = a.level AND p.code = a.area_code
                                 AND p.year = a.pop_year
            CROSS JOIN s GROUP BY ALL
        ), paired AS (
            SELECT coalesce(x.level, p.level) AS level,
                   coalesce(x.area_code, p.area_code) AS area_code,
                   coalesce(x.period, p.period) AS period,
                   coalesce(x.scheme, p.scheme) AS scheme, coalesce(x.rank, p.rank) AS rank,
                   coalesce(x.n_h, 0) AS n_h, coalesce(p.pop_h, 0) AS pop_h
            FROM (SELECT * FROM sample WHERE stratum IS NOT NULL) x
            FULL JOIN (SELECT * FROM pop WHERE pop_h > 0) p
              ON p.level = x.level AND p.area_code = x.area_code AND p.period = x.period
             AND p.scheme = x.scheme AND p.stratum = x.stratum
        ), ok AS (
            SELECT level, area_code, period, scheme, rank FROM paired GROUP BY ALL
            HAVING bool_and(n_h >= {MIN_CELL} AND pop_h > 0) OR scheme = 'none'
        )
        SELECT level, area_code, period, arg_min(scheme, rank) AS scheme FROM ok GROUP BY ALL
    """)
    return con.execute("SELECT count(*) FROM area_months").fetchone()[0]


@step("weighting scheme", reads=("cells", "ref_population"),
      writes=("area_months", "scheme_choice"))
def run(ctx: RunContext) -> None:
    """Load cells and population, choose the scheme per area-month, save both tables."""
    t = time.perf_counter()
    n = choose(ctx.con)
    ctx.progress.stage("weighting scheme", t, n)
