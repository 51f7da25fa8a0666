"""Names sort as Norwegian readers expect, ranks read from the top of the order shown, and an
interval never collapses to one number."""

from __future__ import annotations

import pandas as pd

from dashboard.components.ranking import ranking_table
from dashboard.i18n import interval, interval_ends, sort_key
from dashboard.markup import to_html
from dashboard.state import parse


def test_nordic_letters_follow_z_in_the_order_ae_oe_aa():
    names = ["Åfjord", "Øvre Eiker", "Ærø", "Zeta", "Ål", "Østre Toten"]
    assert sorted(names) != sorted(names, key=sort_key)  # the code-point order is wrong
    assert sorted(names, key=sort_key) == ["Zeta", "Ærø", "Østre Toten", "Øvre Eiker",
                                           "Åfjord", "Ål"]


def test_case_and_accents_do_not_split_the_alphabet():
    names = ["bø", "Bodø", "Bærum", "Ávjovárgi", "aremark", "Čáhcesuolu", "Deatnu"]
    assert sorted(names, key=sort_key) == ["aremark", "Ávjovárgi", "Bodø", "Bærum", "bø",
                                           "Čáhcesuolu", "Deatnu"]


def _table_frame() -> pd.DataFrame:
    rows = [("1", "Ås", 9.0), ("2", "Øksnes", 10.0), ("3", "Aremark", 11.0),
            ("4", "Zeta", 12.0), ("5", "Ørland", 13.0)]
    frame = pd.DataFrame(rows, columns=["code", "name", "mean"])
    return frame.assign(ci_low=frame["mean"] - 0.2, ci_high=frame["mean"] + 0.2,
                        reliable=True, area_code=frame["code"], count_band="50-99",
                        suppressed=False)


def _order(html: str, names) -> list[str]:
    return sorted(names, key=html.index)


def test_table_sorted_by_name_uses_norwegian_order():
    html = to_html(ranking_table(_table_frame(), parse({"sort": "name"})))
    assert _order(html, ["Ås", "Øksnes", "Aremark", "Zeta", "Ørland"]) == [
        "Aremark", "Zeta", "Øksnes", "Ørland", "Ås"]


def _first_rank(html: str) -> str:
    body = html[html.index("<tbody>"):]
    start = body.index('class="rank">') + len('class="rank">')
    return body[start:body.index("<", start)]


def test_top_row_is_rank_one_in_either_order():
    frame = _table_frame()
    high = to_html(ranking_table(frame, parse({"sort": "high"})))
    low = to_html(ranking_table(frame, parse({"sort": "low"})))
    assert _order(high, ["Ørland", "Ås"]) == ["Ørland", "Ås"]  # highest first
    assert _first_rank(high) == "1" and _first_rank(low) == "1"
    assert ">5<" in high  # the lowest is last, and numbered so


def test_rank_ranges_turn_round_in_the_descending_order():
    frame = _table_frame()
    frame.loc[frame["name"] == "Zeta", "mean"] = 12.9  # overlaps Ørland (12.8–13.2)
    frame["ci_low"], frame["ci_high"] = frame["mean"] - 0.2, frame["mean"] + 0.2
    high = to_html(ranking_table(frame, parse({"sort": "high"})))
    assert _first_rank(high) == "1–2"


def test_an_interval_that_rounds_to_one_number_shows_more_decimals():
    assert interval(12.0, 12.2) == "12,0–12,2"
    assert interval(12.08, 12.12) == "12,08–12,12"
    assert interval(12.104, 12.106, "en") == "12.10–12.11"
    assert interval(12.1004, 12.1016) == "12,100–12,102"
    low, high = interval_ends(12.06, 12.14)
    assert low != high
    assert interval(None, 3.0) == "–"
