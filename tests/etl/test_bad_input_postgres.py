"""Bad input on PostgreSQL, where COPY is stricter about types than SQLite."""

from __future__ import annotations

import pytest

from core.settings import get_settings
from etl.pipeline import run
from tests.conftest import NOW, record, write_csv

pytestmark = pytest.mark.postgres


def test_a_rejected_file_next_to_an_accepted_one_does_not_fail_the_night(tmp_path,
                                                                        postgres_url):
    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    write_csv(settings.inbox_dir / "good.csv", [record() for _ in range(12)]
              + [record(housing_kg="-1")])
    (settings.inbox_dir / "empty.csv").write_bytes(b"")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded"
    assert report.files == {"accepted": 1, "rejected": 1}
    assert not list(settings.inbox_dir.iterdir())  # both filed away: the next night is free
    write_csv(settings.inbox_dir / "next.csv", [record() for _ in range(12)])
    assert run(settings, now=NOW, progress=lambda _: None).rows["accepted"] == 12
