"""API fixtures: the Flask server reading the demo store, and its test client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboard.conftest import _point_at


@pytest.fixture
def app(demo_store, monkeypatch) -> Iterator:
    yield from _point_at(monkeypatch, demo_store.db_url, demo_store.data_dir)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def empty_app(tmp_path, monkeypatch) -> Iterator:
    """The server before the first ETL run: no store file at all."""
    yield from _point_at(monkeypatch, f"sqlite:///{tmp_path / 'none' / 'store.sqlite'}", tmp_path)
