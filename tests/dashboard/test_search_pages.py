"""Search, compare and area pages on the real reference data: numbers that mean two places,
former numbers, homonyms, districts, and unknown area codes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import store
from dashboard.pages import compare, kommune, search_page
from dashboard.places import page_title, places
from tests.dashboard.test_pages import text_of


def found(app, query: str, lang: str = "nb") -> str:
    """Where the header search form sends a person who typed `query`."""
    response = app.test_client().get("/finn", query_string={"q": query, "lang": lang})
    assert response.status_code == 302
    return response.location


@pytest.mark.parametrize(("number", "kommune_name", "postcode_place"), [
    ("3201", "Bærum", "Sandefjord"), ("5501", "Tromsø", "Haugesund"),
    ("1804", "Bodø", "Indre Østfold"), ("1151", "Utsira", "Oslo")])
def test_a_number_and_postcode_opens_a_list_offering_both(app, number, kommune_name,
                                                           postcode_place):
    assert urlsplit(found(app, number)).path == "/sok"
    page = text_of(search_page.layout(q=number))
    assert kommune_name in page and postcode_place in page
    assert f"Kommunenummer {number}" in page and f"Postnummer {number}" in page


def test_a_postcode_goes_straight_to_its_municipality(app):
    assert urlsplit(found(app, "7030")).path == "/kommune/5001-trondheim"


def test_a_postcode_in_a_city_says_it_cannot_tell_the_district(app):
    page = text_of(search_page.layout(q="0150"))  # an Oslo postcode listed, not opened
    assert "ingen tabell fra postnummer til bydel" in page


def test_a_former_number_lands_on_todays_municipality_with_a_note(app):
    target = found(app, "3024")
    assert urlsplit(target).path == "/kommune/3201-baerum"
    assert parse_qs(urlsplit(target).query)["q"] == ["3024"]
    page = text_of(kommune.layout(code="3201-baerum", q="3024"))
    assert "3024 er Bærums nummer før 2024" in page
    assert "postnummer 3024 (Drammen)" in page  # the postcode's place is one click away
    assert "nummer før" not in text_of(kommune.layout(code="3201-baerum", q="Bærum"))


def test_homonyms_show_their_county_in_search_titles_and_headings(app):
    assert urlsplit(found(app, "Herøy")).path == "/sok"
    page = text_of(search_page.layout(q="Herøy"))
    assert "Herøy (Nordland)" in page and "Herøy (Møre og Romsdal)" in page
    assert "kan bety mer enn ett sted" in page
    assert urlsplit(found(app, "Våler (Innlandet)")).path.startswith("/kommune/3419")
    assert page_title("1818-heroy") == "Herøy (Nordland) – klimafotavtrykk per innbygger"
    assert page_title("5001-trondheim") == "Trondheim – klimafotavtrykk per innbygger"
    assert '"Herøy (Møre og Romsdal)"' in text_of(kommune.layout(code="1515-heroy"))


def test_districts_are_searchable_and_lead_to_the_district_map(app):
    target = urlsplit(found(app, "Frogner"))
    assert target.path == "/" and parse_qs(target.query) == {"nivaa": ["bydel"], "by": ["0301"]}
    page = text_of(search_page.layout(q="Frogn"))
    assert page.index("Frogn") < page.index("Frogner")  # the municipality by that name first


def test_search_speaks_english(app):
    page = text_of(search_page.layout(q="3201", lang="en"))
    assert "Municipality number 3201" in page and "Postcode 3201" in page


@pytest.mark.parametrize("path", ["/kommune/9999", "/kommune/9999-nowhere", "/kommune/abc",
                                  "/embed/kommune/9999"])
def test_unknown_area_codes_answer_404_with_the_friendly_page(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "Folkets Fotavtrykk" in response.get_data(as_text=True)


def test_known_area_codes_still_answer_200(app):
    assert app.test_client().get("/kommune/5001-trondheim").status_code == 200
    assert app.test_client().get("/kommune/5001").status_code == 200


def test_compare_asks_which_homonym_and_says_what_it_did_not_add(app):
    where = places(store.current_release())
    codes, note = compare.edited(["0301"], "Herøy", None, where)
    assert codes == ["0301"] and note[0] == "compare.ambiguous"
    assert "Herøy (Nordland)" in note[1]["names"]
    assert compare.edited(["0301"], "Herøy (Nordland)", None, where) == (["0301", "1818"], None)
    assert compare.edited(["0301"], "zzqqxx", None, where) == (["0301"], ("compare.unknown",
                                                                          {"q": "zzqqxx"}))
    eight = list(where.kommuner["code"][:8])
    codes, note = compare.edited(eight, "Trondheim", None, where)
    assert codes == eight and note == ("compare.full", {"name": "Trondheim"})


def test_compare_names_homonyms_with_their_county(app):
    page = text_of(compare.layout(k="1515,1818"))
    assert "Herøy (Møre og Romsdal)" in page and "Herøy (Nordland)" in page


def test_compare_names_the_codes_it_left_out(app):
    page = text_of(compare.layout(k="0301,9999,abc,0301"))
    assert "ingen kommune har den koden: 9999, abc" in page
    assert "har den koden" not in text_of(compare.layout(k="0301,5001"))
    assert "no municipality has that code: 9999" in text_of(compare.layout(k="9999", lang="en"))
