"""`/healthz` and `/readyz` tell a load balancer "down" from "no data yet" from "stale"."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.health import readiness


def _client(monkeypatch, db_url: str, **env):
    from dashboard.app import server

    monkeypatch.setenv("DATABASE_URL", db_url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return server.test_client()


def test_readyz_is_200_with_the_release_when_the_store_is_fresh(demo_store, monkeypatch):
    response = _client(monkeypatch, demo_store.db_url).get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ready"] is True and body["reason"] == "ok"
    assert body["run_id"] == 1 and 0 <= body["age_hours"] < 1
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_when_the_store_is_missing(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'none' / 'store.sqlite'}"
    response = _client(monkeypatch, url).get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["reason"].startswith("store unreachable")


def test_healthz_answers_ok_even_when_the_store_is_missing(tmp_path, monkeypatch):
    response = _client(monkeypatch, f"sqlite:///{tmp_path / 'none' / 'store.sqlite'}").get(
        "/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert not (tmp_path / "none" / "store.sqlite").exists()  # it never opened the store


def test_readyz_is_503_when_the_last_successful_run_is_older_than_the_setting(
        demo_store, monkeypatch):
    # Guard: the same store is ready with the default limit, so only the setting differs.
    assert _client(monkeypatch, demo_store.db_url).get("/readyz").status_code == 200
    response = _client(monkeypatch, demo_store.db_url,
                       FOTAVTRYKK_READY_MAX_AGE_HOURS="0.00001").get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["reason"].startswith("last successful ETL run is") and body["run_id"] == 1


def test_a_run_two_days_ago_is_stale_with_the_default_limit(demo_store):
    later = datetime.now(UTC) + timedelta(hours=48)
    answer = readiness(demo_store.db_url, demo_store.ready_max_age_hours, now=later)
    assert demo_store.ready_max_age_hours == 36
    assert not answer.ready and "limit 36 h" in answer.reason and answer.age_hours >= 48


def _store_copy(demo_store, tmp_path: Path, *statements: str) -> str:
    copy = tmp_path / "store.sqlite"
    shutil.copy(Path(demo_store.db_url.split("///", 1)[1]), copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            conn.execute(statement)
    return f"sqlite:///{copy}"


def test_readyz_is_503_before_the_first_release(demo_store, tmp_path, monkeypatch):
    url = _store_copy(demo_store, tmp_path, "DELETE FROM release")
    response = _client(monkeypatch, url).get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["reason"] == "no release published yet"


@pytest.mark.parametrize("status", ["failed", "running"])
def test_only_succeeded_runs_count_as_fresh(demo_store, tmp_path, status):
    url = _store_copy(demo_store, tmp_path, f"UPDATE etl_runs SET status = '{status}'")
    answer = readiness(url, 36)
    assert not answer.ready and answer.reason == "no successful ETL run recorded"
