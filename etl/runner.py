"""Steps of one shape, and the runner that holds each to what it says it reads and writes.

A step is a function of one run context that declares its inputs and outputs by name: a
DuckDB table in the working database, or a value (a frame, a list of files) kept on the
context. The runner refuses a step whose input no earlier step wrote, and a step that
finishes without writing what it declared, so a hidden hand-over between steps fails the
run (and the tests) instead of working by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True)
class SideBySide:
    """Lanes of steps run at the same time, each in its own order: the first on the run's
    own connection (the one that sees its temporary tables), every other in a thread on a
    connection of its own. No lane reads what another writes, so how they interleave cannot
    change what they compute; lanes pay off where one waits on Python while another keeps
    DuckDB's threads busy. Values handed on are shared by all lanes; only the first lane's
    steps run on the run's own context, so only they may change its fields (`rebuild`)."""

    lanes: tuple[tuple[Step, ...], ...]

    def steps(self) -> Iterator[Step]:
        for lane in self.lanes:
            yield from lane


def flattened(steps: Iterable[Step | SideBySide]) -> Iterator[Step]:
    """Every step, lanes one after the other: the order their declarations are checked in."""
    for item in steps:
        yield from (item.steps() if isinstance(item, SideBySide) else (item,))


def run_steps(steps: Iterable[Step | SideBySide], ctx: RunContext) -> None:
    """Run steps in order, checking each one's inputs before and its outputs after."""
    for current in steps:
        if isinstance(current, SideBySide):
            _side_by_side(current, ctx)
            continue
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


def _side_by_side(group: SideBySide, ctx: RunContext) -> None:
    """Run the lanes of `group` at once; the first failure, if any, once all have stopped."""
    writes = [{n for s in lane for n in s.writes} for lane in group.lanes]
    for i, lane in enumerate(group.lanes):
        others = set().union(*(w for j, w in enumerate(writes) if j != i))
        crossed = sorted({n for s in lane for n in s.reads} & others)
        if crossed:
            raise StepError(f"lane of {lane[0].name!r} reads {crossed}, which a lane beside "
                            "it writes")
    zone = ctx.con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    cursors = [ctx.con.cursor() for _ in group.lanes[1:]]
    try:
        # Values and names written are shared: each lane hands its outputs to the run.
        contexts = [replace(ctx, con=cur, current=None) for cur in cursors]
        for cur in cursors:
            cur.execute(f"SET TimeZone = '{zone}'")  # not the machine's, as new ones start
        with ThreadPoolExecutor(len(cursors)) as pool:
            futures = [pool.submit(run_steps, lane, lane_ctx)
                       for lane, lane_ctx in zip(group.lanes[1:], contexts, strict=True)]
            try:
                run_steps(group.lanes[0], ctx)
            finally:
                errors = [f.exception() for f in futures]
        for error in errors:
            if error is not None:
                raise error
    finally:
        for cur in cursors:
            cur.close()
