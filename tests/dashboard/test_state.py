"""The one URL parser: every view survives a trip through its URL, junk falls back to defaults."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from core.contract import PUBLISHED_CATEGORIES
from dashboard.geo import cities
from dashboard.state import (
    MAX_COMPARE,
    SORTS,
    client_params,
    from_controls,
    levels,
    params,
    parse,
)

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
KNOWN = {"0301", "4601", "5001", "1103", "3101", "1508", "5501", "1804", "3403", "4204"}


@given(level=st.sampled_from(levels()), city=st.sampled_from(list(cities())),
       category=st.sampled_from(PUBLISHED_CATEGORIES), period=st.sampled_from(MONTHS),
       sort=st.sampled_from(SORTS), lang=st.sampled_from(["nb", "en"]),
       compare=st.lists(st.sampled_from(sorted(KNOWN)), unique=True, max_size=MAX_COMPARE))
def test_every_view_survives_a_trip_through_its_url(level, city, category, period, sort, lang,
                                                    compare):
    view = parse({}, MONTHS).with_(level=level, city=city, category=category, period=period,
                                   sort=sort, lang=lang, compare=tuple(compare))
    again = parse({**view.query(), "lang": lang}, MONTHS, KNOWN)
    # a city is only in the URL of a district view; elsewhere it falls back to the default
    assert again == (view if level == "bydel" else view.with_(city="0301"))


def test_junk_falls_back_to_defaults_and_the_latest_month():
    view = parse({"nivaa": "<script>", "kategori": ["x"], "periode": "2099-13", "sort": 3,
                  "k": "9999,abc," + ",".join(sorted(KNOWN)), "lang": "xx"}, MONTHS, KNOWN)
    assert (view.level, view.category, view.period, view.sort, view.lang) == (
        "kommune", "total", MONTHS[-1], "low", "nb")
    assert len(view.compare) == MAX_COMPARE and view.cut
    assert "9999" not in view.compare


def test_callbacks_read_their_controls_through_the_same_parser():
    months = [f"{m:%Y-%m}" for m in MONTHS]
    view = parse(from_controls(months, 3, level="fylke", category="food", lang="en"), MONTHS)
    assert (view.level, view.category, view.period, view.lang) == (
        "fylke", "food", MONTHS[3], "en")
    out_of_range = parse(from_controls(months, 99, category=None), MONTHS)
    assert out_of_range.period == MONTHS[-1] and out_of_range.category == "total"


def test_the_browser_encodes_views_with_the_same_names_and_defaults():
    sent = client_params()["params"]
    assert {k: v["name"] for k, v in sent.items()} == {k: p.name for k, p in params().items()}
    assert sent["city"]["onlyWith"] == ["level", "bydel"]
    # the map opens pages through the tap card's link, so the page carries no path table
    assert set(client_params()) == {"params", "maxCompare"}
    assert client_params()["maxCompare"] == MAX_COMPARE
