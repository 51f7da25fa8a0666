"""The dashboard reads a PostgreSQL store (production) the same way as SQLite."""

from __future__ import annotations

import json

import pytest

from core.settings import get_settings
from tests.conftest import publish_demo


@pytest.mark.postgres
def test_pages_and_map_updates_read_a_postgresql_store(tmp_path, postgres_url, monkeypatch):
    settings = get_settings(data_dir=tmp_path / "data", database_url=postgres_url)
    publish_demo(settings)

    from dashboard import store
    from dashboard.app import server
    from dashboard.cache import cache
    from dashboard.components.map import map_data, map_patch
    from dashboard.pages import kommune
    from dashboard.state import View

    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("FOTAVTRYKK_DATA_DIR", str(settings.data_dir))
    with server.app_context():
        cache.clear()
        rel = store.current_release()
        assert rel is not None
        data, breaks = map_data(rel, View(period=rel.last_period))
        assert len(data) == 357 and data["suppressed"].any()
        patch = json.dumps(map_patch(data, breaks, "nb").to_plotly_json())
        assert len(patch) < 30_000
        assert "Trondheim" in str(kommune.layout(code="5001-trondheim"))
        response = server.test_client().get("/data/kommune/5001.csv")
        assert response.status_code == 200 and "suppressed" in response.get_data(as_text=True)
        cache.clear()
