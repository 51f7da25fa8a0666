"""The page cache in front of the real app: security headers kept with the page, errors
never kept, the map update kept by its body, a publish served at once, warming."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.dashboard.test_inputs import MAP


def test_the_app_serves_kept_pages_with_their_security_headers(app):
    client = app.test_client()
    first = client.get("/kommune/5001?lang=en")
    second = client.get("/kommune/5001?lang=en")
    assert second.headers.get("X-Cache") == "hit"
    assert second.get_data() == first.get_data()
    policy = second.headers["Content-Security-Policy"]
    assert policy == first.headers["Content-Security-Policy"] and "sha256-" in policy
    assert 'lang="en"' in second.get_data(as_text=True)
    assert client.get("/kommune/5001").get_data() != second.get_data()


def test_the_app_never_keeps_a_not_found_page(app):
    client = app.test_client()
    for _ in range(2):
        response = client.get("/kommune/9999")
        assert response.status_code == 404 and response.headers.get("X-Cache") is None


def test_the_app_keeps_the_map_update_by_its_body(app):
    client = app.test_client()
    first = client.post("/_dash-update-component", json=MAP)
    again = client.post("/_dash-update-component", json=MAP)
    other = client.post("/_dash-update-component", json={**MAP, "inputs": [
        *MAP["inputs"][:3], {"id": "home-period", "property": "value", "value": 2}]})
    assert first.status_code == 200 and again.headers["X-Cache"] == "hit"
    assert other.headers["X-Cache"] == "miss" and other.get_data() != first.get_data()


def test_a_new_release_in_the_store_is_served_at_once(demo_store, tmp_path, monkeypatch):
    """A publish rewrites the store's release row; the next request sees it."""
    from dashboard.app import server

    copy = tmp_path / "store.sqlite"
    shutil.copy(Path(demo_store.db_url.split("///", 1)[1]), copy)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{copy}")
    client = server.test_client()
    client.get("/data/kart.csv")
    assert client.get("/data/kart.csv").headers["X-Cache"] == "hit"
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE release SET published_at = '2030-01-01 00:00:00'")
    assert client.get("/data/kart.csv").headers["X-Cache"] == "miss"


def test_warming_after_a_publish_keeps_the_most_visited_answers(app):
    from dashboard import store, warm

    cache = app.wsgi_app
    token = cache.watch.token()
    with app.app_context():
        todo = warm.paths(store.current_release().run_id)
    assert len([p for p in todo if p.startswith("/kommune/")]) > 300  # every municipality
    assert todo[0] == "/"  # the most visited first
    some = [p for p in todo if not p.startswith("/kommune/")] + ["/kommune/5001"]
    assert warm.run(cache, token, {"HTTP_HOST": "localhost"}, some) == len(some)
    client = app.test_client()
    for path in ("/", "/?lang=en", "/kommune/5001", "/data/kart.csv", "/api/v1/latest"):
        assert client.get(path).headers["X-Cache"] == "hit", path
