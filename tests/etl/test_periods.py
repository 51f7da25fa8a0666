"""A release starts at the first month that can be published, not at the oldest record."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select

from core.store.db import make_engine
from core.store.schema import aggregates, release
from etl.pipeline import run
from tests.conftest import NOW, record, write_csv


def _published(settings) -> tuple[date, date]:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        pointer = conn.execute(select(release.c.first_period)).scalar_one()
        periods = pd.read_sql(select(aggregates.c.period), conn)["period"]
    engine.dispose()
    return pointer, min(pd.to_datetime(periods)).date()


def test_one_stray_old_record_does_not_stretch_every_series(settings):
    k = settings.min_respondents
    rows = [record(submitted_at="2015-03-01")] + [record() for _ in range(k)]  # June 2025
    write_csv(settings.inbox_dir / "a.csv", rows)
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows["accepted"] == len(rows)  # the 2015 record is kept, not refused
    assert _published(settings) == (date(2025, 6, 1), date(2025, 6, 1))


def test_a_series_starts_in_the_first_month_whose_window_holds_k_respondents(settings):
    k = settings.min_respondents
    rows = [record(submitted_at="2025-01-20") for _ in range(k - 1)]
    rows += [record(submitted_at="2025-02-03")]
    write_csv(settings.inbox_dir / "a.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    # January alone has k - 1; February's window adds one more and reaches k.
    assert _published(settings) == (date(2025, 2, 1), date(2025, 2, 1))


def test_a_series_starts_in_its_first_month_when_that_month_alone_holds_k(settings):
    k = settings.min_respondents
    rows = [record(submitted_at="2025-01-20") for _ in range(k)]
    rows += [record(submitted_at="2025-03-03")]
    write_csv(settings.inbox_dir / "a.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    assert _published(settings)[0] == date(2025, 1, 1)


def test_a_respondent_answering_twice_in_the_first_month_counts_once(settings):
    k = settings.min_respondents
    rows = [record(submitted_at="2025-01-20") for _ in range(k - 1)]
    # k records in January, from only k - 1 respondents: January cannot be published.
    rows += [record(respondent_id=rows[0]["respondent_id"], submitted_at="2025-01-25")]
    rows += [record(submitted_at="2025-02-03")]
    write_csv(settings.inbox_dir / "a.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    assert _published(settings)[0] == date(2025, 2, 1)
