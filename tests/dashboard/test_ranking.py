"""The ranking table never tops or tails its list with an area too uncertain to rank."""

from __future__ import annotations

import pandas as pd

from dashboard.components.ranking import ranking_table
from dashboard.markup import to_html
from dashboard.state import parse


def _frame() -> pd.DataFrame:
    rows = [("0301", "Oslo", 11.0, 10.5, 11.5, True), ("4601", "Bergen", 12.0, 11.9, 12.3, True),
            ("1871", "Andøy", 21.7, 12.7, 30.7, True),  # the audit's case: wide, yet "reliable"
            ("5001", "Trondheim", 11.4, 11.0, 11.8, True),
            ("1874", "Moskenes", 18.0, 15.0, 19.0, False),  # flagged unreliable
            ("1856", "Røst", None, None, None, None)]
    frame = pd.DataFrame(rows, columns=["code", "name", "mean", "ci_low", "ci_high",
                                        "reliable"])
    return frame.assign(area_code=frame["code"], count_band="10-49",
                        suppressed=frame["mean"].isna())


def _names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_highest_first_lists_ranked_areas_before_uncertain_ones_and_hidden_last():
    html = to_html(ranking_table(_frame(), parse({"sort": "high"})))
    order = _names_in_order(html, ["Oslo", "Bergen", "Andøy", "Trondheim", "Moskenes", "Røst"])
    assert order[:3] == ["Bergen", "Trondheim", "Oslo"]  # the ranked ones, highest first
    assert set(order[3:5]) == {"Andøy", "Moskenes"} and order[5] == "Røst"


def test_ranks_are_ranges_where_intervals_overlap():
    html = to_html(ranking_table(_frame(), parse({})))
    # Oslo (10.5–11.5) and Trondheim (11.0–11.8) overlap; Bergen lies above both
    assert ">1–2<" in html and ">3<" in html
    assert html.count(">–<") >= 2  # the two areas too uncertain to rank carry no rank
