"""Count what each data partner contributed to the release, per area, under the same k.

Partners (an app, a bank, a workplace challenge) deliver records with an optional `source`;
readers of a release should see where its numbers come from, and a partner whose method is
found wanting can be excluded by configuration (its rows never reach staging as accepted).
A count of records is itself a number about a small group, so it is published only when it
rests on at least k records and then rounded to the nearest 5; no area total is published
beside it, so a hidden count cannot be worked out by subtraction. Records without a source
count as `(none)`. Counted are the accepted records the release rests on (submitted before
the end of its last month), each estimate once: a repeat delivered again is not counted twice.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.contract import NO_SOURCE
from etl.levels import Levels, quoted
from etl.runner import RunContext, step
from etl.steps.repeats import later_path, quote, read_staged
from etl.steps.spans import month_sql

#: Published counts are multiples of this.
ROUND_TO = 5


def counts(con: duckdb.DuckDBPyConnection, staged: list[Path], last_period: date,
           levels: Levels, k: int) -> pd.DataFrame:
    """Accepted records per source for every area of the covering levels (country down to
    the base): level, area_code, source, records; counts under `k` left out, the rest
    rounded to the nearest ROUND_TO."""
    placed = quoted(levels.covering[1:])
    cols = f"s.source, s.submitted_at, {quoted(levels.staged, 's.')}"
    base = f'"{levels.base.name}"'
    per_level = " UNION ALL ".join(
        f"SELECT '{name}' AS level, "
        + (f"'{levels.country_code}'" if name == levels.top else f'"{name}"')
        + " AS area_code, source, sum(n) AS n FROM finest GROUP BY ALL"
        for name in levels.covering)

    def counted(rows: str, sign: int) -> str:
        # The levels above the base follow from it through the pack (etl/levels.py).
        return (f"SELECT coalesce(s.source, '{NO_SOURCE}') AS source, {levels.above_sql('b')}"
                f"s.{base}, {sign} AS sign FROM {rows} s "
                f"LEFT JOIN ref_base_areas b ON b.code = s.{base} "
                f"WHERE s.submitted_at < {month_sql(last_period)} + INTERVAL 1 MONTH")
    # Every record counts, less the later deliveries of a repeated estimate, which intake
    # found and kept beside each file (etl/steps/repeats.py): no pass over all records
    # looks for repeats again.
    later = ", ".join(quote(p) for p in map(later_path, staged) if p.exists())
    signed = counted(read_staged(staged, cols), 1) + (
        f" UNION ALL {counted(f'read_parquet([{later}])', -1)}" if later else "")
    return con.execute(f"""
        WITH finest AS (
            SELECT source, {placed}, sum(sign) AS n FROM ({signed}) GROUP BY ALL
        ), counted AS ({per_level})
        SELECT level, area_code, source,
               CAST(round(n / {ROUND_TO}.0) * {ROUND_TO} AS INTEGER) AS records
        FROM counted WHERE n >= {int(k)} AND area_code IS NOT NULL
        ORDER BY level, area_code, source
    """).df()


@step("sources", reads=("staged", "periods", "ref_base_areas"), writes=("source_counts",))
def run(ctx: RunContext) -> None:
    """Load the staged records, count them per source and area, hand the counts on."""
    t = time.perf_counter()
    _, last = ctx.get("periods")
    frame = counts(ctx.con, ctx.get("staged"), last, Levels.of(ctx.settings.geodata_dir),
                   ctx.settings.min_respondents)
    ctx.put("source_counts", frame)
    ctx.progress.stage("sources", t, len(frame))
