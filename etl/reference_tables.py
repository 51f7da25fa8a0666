"""Load the geodata reference tables the ETL places and weights records with into DuckDB.

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
from etl.runner import RunContext, step

AREA_TABLES = ("ref_areas", "ref_kommune_parent", "ref_bydeler", "ref_postcodes",
               "ref_code_targets", "ref_code_pairs", "ref_code_map")
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
    _table(con, "ref_areas", geography.load_areas(geodata_dir))
    _table(con, "geo_postcodes", geography.load_postcodes(geodata_dir))
    _table(con, "geo_code_history", geography.load_code_history(geodata_dir))
    con.execute("""
        CREATE OR REPLACE TABLE ref_kommune_parent AS
        SELECT code AS kommune, parent_code AS fylke FROM ref_areas WHERE level = 'kommune'
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_bydeler AS
        SELECT code AS bydel, parent_code AS kommune FROM ref_areas WHERE level = 'bydel'
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_postcodes AS
        SELECT postnummer, any_value(kommunenummer) AS kommune FROM geo_postcodes
        WHERE kommunenummer IN (SELECT kommune FROM ref_kommune_parent)
        GROUP BY postnummer
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_code_targets AS
        SELECT DISTINCT old_code, new_code, CAST(valid_to_year AS INTEGER) AS valid_to_year
        FROM geo_code_history
        WHERE new_code IN (SELECT kommune FROM ref_kommune_parent)
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_code_pairs AS
        SELECT DISTINCT old_code, new_code FROM ref_code_targets
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_code_map AS
        SELECT old_code,
               count(DISTINCT new_code) AS n_targets,
               max(valid_to_year) AS last_year,
               CASE WHEN count(DISTINCT new_code) = 1 THEN any_value(new_code) END
                   AS single_target
        FROM ref_code_targets GROUP BY old_code
    """)
    con.execute("DROP TABLE geo_postcodes; DROP TABLE geo_code_history")


def load_population(con: duckdb.DuckDBPyConnection, geodata_dir: Path) -> None:
    """`ref_population`: adults by age group and sex per area and year, every level;
    `ref_residents`: all residents per area and year, as published next to each area.

    Kommuner and bydeler come from Statistics Norway; fylke and country are sums of kommuner,
    so the weighting targets add up across levels.
    """
    _table(con, "geo_population", geography.load_population(geodata_dir))
    ages = ", ".join(f"'{a}'" for a in AGE_GROUPS)
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_population AS
        WITH p AS (
            SELECT level, code, CAST(year AS INTEGER) AS year, sex, age_group,
                   sum(CAST(population AS BIGINT)) AS population
            FROM geo_population
            WHERE level IN ('kommune', 'bydel') AND age_group IN ({ages})
            GROUP BY ALL
        ), k AS (
            SELECT p.*, kp.fylke FROM p JOIN ref_kommune_parent kp ON kp.kommune = p.code
            WHERE p.level = 'kommune'
        )
        SELECT * FROM p
        UNION ALL SELECT 'fylke', fylke, year, sex, age_group, sum(population) FROM k GROUP BY ALL
        UNION ALL SELECT 'country', 'NO', year, sex, age_group, sum(population) FROM k GROUP BY ALL
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
    """Areas, code history, postcodes and population from geodata/, once per run."""
    t = time.perf_counter()
    load(ctx.con, ctx.settings.geodata_dir)
    load_population(ctx.con, ctx.settings.geodata_dir)
    ctx.progress.stage("reference tables", t)
