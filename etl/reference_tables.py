"""Load the geodata reference tables the ETL places records with into a DuckDB connection."""

from __future__ import annotations

from pathlib import Path

import duckdb

from core.contract import AGE_GROUPS


def _csv(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return f"read_csv('{quoted}', header=true, all_varchar=true)"


def load(con: duckdb.DuckDBPyConnection, geodata_dir: Path) -> None:
    """Create the `ref_*` tables used by staging and aggregation."""
    areas = _csv(geodata_dir / "areas.csv")
    con.execute(f"CREATE OR REPLACE TABLE ref_areas AS SELECT * FROM {areas}")
    con.execute("""
        CREATE OR REPLACE TABLE ref_kommune_parent AS
        SELECT code AS kommune, parent_code AS fylke FROM ref_areas WHERE level = 'kommune'
    """)
    con.execute("""
        CREATE OR REPLACE TABLE ref_bydeler AS
        SELECT code AS bydel, parent_code AS kommune FROM ref_areas WHERE level = 'bydel'
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_postcodes AS
        SELECT postnummer, any_value(kommunenummer) AS kommune
        FROM {_csv(geodata_dir / 'postcodes.csv')}
        WHERE kommunenummer IN (SELECT kommune FROM ref_kommune_parent)
        GROUP BY postnummer
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_code_targets AS
        SELECT DISTINCT old_code, new_code,
               CAST(valid_to_year AS INTEGER) AS valid_to_year
        FROM {_csv(geodata_dir / 'code_history.csv')}
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


def load_population(con: duckdb.DuckDBPyConnection, geodata_dir: Path) -> None:
    """`ref_population`: adults by age group and sex per area and year, every level.

    Kommuner and bydeler come from Statistics Norway; fylke and country are sums of kommuner,
    so the weighting targets add up across levels.
    """
    ages = ", ".join(f"'{a}'" for a in AGE_GROUPS)
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_population AS
        WITH p AS (
            SELECT level, code, CAST(year AS INTEGER) AS year, sex, age_group,
                   sum(CAST(population AS BIGINT)) AS population
            FROM {_csv(geodata_dir / 'population.csv.gz')}
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
