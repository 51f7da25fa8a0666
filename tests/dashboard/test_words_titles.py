"""Words that say what and where in the page's language: browser titles, peer groups, the
district map's description; names in Norwegian order; an embed that does not exist is 404."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import search
from tests.dashboard.test_area_pages import body, get

PAGES = ["/", "/sammenlign", "/metode", "/sok", "/api", "/bygg-inn"]


def _title(page: str) -> str:
    return re.search(r"<title>([^<]*)</title>", page).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_titled_with_what_and_where_in_its_language(app, path):
    nb, en = _title(body(app, path)), _title(body(app, path + "?lang=en"))
    assert nb != en and "Folkets Fotavtrykk" in nb and "Folkets Fotavtrykk" in en
    assert nb != "Folkets Fotavtrykk" and len(nb) > len("Folkets Fotavtrykk") + 5
    assert not re.search(r"\b(og|etter|Sammenlign|Søk|Om tallene|Bygg inn)\b", en), en


def test_the_front_page_title_names_the_country_in_each_language(app):
    assert "Norge" in _title(body(app, "/")) and "Norway" in _title(body(app, "/?lang=en"))


def test_peer_groups_on_an_english_page_are_in_english(app):
    page = body(app, "/kommune/5001?lang=en")
    assert "30,000 residents or more" in page and "30 000 og flere" not in page


@pytest.mark.parametrize(("lang", "words", "stale"), [
    ("nb", "bydeler i Oslo", "Tabellen ved siden av"),
    ("en", "districts in Oslo", "table beside it")])
def test_the_district_maps_description_follows_the_map_words(app, lang, words, stale):
    page = body(app, f"/kommune/0301?lang={lang}")
    title = re.search(r'data-title="([^"]*)"', page).group(1)
    assert words in title and stale not in title


@pytest.mark.parametrize("target", ["junk", "kommune/9999", "fylke/50"])
def test_the_builder_for_an_embed_that_does_not_exist_is_404(app, target):
    response = get(app, f"/bygg-inn?vis={target}")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Folkets Fotavtrykk" in text


@pytest.mark.parametrize("target", ["", "kart", "kommune/5001-trondheim", "sammenlign"])
def test_the_builder_for_a_real_embed_is_200(app, target):
    assert get(app, f"/bygg-inn?vis={target}").status_code == 200


def test_equally_good_search_hits_come_in_norwegian_order():
    kommuner = pd.DataFrame({"code": ["1", "2", "3"], "name": ["Åmot", "Øyer", "Zeta"],
                             "alt_names": ["Testby"] * 3, "parent_code": ["", "", ""]})
    hits = search.search("Testby", kommuner, {})
    assert [h.name for h in hits] == ["Zeta", "Øyer", "Åmot"]


def test_the_compare_pages_name_list_is_in_norwegian_order(app):
    from dashboard.pages import compare
    from tests.dashboard.test_pages import text_of

    page = text_of(compare.layout())
    assert page.index('"value": "Øygarden"') < page.index('"value": "Åfjord"')
