"""The map's title, text alternative, legend scope and pick card are built from the view, in
its language, and never name a table that is not on the page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.components import map_words
from dashboard.components.map import area_href
from dashboard.components.map_panel import pick_card
from dashboard.markup import to_html
from dashboard.state import View

JAN_2025 = date(2025, 1, 1)


def _view(**kw) -> View:
    return View(**{"period": JAN_2025, **kw})


@pytest.mark.parametrize(("lang", "title"), [
    ("nb", "Bydeler i Oslo: transport, januar 2025"),
    ("en", "Districts in Oslo: transport, January 2025"),
])
def test_the_title_names_level_city_category_and_month(lang, title):
    assert map_words.map_title(_view(level="bydel", category="transport", lang=lang),
                               "Oslo") == title


def test_the_words_change_with_the_view():
    before = map_words.map_alt(_view())
    after = map_words.map_alt(_view(level="fylke", category="food", period=date(2024, 3, 1)))
    assert "kommuner" in before and "totalt" in before and "januar 2025" in before
    assert "fylker" in after and "mat" in after and "mars 2024" in after
    assert "kommuner" not in after and "totalt" not in after


def test_english_words_carry_no_norwegian():
    words = " ".join([map_words.map_title(_view(lang="en")), map_words.map_alt(_view(lang="en")),
                      map_words.legend_scope(_view(lang="en"))])
    assert "Municipalities" in words and "total" in words
    assert not {"Kommuner", "kommuner", "totalt", "januar", "Kart"} & set(words.split())


def test_the_table_is_named_only_where_there_is_one():
    assert "table" not in map_words.map_alt(_view(lang="en"))
    assert "table" in map_words.map_alt(_view(lang="en"), table=True)
    assert "Tabellen" not in map_words.map_alt(_view())


def test_the_legend_says_what_its_classes_fit():
    assert map_words.legend_scope(_view(level="bydel"), "Bergen") == \
        "Fargeklassene er tilpasset bydeler i Bergen, alle måneder."


def test_an_area_link_is_its_level_slug_and_code():
    assert area_href("bydel", "030101", "nb") == "/bydel/030101"
    assert area_href("fylke", "50", "en") == "/fylke/50?lang=en"


def test_a_tapped_area_shows_its_value_interval_and_link():
    data = pd.DataFrame([("5001", "Trondheim", 11.21, 11.18, 11.24, "1000-4999", True),
                         ("1856", "Røst", None, None, None, None, None)],
                        columns=["code", "name", "mean", "ci_low", "ci_high", "count_band",
                                 "reliable"])
    card = to_html(pick_card(data, "5001", _view(lang="en")))
    assert "Trondheim" in card and "11.2 t CO₂e" in card and "11.18–11.24" in card
    # the page opens at the card's month (and category, when not the total)
    assert "1000–4999" in card and 'href="/kommune/5001?periode=2025-01&amp;lang=en"' in card
    hidden = to_html(pick_card(data, "1856", _view()))
    assert "For få svar" in hidden and "Åpne Røst" in hidden
    assert "Trykk" in to_html(pick_card(data, "", _view()))


def test_peer_groups_are_named_in_the_pages_language():
    from dashboard import geo

    nb, members = geo.peers("5001")
    en, _ = geo.peers("5001", lang="en")
    assert members and nb.startswith("30 000 og flere innbyggere")
    assert en.startswith("30,000 residents or more") and "innbyggere" not in en
