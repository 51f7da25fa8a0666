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


def test_a_delivery_over_2_gib_can_be_logged(postgres_url):
    """The file log keeps sizes beyond 32 bits (a 3 GiB delivery once failed every night)."""
    from sqlalchemy import insert, select

    from core.store.db import make_engine, migrate
    from core.store.schema import etl_runs, inbox_files

    migrate(postgres_url)
    engine = make_engine(postgres_url)
    size = 3 * 2**30
    with engine.begin() as conn:
        run_id = conn.execute(insert(etl_runs).values(
            started_at=NOW, status="succeeded", code_version="test", settings="{}"),
        ).inserted_primary_key[0]
        conn.execute(insert(inbox_files).values(
            sha256="f" * 64, file_name="big.csv", size_bytes=size, run_id=run_id,
            outcome="accepted"))
        assert conn.execute(select(inbox_files.c.size_bytes)).scalar_one() == size
    engine.dispose()
