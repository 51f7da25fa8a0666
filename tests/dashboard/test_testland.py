"""Testland, the made-up second pack, renders in the dashboard with its own levels and words.

The dashboard is pointed at Testland's pack and a release the ETL made from Testland demo
records, and rendered in a fresh process (see tests/dashboard/testland.py); Norway's level
labels, URLs and country name must not leak into what a visitor sees.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.contract import PUBLISHED_CATEGORIES
from core.geography import load_areas, pack
from tests.dashboard.testland import PACK, write_store

#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow


ROOT = Path(__file__).resolve().parents[2]
TESTLAND, NORWAY = pack(PACK), pack()


def _labels(p, langs=("nb", "en")) -> set[str]:
    return {word for lv in p.levels for lang in langs for word in lv.labels[lang]}


#: Norway's level words Testland does not share (Kommune, Fylker, Bydel, County, ...).
NORWEGIAN = _labels(NORWAY) - _labels(TESTLAND)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("testland")
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    write_store(url, tmp / "data")
    env = {**os.environ, "FOTAVTRYKK_GEODATA_DIR": str(PACK), "DATABASE_URL": url,
           "FOTAVTRYKK_DATA_DIR": str(tmp), "FOTAVTRYKK_CACHE_URL": ""}
    done = subprocess.run([sys.executable, "-m", "tests.dashboard.testland"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def visible(page: dict) -> str:
    """What a visitor reads: the body's text, without tags, scripts or the page's metadata."""
    body = page["text"].split("<body", 1)[-1]
    body = re.sub(r"<(script|template|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def norwegian_words(text: str) -> set[str]:
    return {w for w in NORWEGIAN if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)}


def test_the_guard_words_would_be_caught():
    # Norway's own labels are found by the same check the Testland pages pass
    assert norwegian_words("Kommuner Fylker Bydeler") == {"Kommuner", "Fylker", "Bydeler"}
    assert {"Kommune", "Fylke", "County"} <= NORWEGIAN


def test_front_page_switches_between_testland_levels(pages):
    front = pages["front"]
    assert front["status"] == 200
    text = visible(front)
    switcher = [text.index(lv.label("nb", plural=True)) for lv in
                (TESTLAND.level("municipality"), TESTLAND.level("region"),
                 TESTLAND.level("district"))]
    assert switcher == sorted(switcher)  # the base level first, as Norway's kommuner
    assert '"value":"municipality"' in html.unescape(front["text"])
    municipalities = load_areas(PACK).query("level == 'municipality'")
    assert all(name in text for name in municipalities["name"])  # the table beside the map
    assert "Testland" in text and "Norge" not in text
    assert norwegian_words(text) == set()


def test_front_page_map_draws_testland_municipalities(pages):
    codes = set(load_areas(PACK).query("level == 'municipality'")["code"])
    assert set(pages["map"]["locations"]) == codes
    assert all(z is not None for z in pages["map"]["z"])
    assert pages["boundaries_url"].startswith("/geo/municipality.geojson")
    assert pages["boundaries"]["status"] == 200
    drawn = {f["id"] for f in json.loads(pages["boundaries"]["text"])["features"]}
    assert drawn == codes


def test_other_levels_use_testland_labels_and_areas(pages):
    regions = visible(pages["front_region"])
    assert 'aria-pressed="true">Landsdeler<' in pages["front_region"]["text"]
    assert {"Vest", "Øst"} <= set(regions.split())
    districts = visible(pages["districts"])
    assert "Nordre" in districts and "Søndre" in districts
    assert "Østre" in districts  # suppressed, listed as too few respondents, not dropped
    assert not norwegian_words(regions) and not norwegian_words(districts)
    english = visible(pages["front_en"])
    assert "Regions" in english and "Municipalities" in english
    assert not norwegian_words(english)


def test_area_page_lives_at_the_packs_slug_and_names_its_parent(pages):
    assert "/municipality/<code>" in pages["paths"]
    assert not any(p.startswith(("/kommune", "/embed/kommune")) for p in pages["paths"])
    area = pages["area"]
    assert area["status"] == 200
    text = visible(area)
    assert "Vestby" in text and "Landsdel: Vest" in text  # the parent level's label
    assert TESTLAND.level("district").label("nb", plural=True) in text  # its districts
    assert "Nordre" in text
    assert not norwegian_words(text)
    links = re.findall(r'href="([^"]+)"', area["text"])
    assert "/data/municipality/0101.csv" in links
    assert not [link for link in links if "kommune" in link or "bydel" in link]
    english = visible(pages["area_en"])
    assert "Region: Øst" in english and "compared with Testland" in english
    assert "Norway" not in english.replace("Statistics Norway", "")  # the footer's source
    assert not norwegian_words(english)


def test_compare_search_and_csv_follow_the_pack(pages):
    # the layout as JSON, its words unescaped
    compare = json.dumps(json.loads(pages["compare"]["text"]), ensure_ascii=False)
    assert "Sammenlign herreder" in compare and "Vestby" in compare and "Øya" in compare
    assert not norwegian_words(compare)
    # Westby is Vestby's alternative name; the search goes straight to its page
    assert pages["search"]["location"] == "/municipality/0101-vestby"
    rows = pages["csv"]["text"].splitlines()
    assert rows[1].startswith("0202,Øya,")
    periods = {row.split(",")[2] for row in rows[1:]}
    # every category in every month the area has rows for, within the release's months
    assert len(rows) == 1 + len(periods) * len(PUBLISHED_CATEGORIES)
    assert pages["months"] - 3 <= len(periods) <= pages["months"]
