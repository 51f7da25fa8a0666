"""The nightly scheduler: when it runs, and that it keeps going whatever a run does."""

from __future__ import annotations

from datetime import datetime, timedelta

from etl.schedule import LOCKED, loop, next_run


def test_next_run_is_today_if_the_time_is_still_ahead_else_tomorrow():
    assert next_run(datetime(2026, 3, 1, 1, 0), "02:30") == datetime(2026, 3, 1, 2, 30)
    assert next_run(datetime(2026, 3, 1, 2, 30), "02:30") == datetime(2026, 3, 2, 2, 30)
    assert next_run(datetime(2026, 12, 31, 23, 0), "02:30") == datetime(2027, 1, 1, 2, 30)


def test_the_loop_runs_each_night_and_survives_failed_and_locked_runs():
    now = [datetime(2026, 3, 1, 12, 0)]
    runs: list[datetime] = []
    outcomes = iter([1, LOCKED, 0])
    logged: list[str] = []

    def sleep(seconds: float) -> None:
        now[0] += timedelta(seconds=seconds)

    def run_once(_argv) -> int:
        runs.append(now[0])
        return next(outcomes)

    loop("02:30", max_runs=3, clock=lambda: now[0], sleep=sleep, run_once=run_once,
         log=logged.append)
    assert runs == [datetime(2026, 3, d, 2, 30) for d in (2, 3, 4)]
    assert any("failed with exit code 1" in line for line in logged)
    assert any("another run holds the lock" in line for line in logged)
