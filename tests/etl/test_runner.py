"""The runner holds every step to its declaration: inputs written before, outputs written."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from etl import pipeline
from etl.report import Progress, RunReport
from etl.runner import RunContext, StepError, run_steps, step


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
    for current in (*pipeline.INTAKE, *pipeline.ESTIMATE):
        assert set(current.reads) <= written, f"{current.name} reads {current.reads}"
        written.update(current.writes)
    assert {"published", "area_rows", "quarantine", "new_files", "moves"} <= written
