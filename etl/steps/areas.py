"""The areas a release publishes, each with its residents on 1 January of the latest year.

Kommuner and bydeler have their own count; a fylke without one is the sum of its kommuner,
and the country the sum of all kommuner, so every level shows a population.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.runner import RunContext, step


def area_rows(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Published areas with their population on 1 January of `year` or the latest before."""
    return con.execute(f"""
        WITH best AS (
            SELECT level, code, arg_max(n, year) FILTER (WHERE year <= {int(year)}) AS population
            FROM ref_residents GROUP BY ALL
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


@step("areas", reads=("ref_areas", "ref_residents", "periods"), writes=("area_rows",))
def run(ctx: RunContext) -> None:
    """Hand on the area rows for the release's last year."""
    _, last = ctx.get("periods")
    ctx.put("area_rows", area_rows(ctx.con, last.year))
