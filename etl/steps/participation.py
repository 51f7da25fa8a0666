"""How many of us take part: respondents per 1,000 adult residents, per area and month.

The rate is computed from the published, protected respondent count (etl/disclosure: a
count perturbed by its cell key, rounded to 5, empty where the area-month is suppressed) and
the area's adults (18 and over) from Statistics Norway, so it tells nobody more than the
published table already does: it is empty wherever the count is, and the count can be read
back from it only as the published rounded count. Respondents are those counting in the
month's value (an estimate in the 12 months up to it). Adults are those of 1 January of the
month's year, or of the nearest year the population table holds (the same year the
weighting uses, etl/steps/weights.py).
"""

from __future__ import annotations

import time

import duckdb
import numpy as np
import pandas as pd

from etl.runner import RunContext, step

#: The published table's columns, in order.
COLUMNS = ["level", "area_code", "period", "respondents", "count_band", "adults", "pop_year",
           "per_1000", "suppressed"]
#: Decimals of the published rate: finer would add nothing the rounded count does not hold.
DECIMALS = 1


def adults(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Adults per area-month in the year the weighting uses: level, area_code, period,
    pop_year, adults (empty where the population table has no adults for the area)."""
    frame = con.execute("""
        SELECT a.level, a.area_code, a.period, a.pop_year,
               CAST(sum(p.population) AS BIGINT) AS adults
        FROM area_months a LEFT JOIN ref_population p
          ON p.level = a.level AND p.code = a.area_code AND p.year = a.pop_year
        GROUP BY ALL
    """).df()
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def rates(published: pd.DataFrame, adult_counts: pd.DataFrame) -> pd.DataFrame:
    """One row per published area-month: its protected count, adults and the rate."""
    counts = published.loc[published["category"] == "total",
                           ["level", "area_code", "period", "respondents", "count_band",
                            "suppressed"]]
    out = counts.merge(adult_counts, on=["level", "area_code", "period"], how="left")
    n = pd.to_numeric(out["respondents"], errors="coerce")
    people = pd.to_numeric(out["adults"], errors="coerce")
    rate = (n / people.where(people > 0) * 1000).round(DECIMALS)
    out["per_1000"] = rate.astype(object).where(rate.notna() & ~out["suppressed"], None)
    out["adults"] = people.astype("Int64")
    out["pop_year"] = pd.to_numeric(out["pop_year"]).astype("Int64")
    out["respondents"] = n.astype("Int64")
    out["suppressed"] = out["suppressed"].astype(bool)
    return out[COLUMNS].sort_values(["level", "area_code", "period"]).reset_index(drop=True)


@step("participation", reads=("published", "area_months", "ref_population"),
      writes=("participation",))
def run(ctx: RunContext) -> None:
    """Rates from the published counts and the adults of each area-month."""
    t = time.perf_counter()
    frame = rates(ctx.get("published"), adults(ctx.con))
    ctx.put("participation", frame)
    ctx.progress.stage("participation", t, int(np.sum(frame["per_1000"].notna())))
