"""File names a provider chooses never block a night, vanish unreported or break the log."""

from __future__ import annotations

import pandas as pd
import pytest

from core.store.schema import inbox_files
from etl.pipeline import run
from etl.status import last_runs
from tests.conftest import NOW, read_table, record, write_csv


def _night(settings, name: str, lines: list[str] | None = None):
    write_csv(settings.inbox_dir / name, [record() for _ in range(12)])
    out = [] if lines is None else lines
    return run(settings, now=NOW, progress=out.append)


def _files(settings) -> pd.DataFrame:
    return read_table(settings, inbox_files)


@pytest.mark.slow
def test_a_name_too_long_for_the_archive_does_not_block_later_nights(settings):
    long_name = "ø" * 110 + ".csv"  # 224 bytes: over the limit once a checksum is in front
    assert len(long_name.encode()) + 65 > 255  # guard: the old archive name could not exist
    first = _night(settings, long_name)
    assert first.status == "succeeded"
    second = _night(settings, "tomorrow.csv")
    assert second.status == "succeeded" and second.files == {"accepted": 1}
    assert not list(settings.inbox_dir.iterdir())
    files = _files(settings).set_index("file_name")
    assert long_name in files.index  # the store keeps the name as delivered
    archived = settings.data_dir / files.loc[long_name, "stored_as"]
    assert archived.exists() and len(archived.name.encode()) <= 143


def test_names_starting_with_two_dots_are_deliveries(settings):
    report = _night(settings, "..export.csv")
    assert report.files == {"accepted": 1} and report.rows["accepted"] == 12


def test_files_still_being_written_are_left_and_reported(settings):
    settings.inbox_dir.mkdir(parents=True)
    for name in ("upload.csv.part", "upload.csv.tmp", ".upload.csv"):
        (settings.inbox_dir / name).write_text("respondent_id\n", encoding="utf-8")
    report = _night(settings, "done.csv")
    assert report.files == {"accepted": 1, "skipped": 3}
    assert len(list(settings.inbox_dir.iterdir())) == 3  # still there for their writer
    assert sum(line.strip().startswith("skipped") for line in last_runs(settings)) == 3


def test_a_newline_in_a_name_stays_on_one_log_line(settings):
    lines: list[str] = []
    report = _night(settings, "jan\nfeb.csv", lines)
    assert report.files == {"accepted": 1}
    assert any("'jan\\nfeb.csv'" in line for line in lines)
    assert not any("\n" in line for line in lines)
