"""The view a resident came from travels: from the map's tap card and table to an area's page,
and from its "back to the map" to the same view with the area outlined."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import store
from dashboard.components.map_panel import pick_card
from dashboard.components.ranking import ranking_table
from dashboard.markup import to_html
from dashboard.pages import home
from dashboard.state import View, parse
from tests.dashboard.test_area_pages import body
from tests.dashboard.test_pages import text_of

JAN_2025 = date(2025, 1, 1)


def _frame() -> pd.DataFrame:
    return pd.DataFrame([("3301", "Drammen", 11.2, 11.0, 11.4, "1000-4999", True)],
                        columns=["code", "name", "mean", "ci_low", "ci_high", "count_band",
                                 "reliable"])


def _hrefs(markup: str) -> list[str]:
    return [html_lib.unescape(h) for h in re.findall(r'href="([^"]+)"', markup)]


def _query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_the_tap_cards_link_carries_category_and_month():
    view = View(category="transport", period=JAN_2025, lang="en")
    link = next(h for h in _hrefs(to_html(pick_card(_frame(), "3301", view)))
                if "3301" in h)
    assert _query(link) == {"kategori": ["transport"], "periode": ["2025-01"], "lang": ["en"]}


def test_the_participation_layer_opens_the_page_at_the_total():
    view = View(period=JAN_2025, layer="participation")
    link = next(h for h in _hrefs(to_html(pick_card(_frame(), "3301", view))) if "3301" in h)
    assert _query(link) == {"periode": ["2025-01"]}


def test_the_tables_links_carry_category_and_month():
    frame = _frame().assign(area_code="3301", suppressed=False)
    for level, path in (("kommune", "/kommune/3301-drammen"), ("fylke", "/fylke/3301")):
        view = View(level=level, category="food", period=JAN_2025)
        link = next(h for h in _hrefs(to_html(ranking_table(frame, view))) if "3301" in h)
        assert link.split("?")[0] == path
        assert _query(link) == {"kategori": ["food"], "periode": ["2025-01"]}


def test_the_page_opened_from_the_map_shows_that_category_and_month(app):
    month = store.current_release().first_period
    page = body(app, f"/kommune/3301-drammen?kategori=transport&periode={month:%Y-%m}")
    back = next(h for h in _hrefs(page) if h.startswith("/?"))
    assert _query(back) == {"kategori": ["transport"], "periode": [f"{month:%Y-%m}"],
                            "omraade": ["3301"]}


def test_back_to_the_map_outlines_the_area_it_came_from(app):
    page = text_of(home.layout(kategori="transport", omraade="3301"))
    assert '"id": "home-picked", "data": "3301"' in page or '"data": "3301"' in page
    assert "Drammen" in page  # the tap card is open on it


def test_the_area_parameter_must_name_an_area_of_the_views_level():
    assert parse({"omraade": "3301"}).area == "3301"
    assert parse({"nivaa": "bydel", "omraade": "030105"}).area == "030105"
    assert parse({"omraade": "030105"}).area == ""  # a district on the municipality map
    assert parse({"omraade": "junk"}).area == ""


def test_a_district_page_goes_back_to_its_citys_map_outlined(app):
    page = body(app, "/bydel/030105")
    back = next(h for h in _hrefs(page) if h.startswith("/?"))
    assert _query(back) == {"nivaa": ["bydel"], "by": ["0301"], "omraade": ["030105"]}


def test_the_embed_link_follows_a_category_chosen_on_the_page(app):
    from dashboard.components.area_controls import update_embed

    link = update_embed("transport", "5001", "en", "kommune")
    assert _query(link)["kategori"] == ["transport"] and "5001" in link
