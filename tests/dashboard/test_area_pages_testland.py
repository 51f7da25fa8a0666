"""Area pages at every level of Testland, the made-up second pack: the same template renders
its country, regions and districts at its own slugs, in its own words, with no Norway."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.test_testland import norwegian_words, pages, visible  # noqa: F401

pytestmark = pytest.mark.slow


def test_every_testland_level_has_a_page_at_its_slug(pages):  # noqa: F811
    for path in ("/testland", "/region/<code>", "/municipality/<code>", "/district/<code>"):
        assert path in pages["paths"]
    assert not any(p.startswith(("/fylke", "/bydel", "/norge")) for p in pages["paths"])
    for name in ("country", "region", "district"):
        assert pages[name]["status"] == 200, name
        assert not norwegian_words(visible(pages[name])), name


def test_the_country_page_lists_its_regions(pages):  # noqa: F811
    text = visible(pages["country"])
    assert "Testland" in text and "Vest" in text and "Øst" in text
    assert "Landsdeler" in text  # the children's level, in the pack's words
    assert "Norge" not in text


def test_a_region_page_has_its_neighbours_and_municipalities(pages):  # noqa: F811
    text = visible(pages["region"])
    assert "Nabolandsdeler" in text  # "Nabo" + the level's plural, in the pack's words
    assert "Østby" in text and "Øya" in text
    links = re.findall(r'href="([^"]+)"', pages["region"]["text"])
    assert "/municipality/0201-ostby" in links and "/testland" in links
    english = visible(pages["region_en"])
    assert "Neighbouring regions" in english and "Municipalities" in english


def test_a_district_page_links_its_municipality(pages):  # noqa: F811
    text = " ".join(visible(pages["district"]).split())
    assert "Nordre" in text and "Herred: Vestby" in text
    links = re.findall(r'href="([^"]+)"', pages["district"]["text"])
    assert "/municipality/0101-vestby" in links
    assert "Municipality: Vestby" in " ".join(visible(pages["district_en"]).split())


def test_testland_area_series_and_unknown_codes(pages):  # noqa: F811
    rows = pages["region_csv"]["text"].splitlines()
    assert rows[0].startswith("area_code,") and rows[1].startswith("01,Vest,")
    assert pages["no_region"]["status"] == 404
