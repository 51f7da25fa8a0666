"""Data partners: sources counted per release, a source excluded by configuration."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from core.store.db import make_engine
from core.store.schema import aggregates, release, source_counts
from etl.pipeline import run
from tests.conftest import NOW, make_settings, record, write_csv

SECRET = "same-secret-for-comparable-blurs"


def _published(settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        run_id = conn.execute(select(release.c.run_id)).scalar_one()
        values = pd.read_sql(select(aggregates).where(aggregates.c.run_id == run_id), conn)
        sources = pd.read_sql(select(source_counts).where(source_counts.c.run_id == run_id),
                              conn)
    engine.dispose()
    keys = ["level", "area_code", "period", "category"]
    return (values.drop(columns="run_id").sort_values(keys).reset_index(drop=True),
            sources.drop(columns="run_id"))


def _rows() -> tuple[list[dict], list[dict]]:
    """App users in Oslo, and bank customers in Oslo with much higher transport."""
    app = [record(source="app", submitted_at=f"2025-06-{1 + i % 20:02d}T12:00:00")
           for i in range(34)]
    bank = [record(source="bank", transport_kg="9000") for _ in range(27)]
    return app, bank


def _run(tmp, name: str, rows: list[dict], **overrides):
    settings = make_settings(tmp / name, key_secret=SECRET, **overrides)
    write_csv(settings.inbox_dir / "delivery.csv", rows)
    report = run(settings, now=NOW, progress=lambda _: None)
    return settings, report


@pytest.mark.slow
def test_an_excluded_source_publishes_the_numbers_of_a_run_without_its_rows(tmp_path):
    app, bank = _rows()
    with_bank, _ = _run(tmp_path, "both", app + bank)
    excluded, report = _run(tmp_path, "excluded", app + bank, excluded_sources=" Bank ,")
    without, _ = _run(tmp_path, "app-only", app)
    both_values, _ = _published(with_bank)
    excluded_values, excluded_sources = _published(excluded)
    without_values, without_sources = _published(without)
    # The bank's rows move the numbers: otherwise the comparison below proves nothing.
    assert not both_values["mean"].equals(without_values["mean"])
    pd.testing.assert_frame_equal(excluded_values, without_values)
    pd.testing.assert_frame_equal(excluded_sources, without_sources)
    assert report.reasons["excluded_source"] == len(bank)
    rows = report.rows
    assert rows["read"] == rows["accepted"] + rows["quarantined"] + rows["duplicates"]
    assert rows["accepted"] == len(app)


def test_each_source_is_counted_per_level_rounded_to_5_and_none_under_k(tmp_path):
    app, bank = _rows()
    challenge = [record(source="challenge") for _ in range(4)]  # under k: never shown
    unnamed = [record(source="") for _ in range(12)]
    typo = [record(source="bank account!")]
    repeat = [dict(app[0])]  # the same estimate again counts once
    settings, report = _run(tmp_path, "mixed", app + bank + challenge + unnamed + typo + repeat)
    assert report.reasons["bad_source"] == 1
    _, sources = _published(settings)
    country = sources[sources["level"] == "country"].set_index("source")["records"].to_dict()
    assert country == {"app": 35, "bank": 25, "(none)": 10}
    assert (sources["records"] % 5 == 0).all() and (sources["records"] >= 10).all()
    oslo = sources[(sources["level"] == "kommune") & (sources["area_code"] == "0301")]
    assert set(oslo["source"]) == {"app", "bank", "(none)"}
    assert set(sources["level"]) == {"country", "fylke", "kommune"}


@pytest.mark.slow
def test_excluding_a_source_later_takes_its_accepted_records_out_at_the_next_run(tmp_path):
    app, bank = _rows()
    settings, _ = _run(tmp_path, "later", app + bank)
    without, _ = _run(tmp_path, "app-only", app)
    before, _ = _published(settings)
    assert not before["mean"].equals(_published(without)[0]["mean"])
    excluding = make_settings(tmp_path / "later", key_secret=SECRET, excluded_sources="bank")
    run(excluding, now=NOW, progress=lambda _: None)  # no new files: only the setting changed
    after, sources = _published(excluding)
    pd.testing.assert_frame_equal(after, _published(without)[0])
    assert "bank" not in set(sources["source"])
    # Lifting the exclusion brings the partner's records back.
    run(settings, now=NOW, progress=lambda _: None)
    pd.testing.assert_frame_equal(_published(settings)[0], before)


def test_an_estimate_delivered_again_by_another_source_counts_for_the_first(tmp_path):
    settings = make_settings(tmp_path / "again", key_secret=SECRET)
    first = [record(source="app") for _ in range(12)]
    write_csv(settings.inbox_dir / "a.csv", first)
    run(settings, now=NOW, progress=lambda _: None)
    # The next night a partner delivers the same estimates again under its own name.
    write_csv(settings.inbox_dir / "b.csv", [dict(r, source="bank") for r in first])
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows["duplicates"] == len(first)  # guard: they were seen as repeats
    _, sources = _published(settings)
    country = sources[sources["level"] == "country"].set_index("source")["records"].to_dict()
    assert country == {"app": 10}


def test_staging_from_before_repeats_were_kept_beside_it_is_rebuilt_and_counts_them_once(
        tmp_path):
    settings = make_settings(tmp_path / "upgrade", key_secret=SECRET)
    first = [record(source="app") for _ in range(12)]
    write_csv(settings.inbox_dir / "a.csv", first)
    run(settings, now=NOW, progress=lambda _: None)
    write_csv(settings.inbox_dir / "b.csv", [dict(r, source="bank") for r in first])
    run(settings, now=NOW, progress=lambda _: None)
    # Staging as an earlier version wrote it: no repeats beside the files, no layout marker.
    for path in [*settings.staging_dir.glob("*.later.parquet"),
                 settings.staging_dir / "staging-layout.txt"]:
        path.unlink()
    said: list[str] = []
    run(settings, now=NOW, progress=said.append)  # no new files
    assert any("earlier layout" in line for line in said)
    _, sources = _published(settings)
    country = sources[sources["level"] == "country"].set_index("source")["records"].to_dict()
    assert country == {"app": 10}
