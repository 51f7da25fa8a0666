"""/api/v1/participation: participation and the stayers' change of one area, as documented."""

from __future__ import annotations

import csv
import io

from dashboard.api.fields import PARTICIPATION_FIELDS, names


def test_an_area_answers_with_exactly_the_documented_fields(client):
    body = client.get("/api/v1/participation?area=0301").get_json()
    rows = body["data"]
    assert rows and body["meta"]["licence"] == "CC BY 4.0"
    assert all(set(r) == set(names(PARTICIPATION_FIELDS)) for r in rows)
    shown = [r for r in rows if r["per_1000"] is not None]
    assert shown
    for r in shown:  # the rate is the published count over the adults, nothing more
        assert abs(r["per_1000"] - r["respondents"] / r["adults"] * 1000) <= 0.05 + 1e-9
    for r in rows:
        if r["suppressed"]:
            assert r["respondents"] is None and r["per_1000"] is None


def test_the_stayers_change_comes_with_its_interval_where_published(client):
    rows = client.get("/api/v1/participation?area=NO&level=country").get_json()["data"]
    published = [r for r in rows if r["stayer_change"] is not None]
    assert published
    for r in published:
        assert r["stayer_ci_low"] <= r["stayer_change"] <= r["stayer_ci_high"]
        assert r["stayer_trend"] in {"falling", "rising", "steady"}


def test_months_narrow_and_csv_has_the_same_columns(client):
    rows = client.get("/api/v1/participation?area=0301&from=2026-09&to=2026-10")
    assert [r["period"] for r in rows.get_json()["data"]] == ["2026-09", "2026-10"]
    text = client.get("/api/v1/participation.csv?area=0301&from=2026-10").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == names(PARTICIPATION_FIELDS) and len(table) == 1


def test_a_missing_or_unknown_area_is_an_error_not_an_empty_answer(client):
    assert client.get("/api/v1/participation").status_code == 400
    assert client.get("/api/v1/participation?area=9999").status_code == 404
    assert client.get("/api/v1/participation?area=0301&colour=red").status_code == 400
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/participation.csv" in document["paths"]
    assert set(document["components"]["schemas"]["Participation"]["properties"]) == \
        set(names(PARTICIPATION_FIELDS))
