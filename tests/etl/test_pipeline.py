"""The ETL end to end on SQLite: bad input, counts that add up, idempotence, safe failure."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import select

from core.store.db import make_engine
from core.store.schema import aggregates, etl_runs, inbox_files, quarantine, release
from etl.pipeline import run
from tests.conftest import NOW, record, write_csv


def _run(settings):
    return run(settings, now=NOW, progress=lambda _: None)


def _published(settings) -> pd.DataFrame:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        run_id = conn.execute(select(release.c.run_id)).scalar_one()
        frame = pd.read_sql(select(aggregates).where(aggregates.c.run_id == run_id), conn)
    engine.dispose()
    return frame.drop(columns="run_id").sort_values(
        ["level", "area_code", "period", "category"]).reset_index(drop=True)


def _oslo_rows(n: int, **values) -> list[dict]:
    return [record(**values) for _ in range(n)]


def test_counts_add_up_and_bad_rows_are_quarantined_with_reasons(settings):
    rows = _oslo_rows(30) + [
        record(housing_kg="-5"),
        record(transport_kg="lots"),
        record(kommunenummer="9999"),
        record(submitted_at="2031-01-01"),
        record(food_kg="250000"),
        record(kommunenummer="", postnummer=""),
        record(respondent_id=""),
    ]
    rows.append(dict(rows[0]))  # an exact repeat of an accepted estimate
    write_csv(settings.inbox_dir / "batch.csv", rows)
    report = _run(settings)
    assert report.rows["read"] == 38
    assert report.rows["accepted"] == 30
    assert report.rows["duplicates"] == 1
    assert report.rows["read"] == (
        report.rows["accepted"] + report.rows["quarantined"] + report.rows["duplicates"])
    assert dict(report.reasons) == {
        "negative_value": 1, "non_numeric_value": 1, "unknown_kommune": 1, "future_date": 1,
        "absurd_total": 1, "missing_location": 1, "missing_respondent_id": 1,
    }
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        reasons = sorted(r.reason for r in conn.execute(select(quarantine)))
    assert len(reasons) == 7
    assert (settings.archive_dir).glob("*batch.csv")


def test_file_missing_a_column_is_moved_aside_and_the_run_goes_on(settings):
    write_csv(settings.inbox_dir / "good.csv", _oslo_rows(20))
    columns = tuple(c for c in record() if c != "food_kg")
    write_csv(settings.inbox_dir / "bad.csv", _oslo_rows(5), columns=columns)
    report = _run(settings)
    assert report.status == "succeeded"
    assert report.files == {"accepted": 1, "rejected": 1}
    rejected = list(settings.rejected_dir.glob("*bad.csv"))
    assert len(rejected) == 1
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        row = conn.execute(select(inbox_files).where(inbox_files.c.outcome == "rejected")).one()
    assert "food_kg" in row.reason
    assert not list(settings.inbox_dir.iterdir())


def test_empty_and_wrongly_delimited_files_are_rejected_with_a_reason(settings):
    (settings.inbox_dir).mkdir(parents=True)
    (settings.inbox_dir / "empty.csv").write_bytes(b"")
    semicolons = ";".join(record()) + "\n" + ";".join(record().values()) + "\n"
    (settings.inbox_dir / "semi.csv").write_text(semicolons, encoding="utf-8")
    report = _run(settings)
    reasons = {i["file"]: i.get("reason", "") for i in report.inputs}
    assert "empty" in reasons["empty.csv"]
    assert "delimiter" in reasons["semi.csv"]


@pytest.mark.slow
def test_rerun_publishes_the_same_numbers(settings):
    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(40) + _oslo_rows(15, kommunenummer="5001"))
    _run(settings)
    first = _published(settings)
    _run(settings)  # empty inbox: recomputed from what was accepted
    assert_frame = pd.testing.assert_frame_equal
    assert_frame(first, _published(settings))
    # The same file delivered again is recognised and not counted twice.
    write_csv(settings.inbox_dir / "a-again.csv",
              pd.read_csv(next(settings.archive_dir.glob("*a.csv")), dtype=str,
                          keep_default_na=False).to_dict("records"))
    report = _run(settings)
    assert report.files["already_processed"] == 1
    assert_frame(first, _published(settings))


@pytest.mark.slow
def test_a_failed_run_leaves_the_previous_release_published(settings, monkeypatch):
    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(30))
    first_report = _run(settings)
    before = _published(settings)
    write_csv(settings.inbox_dir / "b.csv", _oslo_rows(30, housing_kg="9000"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("etl.disclosure.run", broken)
    with pytest.raises(RuntimeError):
        _run(settings)
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        assert conn.execute(select(release.c.run_id)).scalar_one() == first_report.run_id
        last = conn.execute(select(etl_runs).order_by(etl_runs.c.run_id.desc())).first()
    assert last.status == "failed" and "disk full" in last.message
    pd.testing.assert_frame_equal(before, _published(settings))
    assert (settings.inbox_dir / "b.csv").exists(), "an unpublished file stays in the inbox"
    monkeypatch.undo()
    report = _run(settings)
    assert report.files["accepted"] == 1
    assert json.loads(json.dumps(report.counts()))["rows"]["accepted"] == 30


def test_small_cells_are_suppressed_and_never_published_as_numbers(settings):
    write_csv(settings.inbox_dir / "a.csv",
              _oslo_rows(30) + _oslo_rows(3, kommunenummer="5001", postnummer=""))
    _run(settings)
    published = _published(settings)
    trondheim = published[published["area_code"] == "5001"]
    assert len(trondheim) and trondheim["suppressed"].all()
    assert trondheim["mean"].isna().all() and trondheim["respondents"].isna().all()


@pytest.mark.slow
def test_rebuild_from_the_archive_publishes_the_same_numbers(tmp_path):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, key_secret="rebuild")
    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(40))
    _run(settings)
    write_csv(settings.inbox_dir / "b.csv", _oslo_rows(25, kommunenummer="4601"))
    _run(settings)
    before = _published(settings)
    report = run(settings, rebuild=True, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded" and report.rows["read"] == 0  # nothing new
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        assert conn.execute(select(release.c.run_id)).scalar_one() == report.run_id
    engine.dispose()
    pd.testing.assert_frame_equal(before, _published(settings))


def test_progress_names_every_file_and_stage_with_its_speed(settings):
    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(30))
    lines: list[str] = []
    run(settings, now=NOW, progress=lines.append)
    text = "\n".join(lines)
    assert "a.csv: 30 rows in" in text and "rows/s" in text
    for stage in ("check, place", "aggregate", "weight and estimate", "suppress and round",
                  "publish"):
        assert stage in text


def test_status_shows_runs_counts_reasons_and_rejected_files(settings):
    from etl.status import last_runs

    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(20) + [record(housing_kg="-1")])
    (settings.inbox_dir / "empty.csv").write_bytes(b"")
    _run(settings)
    lines = last_runs(settings)
    assert lines[0].startswith("run 1 (published): succeeded")
    assert "rows read 21 = accepted 20 + quarantined 1 + duplicates 0" in lines[0]
    assert "negative_value 1" in lines[1]
    assert "rejected empty.csv: the file is empty" in lines[2]


@pytest.mark.slow
def test_lost_staging_is_rebuilt_from_the_archive(tmp_path):
    import shutil

    from tests.conftest import make_settings

    settings = make_settings(tmp_path, key_secret="rebuild")
    write_csv(settings.inbox_dir / "a.csv", _oslo_rows(40))
    _run(settings)
    before = _published(settings)
    shutil.rmtree(settings.staging_dir)  # e.g. a rebuild killed after clearing it
    write_csv(settings.inbox_dir / "b.csv", _oslo_rows(5))
    report = _run(settings)
    assert report.status == "succeeded" and report.rows["accepted"] == 5
    after = _published(settings)
    assert len(after) == len(before) and not after.equals(before)  # 45 respondents now
