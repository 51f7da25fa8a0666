"""The API as HTTP: bad input answers 4xx JSON, conditional requests 304, any origin may
read it, and a store that is down answers 503 JSON."""

from __future__ import annotations

import pytest

BAD = [
    ("/api/v1/series?area=9999", 404, "area"),
    ("/api/v1/series", 400, "area"),
    ("/api/v1/series?area=0301&category=cars", 400, "category"),
    ("/api/v1/series?area=0301&from=2026-13", 400, "from"),
    ("/api/v1/series?area=0301&from=26-01", 400, "from"),
    ("/api/v1/series?area=0301&to=0000-01", 400, "to"),
    ("/api/v1/series?area=0301&from=1999-01", 400, "from"),
    ("/api/v1/series?area=0301&from=2026-05&to=2026-01", 400, "from"),
    ("/api/v1/series?area=0301'%20OR%201=1--", 400, "area"),
    ("/api/v1/series?area=" + "1" * 5000, 400, "area"),
    ("/api/v1/latest?level=planet", 400, "level"),
    ("/api/v1/areas?format=xml", 400, "format"),
    ("/api/v1/areas?lvl=kommune", 400, "lvl"),
    ("/api/v1/nothing-here", 404, None),
]


@pytest.mark.parametrize(("url", "status", "parameter"), BAD)
def test_bad_input_answers_4xx_json_naming_the_problem(client, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["problem"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_client_holding_the_answer_gets_304(client):
    first = client.get("/api/v1/latest?level=fylke")
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/api/v1/latest?level=fylke",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    since = client.get("/api/v1/latest?level=fylke",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get("/api/v1/latest?level=kommune",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200, "another query has another ETag"


def test_answers_are_open_to_any_origin_and_cacheable_but_not_frameable(client):
    response = client.get("/api/v1/areas?level=fylke")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response.headers["Cache-Control"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_store_that_is_down_answers_503_json(client, monkeypatch):
    from dashboard import store

    def down():
        raise store.StoreUnavailable("store unavailable: OperationalError")

    monkeypatch.setattr(store, "current_release", down)
    response = client.get("/api/v1/series?area=0301")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"]["problem"] == "store temporarily unavailable"
    assert response.headers["Cache-Control"] == "no-store"


def test_before_the_first_release_the_api_says_so(empty_app):
    response = empty_app.test_client().get("/api/v1/areas")
    assert response.status_code == 503
    assert "no release" in response.get_json()["error"]["problem"]


def test_the_api_root_points_to_its_document(client):
    body = client.get("/api/v1/").get_json()
    assert client.get(body["openapi"]).get_json()["openapi"] == "3.1.0"
