"""The change-needed panel, the scenario page, its CSV and the sources in every download,
against the demo store, without a browser."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from dash import dcc, html

import dashboard.app  # noqa: F401  (creates the app, which registers the pages)
from dashboard import areas, partners, store
from dashboard.components.pathway import pathway_panel
from dashboard.pages import api_page, scenario
from dashboard.pathways import household_points, pathway
from dashboard.presets import PRESETS
from dashboard.scenario_state import parse, parse_change
from dashboard.views import load
from tests.dashboard.test_pages import text_of


def nodes(component, kind) -> list:
    """Every component of a type in a tree."""
    found = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += nodes(child, kind)
    return found


def links(component) -> list[str]:
    return [a.href for a in nodes(component, html.A)]


def suppressed_code(rel) -> str:
    """A municipality with no published household footprint at all in the release."""
    for code in store.area_table(rel.run_id, "kommune")["code"]:
        if household_points(store.series(rel.run_id, "kommune", code)).empty:
            return code
    pytest.fail("the demo store has no suppressed municipality to test with")


def test_panel_states_gap_yearly_cut_pace_and_links_to_the_scenario(app):
    rel = store.current_release()
    data = load(rel, "5001")
    panel = pathway_panel(data, rel, "en")
    text = text_of(panel)
    assert "The change needed" in text and "2030" in text and "2050" in text
    assert "At today's pace, 2.5 t" in text or "already below" in text
    assert len(nodes(panel, html.Tbody)[0].children) == 3  # one row per milestone
    assert "/scenario/5001?lang=en" in links(panel)
    assert "Endringen som trengs" in text_of(pathway_panel(data, rel, "nb"))


def test_panel_works_for_the_country_without_a_scenario_link(app):
    rel = store.current_release()
    country = load(rel, areas.pack().country_code, level=areas.pack().top.name)
    panel = pathway_panel(country, rel, "en")
    assert "2030" in text_of(panel)
    assert not any("/scenario/" in href for href in links(panel))


def test_panel_for_a_suppressed_municipality_says_not_available(app):
    rel = store.current_release()
    code = suppressed_code(rel)
    panel = pathway_panel(load(rel, code), rel, "en")
    assert "Not available" in text_of(panel)
    assert not nodes(panel, html.Table)


def test_scenario_page_reads_its_changes_from_the_url(app):
    page = scenario.layout(code="5001", transport="-30", housing="−20", lang="en")
    inputs = {i.name: i.value for i in nodes(page, dcc.Input) if i.type == "number"}
    assert inputs == {"housing": -20, "transport": -30, "food": 0, "goods": 0}
    text = text_of(page)
    assert "Scenario for Trondheim" in text and "in 2030" in text
    rows = nodes(nodes(page, html.Table)[-1], html.Tr)
    assert "−30 %" in text_of(rows[2]) and "−20 %" in text_of(rows[1])
    assert any(h.startswith("/data/scenario/5001.csv?") and "transport=-30" in h
               for h in links(page))


def test_scenario_result_follows_the_changes(app):
    def outcome(**changes) -> str:
        page = scenario.layout(code="5001", lang="en", **changes)
        found = [p for p in nodes(page, html.P) if getattr(p, "id", None) == "sc-outcome"]
        return found[0].children

    assert outcome() != outcome(transport="-50")
    assert "at or below the path" in outcome(**dict.fromkeys(
        ("housing", "transport", "food", "goods"), "-90"))


def test_presets_add_their_stated_effect_and_stay_editable(app):
    page = scenario.layout(code="5001", transport="-10", lang="en")
    found = {a.href for a in nodes(page, html.A) if getattr(a, "className", "") == "preset"}
    cars = next(p for p in PRESETS if p.key == "electric_cars")
    # −10 then −16 compounds: 0.9 · 0.84 = 0.756, i.e. −24.4
    expected = round(100 * (0.9 * (1 + cars.change / 100) - 1), 1)
    assert f"/scenario/5001?transport={expected:g}&lang=en" in found
    assert "assumption" in text_of(page) and "ICCT" in text_of(page)
    assert "antakelse" in text_of(scenario.layout(code="5001"))


def test_scenario_compares_with_the_best_neighbour_and_peer(app):
    text = text_of(scenario.layout(code="5001", lang="en"))
    assert "What would it take to match the best?" in text
    assert "Best neighbour" in text or "Best peer" in text or "already lower" in text


def test_unknown_and_suppressed_areas_get_a_page_not_a_traceback(app):
    rel = store.current_release()
    assert "Cannot find" in text_of(scenario.layout(code="9999", lang="en"))
    text = text_of(scenario.layout(code=suppressed_code(rel), lang="en"))
    assert "Not available" in text and "No scenario can be drawn" in text


def test_scenario_page_before_any_release_shows_a_message(empty_app):
    assert "sc-outcome" not in text_of(scenario.layout(code="5001"))


@pytest.mark.parametrize(("raw", "value"), [("-30", -30.0), ("−12,5", -12.5), ("-30%", -30.0),
                                            ("-500", -100.0), ("1e9", 50.0), ("nan", None),
                                            ("abc", None), (["-5", "-7"], -5.0), ("", None)])
def test_changes_from_the_url_are_read_safely(raw, value):
    assert parse_change(raw) == value


def test_the_parser_keeps_only_changes_and_writes_them_back():
    view = parse({"code": "5001-trondheim", "transport": "-30", "food": "0",
                  "public": "-50", "x": "1", "lang": "en"})
    assert view.code == "5001" and view.lang == "en"
    assert view.changes == (("transport", -30.0),)  # public consumption is not the path's
    assert view.query() == {"transport": "-30"}


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_scenario_csv_holds_the_path_the_page_shows(app):
    client = app.test_client()
    response = client.get("/data/scenario/5001.csv?transport=-30&housing=-20")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = _rows(response)
    assert rows[-1]["date"] == "2030-01-01" and rows[-1]["path_t"] == "2.50"
    cats = ("housing", "transport", "food", "goods")
    for row in rows:
        assert float(row["scenario_t"]) == pytest.approx(sum(float(row[f"{c}_t"])
                                                             for c in cats), abs=0.03)
    first = rows[0]
    assert float(rows[-1]["transport_t"]) == pytest.approx(0.7 * float(first["transport_t"]),
                                                           abs=0.01)
    assert float(rows[-1]["food_t"]) == pytest.approx(float(first["food_t"]))
    assert "household" in first["scope"]
    plain = _rows(client.get("/data/scenario/5001.csv"))
    assert plain[-1]["scenario_t"] == plain[0]["scenario_t"]  # no change, flat
    assert client.get("/data/scenario/9999.csv").status_code == 404


def test_sources_csv_lists_each_partner_per_level_with_its_share(app):
    rel = store.current_release()
    rows = pd.read_csv(io.StringIO(app.test_client().get("/data/sources.csv")
                                   .get_data(as_text=True)))
    assert set(rows["source"]) == {"app", "bank"}
    assert (rows["release"] == rel.run_id).all()
    top = rows[rows["level"] == areas.pack().top.name].set_index("source")
    direct = store.sources(rel.run_id, areas.pack().top.name, areas.pack().country_code)
    assert dict(top["records"]) == dict(zip(direct["source"], direct["records"], strict=True))
    for _, level in rows.groupby("level"):
        assert level["share"].sum() == pytest.approx(1, abs=1e-3)
    assert {"kommune", "fylke"} <= set(rows["level"])


def test_api_page_release_and_bulk_metadata_list_the_partners(app):
    rel = store.current_release()
    assert "/data/sources.csv" in links(api_page.layout(lang="en"))
    assert "app: " in text_of(api_page.layout(lang="en"))
    client = app.test_client()
    named = {p["source"] for p in client.get("/api/v1/release").get_json()["partners"]}
    assert named == {"app", "bank"}
    assert client.get("/api/v1/dictionary").get_json()["partners"] == partners.country(
        rel.run_id)
    response = client.get("/api/v1/bulk.csv", buffered=False)
    assert "/data/sources.csv" in response.headers["Link"]
    response.close()


def test_pathway_uses_the_published_household_value(app):
    rel = store.current_release()
    series = store.series(rel.run_id, "kommune", "5001")
    path = pathway(series)
    wide = series[series["period"] == path.period].set_index("category")["mean"]
    assert path.level == pytest.approx(wide["total"] - wide["public"])


@pytest.mark.parametrize("path", ["/scenario/5001-oslo", "/scenario/5001-trondheim",
                                  "/scenario/5001-"])
def test_a_name_after_the_number_redirects_to_the_bare_number(app, path):
    response = app.test_client().get(path + "?transport=-30&lang=en")
    assert response.status_code == 308
    assert response.headers["Location"] == "/scenario/5001?transport=-30&lang=en"


def test_the_bare_number_and_unknown_codes_are_not_redirected(app):
    client = app.test_client()
    assert client.get("/scenario/5001").status_code == 200
    assert client.get("/scenario/9999-x").status_code != 308
