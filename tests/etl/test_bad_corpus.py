"""Issue 10's bad-input corpus, on SQLite and PostgreSQL: every night finishes, keeps every
good row, counts every line, and leaves the next night free to publish."""

from __future__ import annotations

import json
import os
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from core.settings import get_settings
from core.store.db import make_engine
from core.store.schema import inbox_files, quarantine, release
from etl.pipeline import run
from tests.conftest import NOW, record, write_csv
from tests.etl.bad_corpus import LONG_NAME, write_corpus


def _tables(settings) -> dict[str, pd.DataFrame]:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        out = {t.name: pd.read_sql(select(t), conn) for t in (inbox_files, quarantine, release)}
    engine.dispose()
    return out


def _night_with_the_corpus(settings) -> None:
    corpus = write_corpus(settings.inbox_dir)
    lines: list[str] = []
    report = run(settings, now=NOW, progress=lines.append)

    assert report.status == "succeeded" and report.published_rows > 0
    assert report.rows["accepted"] == corpus.good
    assert report.rows["read"] == sum(corpus.lines.values())
    assert report.rows["duplicates"] == 0
    stored = _tables(settings)
    files = stored["inbox_files"].set_index("file_name")
    assert set(files.index[files["outcome"] == "rejected"]) == corpus.rejected
    for name, n in corpus.lines.items():
        assert files.loc[name, "rows_read"] == n, name
        assert files.loc[name, "rows_quarantined"] == len(corpus.bad_rows[name]), name
    # Every bad row is in the quarantine, with a reason and the data row it sits on.
    q = stored["quarantine"]
    rows = q[q["reason"] != "file_rejected"]
    assert rows["reason"].notna().all()
    found = {(f, int(r)) for f, r in zip(rows["source_file"], rows["row_number"], strict=True)}
    assert found == {(f, r) for f, bad in corpus.bad_rows.items() for r in bad}
    huge = rows[rows["source_file"] == "huge-fields.csv"]
    assert set(huge["reason"]) == {"line_too_long"}
    assert json.loads(huge["record"].iloc[0])["line"] == 3  # the header is line 1
    assert set(rows.loc[rows["source_file"] == "numbers.csv", "reason"]) == {
        "non_numeric_value"}
    # A refused Parquet file's reason names the file, not where the server keeps it.
    broken = files.loc["broken.parquet", "reason"]
    assert "broken.parquet" in broken and str(settings.data_dir) not in broken
    # Archived under a name any file system takes; the store keeps the delivered name.
    stored_as = files.loc[LONG_NAME, "stored_as"]
    assert (settings.data_dir / stored_as).exists()
    assert all(len(p.name.encode()) <= 255 for p in settings.archive_dir.iterdir())
    assert not [p for p in settings.inbox_dir.iterdir() if p.name not in corpus.skipped]
    # In-progress files are left, and reported; a newline in a name stays on one log line.
    assert report.files["skipped"] == len(corpus.skipped)
    assert not any(line.startswith("line.csv") for line in lines)
    # Series start where the country has enough respondents, not at the 2015 stray.
    assert stored["release"]["first_period"].iloc[0] == date(2025, 6, 1)


def _next_night_publishes(settings) -> None:
    write_csv(settings.inbox_dir / "tomorrow.csv", [record() for _ in range(12)])
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded"
    assert report.files["accepted"] == 1 and report.rows["accepted"] == 12
    assert _tables(settings)["release"]["run_id"].iloc[0] == report.run_id


@pytest.mark.slow
def test_a_night_of_bad_input_publishes_the_good_rows_on_sqlite(settings):
    _night_with_the_corpus(settings)
    _next_night_publishes(settings)


@pytest.mark.postgres
@pytest.mark.slow
def test_a_night_of_bad_input_publishes_the_good_rows_on_postgresql(tmp_path, postgres_url):
    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    _night_with_the_corpus(settings)
    _next_night_publishes(settings)


def test_the_corpus_writes_what_it_claims(tmp_path):
    """Guard: the corpus itself has the lines, names and sizes the test relies on."""
    corpus = write_corpus(tmp_path, huge_mb=1)
    assert len(LONG_NAME.encode()) > 190
    quote = (tmp_path / "quote.csv").read_text(encoding="utf-8").splitlines()
    assert len(quote) - 1 == corpus.lines["quote.csv"] == 24
    assert quote[4].count('"') % 2 == 1  # data row 4 really opens a quote it never closes
    assert os.path.exists(tmp_path / "new\nline.csv")
    assert corpus.good == sum(n - len(corpus.bad_rows[f]) for f, n in corpus.lines.items())
