"""The areas a release publishes, each with its residents on 1 January of the latest year.

The record levels (kommuner and bydeler) have their own count; a level above the base
without one (a fylke) is the sum of its base areas, and the country the sum of all base
areas, so every level shows a population.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.levels import Levels
from etl.runner import RunContext, step


def area_rows(con: duckdb.DuckDBPyConnection, year: int, levels: Levels) -> pd.DataFrame:
    """Published areas with their population on 1 January of `year` or the latest before."""
    rollups = " ".join(
        f"""WHEN '{n}' THEN (SELECT sum(population) FROM base k WHERE k."{n}" = a.code)"""
        for n in levels.above)
    return con.execute(f"""
        WITH best AS (
            SELECT level, code, arg_max(n, year) FILTER (WHERE year <= {int(year)}) AS population
            FROM ref_residents GROUP BY ALL
        ), base AS (
            SELECT r.*, b.population FROM ref_base_areas r
            JOIN best b ON b.level = '{levels.base.name}' AND b.code = r.code
        )
        SELECT a.level, a.code, a.name, NULLIF(a.parent_level, '') AS parent_level,
               NULLIF(a.parent_code, '') AS parent_code, NULLIF(a.alt_names, '') AS alt_names,
               CAST(coalesce(b.population,
                    CASE a.level {rollups}
                                 WHEN '{levels.top}' THEN (SELECT sum(population) FROM base)
                    END) AS INTEGER) AS population
        FROM ref_areas a LEFT JOIN best b ON b.level = a.level AND b.code = a.code
        ORDER BY a.level, a.code
    """).df()


@step("areas", reads=("ref_areas", "ref_base_areas", "ref_residents", "periods"),
      writes=("area_rows",))
def run(ctx: RunContext) -> None:
    """Hand on the area rows for the release's last year."""
    _, last = ctx.get("periods")
    ctx.put("area_rows", area_rows(ctx.con, last.year, Levels.of(ctx.settings.geodata_dir)))
