"""Area pages at every level of Norway's pack against the demo store: one template for the
country, counties, municipalities and districts, with their trend's numbers as a table, the
way up and down, honest empty states, titles that say what and where, in both languages."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import store
from dashboard.pages import kommune
from dashboard.places import page_title
from tests.dashboard.test_pages import text_of


def get(app, path: str):
    return app.test_client().get(path)


def body(app, path: str) -> str:
    response = get(app, path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "heading", "children"), [
    ("/norge", "Norge", "Trøndelag"),
    ("/fylke/50", "Trøndelag", "Trondheim"),
    ("/kommune/0301-oslo", "Oslo", "Frogner"),
    ("/bydel/030105", "Frogner", None),
])
def test_every_level_has_a_page_with_headline_trend_table_and_neighbours(app, path, heading,
                                                                          children):
    page = body(app, path)
    assert f"<h1>{heading}" in page
    for expected in ("95 %", "1,5-gradersbanen", "Vis tallene som tabell",
                     '<th scope="col">Måned</th>', "Tilbake til kartet"):
        assert expected in page, (path, expected)
    if children:
        assert children in page
    if path != "/norge":
        assert "Nabo" in page  # neighbours of the same level


def test_a_district_page_names_its_city_and_links_up(app):
    page = body(app, "/bydel/030105")
    assert 'href="/kommune/0301-oslo"' in page and 'href="/norge"' in page
    assert "Nabobydeler" in page and "Nabokommuner" not in page


def test_a_county_lists_and_links_its_municipalities(app):
    page = body(app, "/fylke/50")
    assert 'href="/kommune/5001-trondheim"' in page and "Nabofylker" in page


def test_the_district_map_back_link_returns_to_its_city(app):
    page = body(app, "/bydel/460105?kategori=transport")
    back = next(part for part in page.split('href="')[1:] if "Tilbake til kartet" in part)
    query = parse_qs(urlsplit(back.split('"', 1)[0].replace("&amp;", "&")).query)
    assert query == {"nivaa": ["bydel"], "by": ["4601"], "kategori": ["transport"],
                     "omraade": ["460105"]}


def test_category_and_month_travel_to_the_page_and_its_links(app):
    rel = store.current_release()
    month = f"{rel.first_period:%Y-%m}"
    page = body(app, f"/fylke/50?kategori=food&periode={month}")
    assert f'href="/kommune/5001-trondheim?kategori=food&amp;periode={month}"' in page
    assert 'aria-pressed="true"' in page.split("Mat", 1)[0].rsplit("<button", 1)[-1] \
        or "food" in page
    back = next(part for part in page.split('href="')[1:] if "Tilbake til kartet" in part)
    query = parse_qs(urlsplit(back.split('"', 1)[0].replace("&amp;", "&")).query)
    assert query == {"nivaa": ["fylke"], "kategori": ["food"], "periode": [month],
                     "omraade": ["50"]}


@pytest.mark.parametrize("path", ["/fylke/99", "/bydel/999999", "/bydel/0301",
                                  "/fylke/abc", "/kommune/50"])
def test_unknown_codes_at_any_level_are_404(app, path):
    response = get(app, path)
    assert response.status_code == 404
    assert "Fant ikke" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/kommune/5001", "/kommune/5001-trondheim",
                                  "/kommune/5001-feil-navn", "/fylke/50-trondelag"])
def test_an_address_with_or_without_its_name_opens_the_page(app, path):
    assert get(app, path).status_code == 200


def test_titles_say_what_and_where_in_the_page_language(app):
    assert "<title>Trondheim – klimafotavtrykk per innbygger</title>" in \
        body(app, "/kommune/5001-trondheim")
    assert "<title>Trondheim – carbon footprint per resident</title>" in \
        body(app, "/kommune/5001-trondheim?lang=en")
    assert "<title>Norway – carbon footprint per resident</title>" in body(app, "/norge?lang=en")
    assert "<title>Herøy (Nordland) – klimafotavtrykk" in body(app, "/kommune/1818")
    assert page_title("50", "fylke") == "Trøndelag – klimafotavtrykk per innbygger"


def test_english_pages_use_english_words_at_every_level(app):
    page = body(app, "/fylke/50?lang=en")
    for expected in ("Neighbouring counties", "Show the numbers as a table", "Municipalities",
                     "Back to the map"):
        assert expected in page, expected
    assert "Nabo" not in page


def test_homonyms_show_their_county_in_the_heading(app):
    assert "<h1>Våler (Østfold)</h1>" in body(app, "/kommune/3114")
    assert "<h1>Våler (Innlandet)</h1>" in body(app, "/kommune/3419?lang=en")


@pytest.mark.parametrize(("code", "name"), [("1856", "Røst"), ("1151", "Utsira")])
def test_a_fully_suppressed_area_says_what_is_hidden_and_where_numbers_are(app, code, name):
    rel = store.current_release()
    series = store.series(rel.run_id, "kommune", code)
    assert series["mean"].isna().all(), "the demo store publishes this area after all"
    page = text_of(kommune.layout(code=code))
    assert f"Ingen tall for {name}" in page and "verne dem som har svart" in page
    assert "Se tallene for" in page
    assert "k-trend" not in page and f"{name} – t" not in page  # no empty chart


def test_the_trend_table_follows_the_category(app):
    _, table, _ = kommune.follow_category("food", "50", "en", "fylke")
    assert "Trøndelag, food" in text_of(table) and "Hidden" in text_of(table)
    assert kommune.follow_category("food", "0301", "nb")[0]["figure"]


def test_junk_callback_levels_fall_back_to_the_base_level(app):
    assert "Oslo" in text_of(kommune.follow_category("total", "0301", "nb", "<script>")[1])


@pytest.mark.parametrize(("path", "code"), [("/data/fylke/50.csv", "50"),
                                            ("/data/norge.csv", "NO"),
                                            ("/data/bydel/030105.csv", "030105"),
                                            ("/data/kommune/5001.csv", "5001")])
def test_every_area_page_downloads_its_series(app, path, code):
    response = get(app, path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and {r["area_code"] for r in rows} == {code}
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert all(r["mean"] == "" for r in hidden)


@pytest.mark.parametrize("path", ["/data/fylke/99.csv", "/data/delbydel/030105.csv",
                                  "/data/bydel/x.csv"])
def test_unknown_area_series_are_404(app, path):
    assert get(app, path).status_code == 404


def test_a_number_from_before_2018_leads_to_todays_municipality_with_a_note(app):
    from dashboard.pages import search_page

    assert "Trondheim" in text_of(search_page.layout(q="1601"))
    assert "1601 er Trondheims nummer før 2018" in text_of(kommune.layout(code="5001",
                                                                          q="1601"))
    assert "1601 is Trondheim" in text_of(kommune.layout(code="5001", q="1601", lang="en"))


def test_each_map_levels_pages_live_under_its_slug():
    from dashboard.areas import level_path

    assert [level_path(lv, "50") for lv in ("fylke", "kommune", "bydel")] == [
        "/fylke/50", "/kommune/50", "/bydel/50"]
    assert level_path("bydel", "030105") == "/bydel/030105"
    assert level_path("country") == "/norge"


def test_a_thin_area_with_a_hidden_last_month_never_shows_an_empty_number(app):
    rel = store.current_release()
    values = store.map_values(rel.run_id, "kommune", rel.last_period, "total")
    hidden = set(values.loc[values["mean"].isna(), "area_code"])
    thin = next(code for code in sorted(hidden)
                if store.series(rel.run_id, "kommune", code)["mean"].notna().any())
    page = text_of(kommune.layout(code=thin))
    assert "For få svar til å publisere et tall for denne måneden" in page
    assert " – t" not in page and "Ingen tall for" not in page


def test_the_month_of_the_address_is_the_month_the_page_shows(app):
    from dashboard import i18n

    rel = store.current_release()
    first = rel.first_period
    page = text_of(area_layout("fylke", code="50", periode=f"{first:%Y-%m}"))
    assert f"Totalt, {i18n.month(first)}" in page
    assert f"innbygger, {i18n.month(first)}" in page  # the headline
    assert f"innbygger, {i18n.month(rel.last_period)}" not in page


def area_layout(level: str, **query):
    """An area page's layout at `level`, as Dash calls it."""
    import dash

    return dash.page_registry[f"dashboard.pages.area.{level}"]["layout"](**query)


def test_a_city_that_is_its_own_county_is_named_once_on_the_way_up(app):
    crumbs = body(app, "/bydel/030105").split('class="area-crumbs"', 1)[1].split("</nav>")[0]
    assert crumbs.count(">Oslo<") == 1 and 'href="/kommune/0301-oslo"' in crumbs


def test_back_to_the_map_follows_the_category_chosen_on_the_page(app):
    rel = store.current_release()
    month = f"{rel.first_period:%Y-%m}"
    back = kommune.follow_category("transport", "5001", "en", "kommune", month)[2]
    assert query_of(back) == {"kategori": ["transport"], "periode": [month], "lang": ["en"],
                              "omraade": ["5001"]}
    assert query_of(kommune.follow_category("food", "50", "nb", "fylke", "junk")[2]) == {
        "nivaa": ["fylke"], "kategori": ["food"], "omraade": ["50"]}


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)
