"""Steps of one shape, and the runner that holds each to what it says it reads and writes.

A step is a function of one run context that declares its inputs and outputs by name: a
DuckDB table in the working database, or a value (a frame, a list of files) kept on the
context. The runner refuses a step whose input no earlier step wrote, and a step that
finishes without writing what it declared, so a hidden hand-over between steps fails the
run (and the tests) instead of working by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
from sqlalchemy import Engine

from core.settings import Settings
from etl.report import Progress, RunReport


class StepError(RuntimeError):
    """A step broke its declaration: it read what nobody wrote, or did not write its outputs."""


@dataclass
class RunContext:
    """What every step may use: settings, the working DuckDB, the store, `now` and progress."""

    settings: Settings
    con: duckdb.DuckDBPyConnection
    now: datetime
    progress: Progress
    engine: Engine | None = None
    rebuild: bool = False
    #: Values handed from step to step (frames, file lists), by declared name.
    values: dict[str, Any] = field(default_factory=dict)
    #: Names written so far: tables and values.
    written: set[str] = field(default_factory=set)
    current: Step | None = None

    @property
    def report(self) -> RunReport:
        return self.progress.report

    def get(self, name: str) -> Any:
        """A value an earlier step wrote; only names the running step declared it reads."""
        if self.current is not None and name not in self.current.reads:
            raise StepError(f"step {self.current.name!r} reads {name!r} without declaring it")
        return self.values[name]

    def put(self, name: str, value: Any) -> None:
        """Hand a value on; only names the running step declared it writes."""
        if self.current is not None and name not in self.current.writes:
            raise StepError(f"step {self.current.name!r} writes {name!r} without declaring it")
        self.values[name] = value

    def has_table(self, name: str) -> bool:
        return bool(self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0])


@dataclass(frozen=True)
class Step:
    """One named step: its function and the tables or values it reads and writes."""

    name: str
    func: Callable[[RunContext], None]
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    def __call__(self, ctx: RunContext) -> None:
        self.func(ctx)


def step(name: str, *, reads: Iterable[str] = (), writes: Iterable[str] = ()
         ) -> Callable[[Callable[[RunContext], None]], Step]:
    """Declare a function of the run context as a step."""
    def wrap(func: Callable[[RunContext], None]) -> Step:
        return Step(name, func, tuple(reads), tuple(writes))
    return wrap


def run_steps(steps: Iterable[Step], ctx: RunContext) -> None:
    """Run steps in order, checking each one's inputs before and its outputs after."""
    for current in steps:
        missing = [n for n in current.reads if n not in ctx.written]
        if missing:
            raise StepError(f"step {current.name!r} reads {missing}, which no earlier step wrote")
        ctx.current = current
        try:
            current.func(ctx)
        finally:
            ctx.current = None
        unwritten = [n for n in current.writes
                     if n not in ctx.values and not ctx.has_table(n)]
        if unwritten:
            raise StepError(f"step {current.name!r} did not write {unwritten}")
        ctx.written.update(current.writes)
