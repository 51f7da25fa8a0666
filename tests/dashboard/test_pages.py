"""Pages and callbacks' building blocks against the demo store, without a browser."""

from __future__ import annotations

import json
from datetime import date

import plotly
import pytest
from dash import html

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import figures, store
from dashboard.components.headline import change_note
from dashboard.components.map import map_data, map_patch
from dashboard.components.ranking import ranking_table
from dashboard.pages import (
    compare,
    embed_kommune,
    embed_map,
    home,
    kommune,
    method,
    search_page,
)
from dashboard.state import View


def text_of(component) -> str:
    """All text in a Dash component tree (what a screen reader would find)."""
    encoded = json.dumps(component.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)
    return json.dumps(json.loads(encoded), ensure_ascii=False)


def test_front_page_renders_map_cards_and_table(app):
    page = text_of(home.layout())
    assert "Klimafotavtrykk per innbygger" in page
    assert "For få svar til å publisere" in page
    assert "Sist oppdatert" in page
    assert "Vis alle 357" in page


@pytest.mark.parametrize("query", [
    {"periode": "2099-13", "nivaa": "<script>", "kategori": "x", "sort": "'; DROP TABLE"},
    {"periode": ["2025-01", "2025-02"], "lang": ["en", "nb"]},
    {"by": "9999", "nivaa": "bydel", "lang": "xx"},
])
def test_front_page_survives_malformed_queries(app, query):
    page = text_of(home.layout(**query))
    assert "home-map" in page
    assert "DROP TABLE" not in page and "<script>" not in page


def test_front_page_in_english_uses_decimal_points(app):
    page = text_of(home.layout(lang="en"))
    assert "Climate footprint per resident" in page
    assert "Norway, October 2026" in page


def test_map_update_sends_values_not_geometry(app):
    rel = store.current_release()
    view = View(period=date(2026, 5, 1), category="food")
    data, breaks = map_data(rel, view)
    patch = map_patch(data, breaks, "nb").to_plotly_json()
    body = json.dumps(patch, ensure_ascii=False)
    assert "coordinates" not in body and "geojson" not in body
    assert len(body.encode()) < 30_000
    assert {op["location"][-1] for op in patch["operations"]} == {
        "z", "customdata", "colorscale", "zmax"}


def test_map_classes_match_the_legend(app):
    rel = store.current_release()
    view = View(period=rel.last_period)
    data, breaks = map_data(rel, view)
    update = figures.map_update(data, breaks, "nb")
    legend = figures.legend_items(breaks, "nb")
    # one colour per class plus the suppressed grey, and every z inside that scale
    assert len(update["colorscale"]) == 2 * len(legend)
    assert max(update["z"]) < update["zmax"]
    suppressed = [z for z, m in zip(update["z"], data["mean"], strict=True) if m != m]
    assert suppressed and set(suppressed) == {len(legend) - 0.5}


def test_ranking_table_puts_suppressed_areas_last_and_never_as_zero(app):
    rel = store.current_release()
    view = View(period=rel.last_period, sort="high")
    data, _ = map_data(rel, view)
    rows = ranking_table(data, view).children[2].children
    texts = [text_of(r) for r in rows]
    first_hidden = next(i for i, t in enumerate(texts) if "for få svar" in t)
    assert all("for få svar" in t for t in texts[first_hidden:])
    assert len(rows) == 357


def test_municipality_page_has_headline_trend_path_and_release(app):
    page = text_of(kommune.layout(code="5001-trondheim"))
    for expected in ("Trondheim", "95 % usikkerhetsintervall", "1,5-gradersbanen",
                     "Nabokommuner", "Lignende kommuner", "Bydeler", "Sist oppdatert",
                     "Hva viser dette?"):
        assert expected in page, expected


@pytest.mark.parametrize("code", ["9999-nowhere", "abc", "", "0301'; --", "5001" * 50])
def test_unknown_municipalities_get_a_friendly_page(app, code):
    page = text_of(kommune.layout(code=code))
    assert "Fant ikke kommunen" in page


def test_compare_page_keeps_eight_known_municipalities(app):
    known = list(store.area_table(store.current_release().run_id, "kommune")["code"][:9])
    page = text_of(compare.layout(k=",".join([*known, "9999", "abc"])))
    assert "høyst 8" in page
    assert json.dumps(known[:8]) in page  # the chosen codes, in order, without the ninth


def test_method_page_explains_suppression_in_both_languages(app):
    assert "For få svar" in text_of(method.layout())
    assert "Too few respondents" in text_of(method.layout(lang="en"))


def test_search_page_shows_input_as_text(app):
    page = search_page.layout(q="<img src=x onerror=alert(1)>")
    found = text_of(page)
    assert "Fant ingen kommune" in found


def test_empty_store_shows_a_message_not_a_traceback(empty_app):
    assert store.current_release() is None
    for page in (home.layout(), kommune.layout(code="0301"), compare.layout(k="0301"),
                 search_page.layout(q="oslo")):
        assert "Ingen tall publisert ennå" in text_of(page)


def test_release_without_rows_shows_a_message(broken_release_app):
    for page in (home.layout(), kommune.layout(code="0301")):
        found = text_of(page)
        assert "Ingen tall publisert ennå" in found or "Fant ikke" in found


def test_embeds_carry_source_licence_and_release(app):
    for page in (embed_map.layout(kategori="food"), embed_kommune.layout(code="4601")):
        found = text_of(page)
        assert "CC BY 4.0" in found and "Sist oppdatert" in found
        assert "Åpne i Folkets Fotavtrykk" in found
    assert "Fant ikke kommunen" in text_of(embed_kommune.layout(code="x"))


def test_change_note_never_shows_a_collapsed_interval():
    from dashboard.stats import Change

    assert change_note(Change(-0.4, -0.6, -0.2, "falling"), "nb") == \
        "synkende (95 %-intervall −0,6 til −0,2 t)"
    assert change_note(Change(-0.1, -0.12, -0.08, "falling"), "en") == "falling"


def test_callbacks_change_nothing_before_the_first_release(empty_app):
    import dash

    assert home.update_map("kommune", "0301", "food", 3, "nb") is dash.no_update
    assert home.update_table("kommune", "0301", "food", 3, "low", 0, "nb") == \
        (dash.no_update,) * 10
    assert home.pick_area("0301", "food", 3, "kommune", "0301", "nb") == (dash.no_update,) * 2
    assert kommune.follow_category("food", "0301", "nb") == (dash.no_update,) * 3
    assert compare.update(["0301"], "food", "nb") is dash.no_update


def test_callbacks_read_junk_controls_as_the_default_view(app):
    figure = kommune.follow_category(["<script>"], "5001-trondheim", 7)[0]["figure"]
    assert "1,5-gradersbanen" in text_of(figure)  # the total's chart: junk read as "total"
    body = compare.update(["0301", "x", 3], "nope", "en")
    assert "Oslo" in text_of(html.Div(body)) and "Bergen" not in text_of(html.Div(body))
