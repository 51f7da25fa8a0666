"""Each v1 endpoint on the demo store, as an analyst would call it."""

from __future__ import annotations

import csv
import io

import pandas as pd


def test_areas_list_every_level_with_neighbours_and_population(client):
    body = client.get("/api/v1/areas?level=kommune").get_json()
    rows = body["data"]
    assert len(rows) > 300 and {r["level"] for r in rows} == {"kommune"}
    trondheim = next(r for r in rows if r["code"] == "5001")
    assert trondheim["name"] == "Trondheim" and trondheim["population"] > 100_000
    assert trondheim["neighbours"] and trondheim["parent_code"] == "50"
    assert body["meta"]["unit"] == "t CO2e per person per year"
    fylker = client.get("/api/v1/areas?level=fylke").get_json()["data"]
    assert len(fylker) == 15


def test_series_of_a_county_has_every_month_and_category(client):
    rel = client.get("/api/v1/release").get_json()
    rows = client.get("/api/v1/series?area=50&level=fylke").get_json()["data"]
    months = sorted({r["period"] for r in rows})
    assert months[0] == rel["first_period"] and months[-1] == rel["last_period"]
    assert {r["category"] for r in rows} == {"total", "housing", "transport", "food",
                                             "goods", "public"}
    shown = [r for r in rows if not r["suppressed"]]
    assert shown and all(r["ci_low"] <= r["mean"] <= r["ci_high"] for r in shown)
    assert all(r["release"] == rel["run_id"] for r in rows)


def test_series_narrows_to_a_category_and_a_range_of_months(client):
    rows = client.get("/api/v1/series?area=0301&category=food&from=2026-01&to=2026-03"
                      ).get_json()["data"]
    assert [r["period"] for r in rows] == ["2026-01", "2026-02", "2026-03"]
    assert {r["category"] for r in rows} == {"food"}


def test_suppressed_values_are_empty_with_a_flag_and_a_reason(client):
    rows = client.get("/api/v1/latest?level=kommune&category=total").get_json()["data"]
    hidden = [r for r in rows if r["suppressed"]]
    assert hidden, "the demo store suppresses some municipalities in the latest month"
    for row in hidden:
        assert row["mean"] is None and row["ci_low"] is None and row["respondents"] is None
        assert row["suppression"] in {"primary", "secondary"}
    text = client.get("/api/v1/latest.csv?level=kommune&category=total").get_data(as_text=True)
    frame = pd.read_csv(io.StringIO(text), dtype={"area_code": str})
    hidden_csv = frame[frame["suppressed"]]
    assert len(hidden_csv) == len(hidden) and hidden_csv["mean"].isna().all()
    assert (frame["mean"].dropna() > 0).all()  # no sentinel such as -99


def test_latest_has_one_row_per_area_for_the_last_month(client):
    rel = client.get("/api/v1/release").get_json()
    rows = client.get("/api/v1/latest?level=fylke&category=transport").get_json()["data"]
    assert len(rows) == len({r["area_code"] for r in rows}) == 15
    assert {r["period"] for r in rows} == {rel["last_period"]}


def test_json_and_csv_carry_the_same_rows(client):
    url = "/api/v1/series?area=5001&category=total"
    rows = client.get(url).get_json()["data"]
    table = list(csv.DictReader(io.StringIO(client.get(url + "&format=csv").get_data(
        as_text=True))))
    assert len(table) == len(rows)
    assert [r["period"] for r in table] == [r["period"] for r in rows]
    shown = next(i for i, r in enumerate(rows) if r["mean"] is not None)
    assert float(table[shown]["mean"]) == rows[shown]["mean"]


def test_country_series_exists(client):
    country = client.get("/api/v1/areas?level=country").get_json()["data"]
    assert len(country) == 1
    rows = client.get(f"/api/v1/series?level=country&area={country[0]['code']}&category=total"
                      ).get_json()["data"]
    assert rows and not any(r["suppressed"] for r in rows)


def test_release_dictionary_and_changelog(client):
    rel = client.get("/api/v1/release").get_json()
    assert rel["licence"] == "CC BY 4.0" and rel["method_version"] and rel["sources"]
    columns = client.get("/api/v1/dictionary").get_json()["data"]
    mean = next(c for c in columns if c["column"] == "mean")
    assert mean["unit"] == "t CO2e per person per year" and mean["licence"] == "CC BY 4.0"
    changes = client.get("/api/v1/changelog").get_json()["data"]
    assert changes and {"date", "kind", "change"} <= set(changes[0])
