"""The months a release covers: from the first month with data to the last complete one.

The month in progress is left out: its value would change every night until it ends.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from etl.runner import RunContext, step
from etl.steps.repeats import read_staged


def period_range(con: duckdb.DuckDBPyConnection, staged: list[Path],
                 now: datetime) -> tuple[date, date] | None:
    """First and last month to publish (None: no accepted records)."""
    if not staged:
        return None
    first, last = con.execute(
        "SELECT min(submitted_at)::DATE, max(submitted_at)::DATE "
        f"FROM {read_staged(staged, 's.submitted_at')}").fetchone()
    if first is None:
        return None
    before_now = date(now.year, now.month, 1) - timedelta(days=1)
    first_month = first.replace(day=1)
    last_month = min(last, before_now).replace(day=1)
    return first_month, max(first_month, last_month)


@step("periods", reads=("staged",), writes=("periods",))
def run(ctx: RunContext) -> None:
    """`periods`: (first, last) month, or None when there is nothing to publish."""
    ctx.put("periods", period_range(ctx.con, ctx.get("staged"), ctx.now))
