"""`fotavtrykk etl schedule`: run the ETL every night at a set time, one run at a time.

Each run is a fresh child process (`fotavtrykk etl run`), so memory is returned after every
night and a crash in one run never stops the scheduler. The run lock (etl/lock.py) keeps a
manual run and the scheduled one from overlapping: the later one exits with code 3.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta

#: Exit code of `fotavtrykk etl run` when another run holds the lock.
LOCKED = 3


def next_run(now: datetime, at: str) -> datetime:
    """The next time of day `at` (HH:MM) strictly after `now`."""
    hour, minute = (int(part) for part in at.split(":"))
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def run_child(argv: list[str]) -> int:
    """Run one ETL in a child process; its output goes to ours (the service log)."""
    return subprocess.call([sys.executable, "-m", "etl.cli", *argv, "etl", "run"])


def loop(at: str, *, argv: list[str] | None = None, max_runs: int | None = None,
         clock: Callable[[], datetime] = datetime.now,
         sleep: Callable[[float], None] = time.sleep,
         run_once: Callable[[list[str]], int] = run_child,
         log: Callable[[str], None] = print) -> None:
    """Sleep until the next `at`, run, repeat; `max_runs` ends the loop (for tests)."""
    runs = 0
    while max_runs is None or runs < max_runs:
        due = next_run(clock(), at)
        log(f"next ETL run at {due:%Y-%m-%d %H:%M}")
        while (left := (due - clock()).total_seconds()) > 0:
            sleep(min(left, 60.0))  # wake up regularly: clock changes and suspends happen
        code = run_once(argv or [])
        runs += 1
        outcome = {0: "succeeded", LOCKED: "skipped: another run holds the lock"}.get(
            code, f"failed with exit code {code}; the previous release stays published")
        log(f"ETL run at {clock():%Y-%m-%d %H:%M} {outcome}")
