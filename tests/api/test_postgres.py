"""The API reads a PostgreSQL store (production) the same way, bulk streaming included
(a server-side cursor there)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.settings import get_settings
from tests.conftest import publish_demo

pytestmark = pytest.mark.slow


def test_series_and_bulk_download_read_a_postgresql_store(tmp_path, postgres_url, monkeypatch):
    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    publish_demo(settings)

    from dashboard.api import bulk
    from dashboard.app import server
    from dashboard.cache import cache

    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("FOTAVTRYKK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 1_000)
    with server.app_context():
        cache.clear()
        client = server.test_client()
        rows = client.get("/api/v1/series?area=0301&category=total").get_json()["data"]
        assert rows and rows[0]["area_name"] == "Oslo"
        response = client.get("/api/v1/bulk.csv", buffered=False)
        text = b"".join(response.response).decode()
        response.close()
        frame = pd.read_csv(io.StringIO(text), dtype={"area_code": str}, low_memory=False)
        assert len(frame) > 1_000 and frame.loc[frame["suppressed"], "mean"].isna().all()
        cache.clear()
