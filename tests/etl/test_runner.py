"""The runner holds every step to its declaration: inputs written before, outputs written."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from etl import pipeline
from etl.report import Progress, RunReport
from etl.runner import RunContext, SideBySide, StepError, flattened, run_steps, step


def _context(settings) -> RunContext:
    return RunContext(settings, duckdb.connect(), datetime(2026, 11, 15),
                      Progress(RunReport(run_id=1), lambda _: None))


@step("make cells", writes=("cells",))
def make_cells(ctx: RunContext) -> None:
    ctx.con.execute("CREATE TABLE cells AS SELECT 1 AS n")


@step("count cells", reads=("cells",), writes=("count",))
def count_cells(ctx: RunContext) -> None:
    ctx.put("count", ctx.con.execute("SELECT sum(n) FROM cells").fetchone()[0])


def test_steps_that_keep_their_declarations_run_in_order(settings):
    ctx = _context(settings)
    run_steps([make_cells, count_cells], ctx)
    assert ctx.values["count"] == 1
    assert ctx.written == {"cells", "count"}


def test_a_step_reading_a_table_no_earlier_step_wrote_fails_loudly(settings):
    ctx = _context(settings)
    # The table exists, but nobody declared writing it: a hidden hand-over is refused.
    ctx.con.execute("CREATE TABLE cells AS SELECT 1 AS n")
    with pytest.raises(StepError, match="count cells.*cells.*no earlier step wrote"):
        run_steps([count_cells], ctx)
    assert "count" not in ctx.values, "the step must not have run"


def test_a_step_that_does_not_write_what_it_declared_fails_loudly(settings):
    @step("forgetful", writes=("cells", "area_months"))
    def forgetful(ctx: RunContext) -> None:
        ctx.con.execute("CREATE TABLE cells AS SELECT 1 AS n")

    with pytest.raises(StepError, match="forgetful.*did not write.*area_months"):
        run_steps([forgetful, count_cells], _context(settings))


def test_a_step_cannot_hand_on_or_take_a_value_it_did_not_declare(settings):
    @step("sneaky writer", writes=("count",))
    def sneaky_writer(ctx: RunContext) -> None:
        ctx.put("count", 1)
        ctx.put("secret", 2)

    @step("sneaky reader", reads=("cells",))
    def sneaky_reader(ctx: RunContext) -> None:
        ctx.get("count")

    with pytest.raises(StepError, match="writes 'secret' without declaring"):
        run_steps([sneaky_writer], _context(settings))
    ctx = _context(settings)
    run_steps([make_cells, count_cells], ctx)
    with pytest.raises(StepError, match="reads 'count' without declaring"):
        run_steps([sneaky_reader], ctx)


def test_the_pipeline_reads_only_what_earlier_steps_write():
    written: set[str] = set()
    for current in flattened((*pipeline.INTAKE, *pipeline.ESTIMATE)):
        assert set(current.reads) <= written, f"{current.name} reads {current.reads}"
        written.update(current.writes)
    assert {"published", "area_rows", "quarantine", "new_files", "moves"} <= written


def test_lanes_side_by_side_run_at_once_and_hand_their_outputs_to_the_run(settings):
    import threading

    both_started = threading.Barrier(2, timeout=10)  # broken if the lanes ran one by one

    @step("first lane", reads=("cells",), writes=("first",))
    def first(ctx: RunContext) -> None:
        both_started.wait()
        ctx.put("first", ctx.con.execute("SELECT sum(n) FROM cells").fetchone()[0])

    @step("second lane", reads=("cells",), writes=("second",))
    def second(ctx: RunContext) -> None:
        both_started.wait()
        ctx.put("second", ctx.con.execute("SELECT sum(n) + 1 FROM cells").fetchone()[0])

    ctx = _context(settings)
    run_steps([make_cells, SideBySide(((first,), (second,))), count_cells], ctx)
    assert (ctx.values["first"], ctx.values["second"], ctx.values["count"]) == (1, 2, 1)
    assert {"first", "second"} <= ctx.written


def test_a_lane_reading_what_the_lane_beside_it_writes_is_refused(settings):
    ctx = _context(settings)
    with pytest.raises(StepError, match="count cells.*reads \\['cells'\\].*lane beside"):
        run_steps([SideBySide(((make_cells,), (count_cells,)))], ctx)
    assert not ctx.written, "no lane may have run"


def test_a_failing_lane_fails_the_run_once_the_other_has_stopped(settings):
    @step("broken", writes=("nothing",))
    def broken(ctx: RunContext) -> None:
        raise RuntimeError("disk full")

    ctx = _context(settings)
    with pytest.raises(RuntimeError, match="disk full"):
        run_steps([SideBySide(((make_cells,), (broken,)))], ctx)
    assert "cells" in ctx.written  # the other lane finished before the failure was raised
