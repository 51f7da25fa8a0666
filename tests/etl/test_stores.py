"""The same deliveries give the same published numbers on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from sqlalchemy import select

from core.settings import get_settings
from core.store.db import make_engine
from core.store.schema import aggregates, areas, release
from etl.demo import generate
from etl.pipeline import run
from tests.conftest import NOW, make_settings

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _release(settings) -> dict[str, pd.DataFrame]:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        run_id = conn.execute(select(release.c.run_id)).scalar_one()
        out = {t.name: pd.read_sql(select(t).where(t.c.run_id == run_id), conn)
               .drop(columns="run_id").sort_values(keys).reset_index(drop=True)
               for t, keys in ((aggregates, ["level", "area_code", "period", "category"]),
                               (areas, ["level", "code"]))}
    engine.dispose()
    out["aggregates"]["period"] = pd.to_datetime(out["aggregates"]["period"])
    out["aggregates"]["reliable"] = out["aggregates"]["reliable"].astype("boolean")
    out["aggregates"]["suppressed"] = out["aggregates"]["suppressed"].astype(bool)
    return out


def test_sqlite_and_postgresql_publish_identical_numbers(tmp_path, postgres_url):
    delivered = tmp_path / "delivered"
    generate(delivered, n_rows=20_000, seed=3, geodata_dir=make_settings(tmp_path).geodata_dir,
             dirty=0.01, end_month="2026-10")
    stores = []
    for name, url in (("sqlite", None), ("postgresql", postgres_url)):
        settings = make_settings(tmp_path / name, key_secret="stores")
        if url:
            settings = get_settings(data_dir=tmp_path / name / "data", database_url=url,
                                    key_secret="stores")
        shutil.copytree(delivered, settings.inbox_dir)
        run(settings, now=NOW, progress=lambda _: None)
        stores.append(_release(settings))
    sqlite, postgres = stores
    for table in ("aggregates", "areas"):
        pd.testing.assert_frame_equal(sqlite[table], postgres[table], check_dtype=False)
    assert sqlite["aggregates"]["mean"].notna().sum() > 1000
