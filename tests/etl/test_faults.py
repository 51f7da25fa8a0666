"""A run killed at any moment leaves the previous release served; the next run completes it.

The runs here are real child processes killed with SIGKILL: no cleanup code gets to run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from sqlalchemy import func, select

from core.store.db import make_engine
from core.store.schema import aggregates, etl_runs, inbox_files, release
from etl.lock import RunLocked, run_lock
from etl.pipeline import run
from tests.conftest import make_settings, record, write_csv

#: Kill tests start real child processes and wait for them: left out of the fast loop.
pytestmark = pytest.mark.slow
SECRET = "faults"


def _rows(n: int, seed: int, **values) -> list[dict]:
    rng = random.Random(seed)
    return [record(respondent_id=f"{seed}-{i}", submitted_at=f"2025-0{rng.randint(1, 9)}-10",
                   kommunenummer=rng.choice(["0301", "4601", "5001"]),
                   housing_kg=rng.randint(500, 4000), **values) for i in range(n)]


def _start(settings, **env) -> subprocess.Popen:
    environ = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(settings.data_dir),
               "DATABASE_URL": settings.db_url, "FOTAVTRYKK_KEY_SECRET": SECRET,
               "FOTAVTRYKK_GEODATA_DIR": str(settings.geodata_dir), **env}
    return subprocess.Popen([sys.executable, "-m", "etl.cli", "etl", "run"], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(settings) -> None:
    proc = _start(settings)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out


def _state(settings) -> tuple[int | None, pd.DataFrame, int]:
    """Published run, its rows (without run ids) and the accepted rows ever recorded."""
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        run_id = conn.execute(select(release.c.run_id)).scalar()
        rows = pd.read_sql(select(aggregates).where(aggregates.c.run_id == run_id), conn)
        accepted = conn.execute(select(func.sum(inbox_files.c.rows_accepted))).scalar() or 0
    engine.dispose()
    rows = rows.drop(columns="run_id").sort_values(
        ["level", "area_code", "period", "category"]).reset_index(drop=True)
    return run_id, rows, int(accepted)


def _reference(tmp_path, batches: list[list[dict]]) -> tuple[pd.DataFrame, int]:
    """The same deliveries processed without any fault."""
    settings = make_settings(tmp_path / "reference", key_secret=SECRET)
    for i, rows in enumerate(batches):
        write_csv(settings.inbox_dir / f"batch{i}.csv", rows)
        _finish(settings)
    _, rows, accepted = _state(settings)
    return rows, accepted


def _kill_second_publish(settings, batches) -> int:
    """Publish the first batch, kill the run publishing the second one inside its
    transaction, and check readers still see the first release, whole. Its run id."""
    write_csv(settings.inbox_dir / "batch0.csv", batches[0])
    _finish(settings)
    first_run, before, _ = _state(settings)
    write_csv(settings.inbox_dir / "batch1.csv", batches[1])
    proc = _start(settings, FOTAVTRYKK_PUBLISH_PAUSE_S="120")
    for line in proc.stdout:
        if "paused inside the publish transaction" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    run_id, now_served, _ = _state(settings)
    assert run_id == first_run
    pd.testing.assert_frame_equal(before, now_served)
    assert (settings.inbox_dir / "batch1.csv").exists()
    return first_run


def test_kill_inside_the_publish_transaction_keeps_the_previous_release(tmp_path):
    settings = make_settings(tmp_path / "live", key_secret=SECRET)
    batches = [_rows(60, 1), _rows(60, 2, transport_kg=9000)]
    first_run = _kill_second_publish(settings, batches)
    _finish(settings)  # the next night
    expected, expected_accepted = _reference(tmp_path, batches)
    run_id, after, accepted = _state(settings)
    assert run_id != first_run
    pd.testing.assert_frame_equal(expected, after)
    assert accepted == expected_accepted == 120
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        statuses = [r.status for r in conn.execute(select(etl_runs).order_by(etl_runs.c.run_id))]
    engine.dispose()
    assert statuses == ["succeeded", "failed", "succeeded"]


def test_kills_at_random_moments_never_lose_or_double_count(tmp_path):
    rng = random.Random(11)
    settings = make_settings(tmp_path / "live", key_secret=SECRET)
    batches = [_rows(200, 10 + i) for i in range(3)]
    for i, rows in enumerate(batches):
        write_csv(settings.inbox_dir / f"batch{i}.csv", rows)
        proc = _start(settings)
        time.sleep(rng.uniform(0.5, 3.0))  # from start-up to after the commit
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    _finish(settings)
    expected, expected_accepted = _reference(tmp_path, [sum(batches, [])])
    _, after, accepted = _state(settings)
    pd.testing.assert_frame_equal(expected, after)
    assert accepted == expected_accepted == 600


def test_a_run_stopped_after_publishing_files_its_inputs_next_time(tmp_path, monkeypatch):
    settings = make_settings(tmp_path, key_secret=SECRET)
    write_csv(settings.inbox_dir / "a.csv", _rows(40, 3))

    def no_move(*_args):
        raise OSError("disk unplugged")

    monkeypatch.setattr("etl.pipeline.shutil.move", no_move)
    with pytest.raises(OSError):
        run(settings, progress=lambda _: None)
    monkeypatch.undo()
    _, published, accepted = _state(settings)
    report = run(settings, progress=lambda _: None)
    assert report.files == {"already_processed": 1}
    assert list(settings.archive_dir.glob("*-a.csv")), "moved to where the store says it is"
    _, again, accepted_again = _state(settings)
    pd.testing.assert_frame_equal(published, again)
    assert accepted == accepted_again == 40


def test_two_runs_never_overlap(settings):
    with run_lock(settings.data_dir), pytest.raises(RunLocked):
        run(settings, progress=lambda _: None)


@pytest.mark.postgres
def test_kill_inside_the_publish_transaction_on_postgresql(tmp_path, postgres_url):
    from core.settings import get_settings

    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url,
                            key_secret=SECRET)
    first_run = _kill_second_publish(settings, [_rows(60, 1), _rows(60, 2)])
    _finish(settings)
    run_id, after, accepted = _state(settings)
    assert run_id != first_run and accepted == 120
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        run_ids = {r for (r,) in conn.execute(select(aggregates.c.run_id).distinct())}
    engine.dispose()
    assert run_ids == {first_run, run_id}  # nothing of the killed run was left behind


def test_a_half_created_schema_rolls_back_on_sqlite(tmp_path):
    """A first run killed while creating the store must not leave half a schema behind."""
    from sqlalchemy import inspect

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        etl_runs.create(conn)
        raise RuntimeError("killed")
    assert not inspect(engine).has_table("etl_runs")
    engine.dispose()
