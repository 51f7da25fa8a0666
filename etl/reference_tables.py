"""Load the geography pack's reference tables the ETL places and weights records with.

The pack's levels (etl/levels.py) decide what the tables hold: `ref_base_areas` the areas
records are placed at with the codes of the levels above them, `ref_subareas` the areas
one level below, `ref_postcodes` the base area of each postcode.

Geography is read only through `core.geography`'s loaders; their frames are registered in
DuckDB, with empty fields as NULL (as a CSV reader would give them), and copied into `ref_*`
tables the later steps join against.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pandas as pd

from core import geography
from core.contract import AGE_GROUPS
from etl.levels import Levels
from etl.runner import RunContext, step

AREA_TABLES = ("ref_areas", "ref_base_areas", "ref_subareas", "ref_postcodes",
               "ref_code_targets", "ref_code_map")
POPULATION_TABLES = ("ref_population", "ref_residents")


def _table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Create table `name` from a frame, empty text as NULL."""
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    frame = frame.astype({c: object for c in text})
    frame[text] = frame[text].where(frame[text] != "", None)
    view = f"{name}_frame"
    con.register(view, frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)


def load(con: duckdb.DuckDBPyConnection, geodata_dir: Path) -> None:
    """Create the area and code tables used by checking, placing and aggregation."""
    levels = Levels.of(geodata_dir)
    _table(con, "ref_areas", geography.load_areas(geodata_dir))
    _table(con, "geo_postcodes", geography.load_postcodes(geodata_dir))
    _table(con, "geo_code_history", geography.load_code_history(geodata_dir))
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_base_areas AS
        {_base_areas_sql(levels)}
    """)
    sub = levels.sub.name if levels.sub else ""
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_subareas AS
        SELECT code, parent_code FROM ref_areas WHERE level = '{sub}'
    """)
    # The built postcode table has the same columns in every pack; the pack says which
    # level its codes are (the base, checked in Levels).
    con.execute("""
        CREATE OR REPLACE TABLE ref_postcodes AS
        SELECT postnummer AS postcode, any_value(kommunenummer) AS code FROM geo_postcodes
        WHERE kommunenummer IN (SELECT code FROM ref_base_areas)
        GROUP BY postnummer
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_code_targets AS
        SELECT DISTINCT old_code, new_code, CAST(valid_to_year AS INTEGER) AS valid_to_year
        FROM geo_code_history
        WHERE new_code IN (SELECT code FROM ref_base_areas)
    """)
    # One row per old code, its new codes listed: a split code is settled by the postcode or
    # district among them without a join of its own (placing runs once per record).
    con.execute("""
        CREATE OR REPLACE TABLE ref_code_map AS
        SELECT old_code,
               count(DISTINCT new_code) AS n_targets,
               max(valid_to_year) AS last_year,
               CASE WHEN count(DISTINCT new_code) = 1 THEN any_value(new_code) END
                   AS single_target,
               list(DISTINCT new_code ORDER BY new_code) AS targets
        FROM ref_code_targets GROUP BY old_code
    """)
    con.execute("DROP TABLE geo_postcodes; DROP TABLE geo_code_history")


def _base_areas_sql(levels: Levels) -> str:
    """The base level's areas (`code`) with the code of each level between them and the
    country, one column per level named after it (Norway: kommuner with their fylke)."""
    cols, joins, child = ["b.code"], [], "b"
    for i, name in enumerate(levels.above):
        joins.append(f"LEFT JOIN ref_areas a{i} ON a{i}.level = '{name}' "
                     f"AND a{i}.code = {child}.parent_code")
        cols.append(f'a{i}.code AS "{name}"')
        child = f"a{i}"
    return (f"SELECT {', '.join(cols)} FROM ref_areas b {' '.join(joins)} "
            f"WHERE b.level = '{levels.base.name}'")


def load_population(con: duckdb.DuckDBPyConnection, geodata_dir: Path) -> None:
    """`ref_population`: adults by age group and sex per area and year, every level;
    `ref_residents`: all residents per area and year, as published next to each area.

    The record levels (kommuner and bydeler) come from the pack's population table; the
    levels above the base (fylke, country) are sums of the base's areas, so the weighting
    targets add up across levels.
    """
    levels = Levels.of(geodata_dir)
    _table(con, "geo_population", geography.load_population(geodata_dir))
    ages = ", ".join(f"'{a}'" for a in AGE_GROUPS)
    recorded = ", ".join(f"'{n}'" for n in levels.columns[len(levels.above):])
    rollups = "".join(
        f"UNION ALL SELECT '{n}', \"{n}\", year, sex, age_group, sum(population) "
        "FROM k GROUP BY ALL\n" for n in levels.above)
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_population AS
        WITH p AS (
            SELECT level, code, CAST(year AS INTEGER) AS year, sex, age_group,
                   sum(CAST(population AS BIGINT)) AS population
            FROM geo_population
            WHERE level IN ({recorded}) AND age_group IN ({ages})
            GROUP BY ALL
        ), k AS (
            SELECT p.*{"".join(f', b."{n}"' for n in levels.above)}
            FROM p JOIN ref_base_areas b ON b.code = p.code
            WHERE p.level = '{levels.base.name}'
        )
        SELECT * FROM p
        {rollups}
        UNION ALL SELECT '{levels.top}', '{levels.country_code}', year, sex, age_group,
                         sum(population) FROM k GROUP BY ALL
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_residents AS
        SELECT level, code, CAST(year AS INTEGER) AS year,
               sum(CAST(population AS BIGINT)) AS n
        FROM geo_population GROUP BY ALL
    """)
    con.execute("DROP TABLE geo_population")


@step("reference tables", writes=AREA_TABLES + POPULATION_TABLES)
def run(ctx: RunContext) -> None:
    """Areas, code history, postcodes and population from the pack, once per run."""
    t = time.perf_counter()
    load(ctx.con, ctx.settings.geodata_dir)
    load_population(ctx.con, ctx.settings.geodata_dir)
    ctx.progress.stage("reference tables", t)
