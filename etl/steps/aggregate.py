"""Sum accepted records into cell statistics per area, month, age group, sex and category.

An area's value for month M rests on each respondent's latest estimate submitted in the
window (12 months by default) up to the end of M. Every level is summed from respondents,
never from the means of smaller areas. The output holds sums, not means, so weighting and
uncertainty can be computed for any level from the same cells.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from etl.contract import PUBLISHED_CATEGORIES

#: Hierarchy levels summed from respondents, with the record column that places them.
LEVEL_COLUMNS = {"country": None, "fylke": "fylke", "kommune": "kommune", "bydel": "bydel"}


def _months(day: date) -> str:
    return f"DATE '{day:%Y-%m-01}'"


def run(
    con: duckdb.DuckDBPyConnection,
    staged: list[Path],
    first_period: date,
    last_period: date,
    window_months: int,
) -> pd.DataFrame:
    """Cell statistics: level, area_code, period, age_group, sex, category, n, sum, sumsq."""
    files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in staged)
    total = " + ".join(c for c in PUBLISHED_CATEGORIES if c != "total")
    sums = ",\n".join(
        f"sum({c}) AS sum_{c}, sum({c} * {c}) AS sumsq_{c}" for c in PUBLISHED_CATEGORIES
    )
    sets = ", ".join(
        f"(period, {col}, age_group, sex)" if col else "(period, age_group, sex)"
        for col in LEVEL_COLUMNS.values()
    )
    cells = con.execute(f"""
        WITH recs AS (
            SELECT respondent_id, submitted_at, date_trunc('month', submitted_at)::DATE AS m,
                   kommune, fylke, bydel,
                   coalesce(age_group, 'unknown') AS age_group, coalesce(sex, 'unknown') AS sex,
                   housing, transport, food, goods, public, {total} AS total
            FROM read_parquet([{files}])
        ), latest AS (
            -- Within a month only the respondent's last estimate counts.
            SELECT * FROM recs
            QUALIFY row_number() OVER (PARTITION BY respondent_id, m ORDER BY submitted_at DESC) = 1
        ), spans AS (
            -- An estimate stands until the respondent's next one or until the window ends.
            SELECT *, least(
                coalesce(lead(m) OVER (PARTITION BY respondent_id ORDER BY m) - INTERVAL 1 MONTH,
                         m + INTERVAL {window_months - 1} MONTH),
                m + INTERVAL {window_months - 1} MONTH,
                {_months(last_period)}) AS until
            FROM latest
        ), expanded AS (
            SELECT *, unnest(generate_series(m, until, INTERVAL 1 MONTH))::DATE AS period
            FROM spans WHERE m <= {_months(last_period)}
        )
        SELECT period, fylke, kommune, bydel, age_group, sex,
               GROUPING(fylke) = 0 AS by_fylke, GROUPING(kommune) = 0 AS by_kommune,
               GROUPING(bydel) = 0 AS by_bydel,
               count(*) AS n, {sums}
        FROM expanded
        WHERE period >= {_months(first_period)}
        GROUP BY GROUPING SETS ({sets})
    """).df()
    cells["level"] = "country"
    cells["area_code"] = "NO"
    for level in ("fylke", "kommune", "bydel"):
        mask = cells[f"by_{level}"]
        cells.loc[mask, "level"] = level
        cells.loc[mask, "area_code"] = cells.loc[mask, level]
    # Records without a district are counted in their kommune, but form no district cell.
    cells = cells[cells["area_code"].notna()]
    return _long(cells)


def _long(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per cell and category."""
    keys = ["level", "area_code", "period", "age_group", "sex", "n"]
    parts = [
        cells[keys].assign(category=c, sum=cells[f"sum_{c}"], sumsq=cells[f"sumsq_{c}"])
        for c in PUBLISHED_CATEGORIES
    ]
    out = pd.concat(parts, ignore_index=True)
    out["period"] = pd.to_datetime(out["period"]).dt.date
    return out
