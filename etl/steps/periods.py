"""The months a release covers: from the first month that can be published to the last
complete one.

A series starts at the first month in which the whole country has at least k respondents
(`FOTAVTRYKK_MIN_RESPONDENTS`) counting in that month's value, that is, with an estimate in
the window of months up to it. Before that no area, not even the country, could show a
number: one stray accepted record from 2015 would otherwise stretch every published series
back to 2015 with years of "too few respondents". The month in progress is left out: its
value would change every night until it ends.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from etl.runner import RunContext, step
from etl.steps.repeats import read_staged


def _months(first: date, last: date) -> str:
    return (f"SELECT unnest(generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 MONTH))"
            "::DATE AS month")


def first_publishable(con: duckdb.DuckDBPyConnection, staged: list[Path], first: date,
                      last: date, k: int, window_months: int) -> date | None:
    """The first month in [first, last] with at least k respondents in its window."""
    source = read_staged(staged, "s.respondent_id, s.submitted_at")
    in_window = f"m <= month AND m > month - INTERVAL {window_months} MONTH"
    # The usual answer, the first month itself, whose window holds only that month's records:
    # the staged files' statistics let the reader skip every other month.
    first_count = con.execute(f"""
        SELECT count(DISTINCT respondent_id) FROM {source}
        WHERE submitted_at < DATE '{first}' + INTERVAL 1 MONTH""").fetchone()[0]
    if first_count >= k:
        return first
    # Counting each respondent at their first estimate only undercounts, so the first
    # month it reaches k is a bound the exact search below need not look beyond: that
    # search then touches only the months before it, not a whole history.
    bound = con.execute(f"""
        WITH per AS (
            SELECT m, count(*) AS n FROM (
                SELECT date_trunc('month', min(submitted_at))::DATE AS m
                FROM {source} GROUP BY respondent_id) GROUP BY m)
        SELECT min(month) FROM (
            SELECT month FROM ({_months(first, last)}) JOIN per ON {in_window}
            GROUP BY month HAVING sum(n) >= {k})
    """).fetchone()[0] or last
    return con.execute(f"""
        WITH seen AS (
            SELECT DISTINCT respondent_id, date_trunc('month', submitted_at)::DATE AS m
            FROM {source} WHERE submitted_at < DATE '{bound}' + INTERVAL 1 MONTH)
        SELECT min(month) FROM (
            SELECT month FROM ({_months(first, bound)}) JOIN seen ON {in_window}
            GROUP BY month HAVING count(DISTINCT respondent_id) >= {k})
    """).fetchone()[0]


def period_range(con: duckdb.DuckDBPyConnection, staged: list[Path], now: datetime,
                 k: int = 1, window_months: int = 12) -> tuple[date, date] | None:
    """First and last month to publish (None: no accepted records). If no month ever has k
    respondents, only the last month is published, every value in it "too few"."""
    if not staged:
        return None
    first, last = con.execute(
        "SELECT min(submitted_at)::DATE, max(submitted_at)::DATE "
        f"FROM {read_staged(staged, 's.submitted_at')}").fetchone()
    if first is None:
        return None
    before_now = date(now.year, now.month, 1) - timedelta(days=1)
    first_month = first.replace(day=1)
    last_month = max(first_month, min(last, before_now).replace(day=1))
    start = first_publishable(con, staged, first_month, last_month, k, window_months)
    return (start or last_month, last_month)


@step("periods", reads=("staged",), writes=("periods",))
def run(ctx: RunContext) -> None:
    """`periods`: (first, last) month, or None when there is nothing to publish."""
    settings = ctx.settings
    ctx.put("periods", period_range(ctx.con, ctx.get("staged"), ctx.now,
                                    settings.min_respondents, settings.window_months))
