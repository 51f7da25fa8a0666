"""Trend language, map classes and the 1.5-degree path."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard import stats


def row(mean, half):
    return {"mean": mean, "ci_low": mean - half, "ci_high": mean + half}


def test_a_change_larger_than_its_uncertainty_is_rising_or_falling():
    assert stats.change(row(12.0, 0.1), row(11.0, 0.1)).direction == "rising"
    assert stats.change(row(11.0, 0.1), row(12.0, 0.1)).direction == "falling"


def test_a_change_within_its_uncertainty_is_no_clear_change():
    assert stats.change(row(11.2, 0.5), row(11.0, 0.5)).direction == "flat"


def test_a_missing_value_cannot_be_judged():
    assert stats.change(row(11.0, 0.1), None).direction == "unknown"
    assert stats.change(row(11.0, 0.1), {"mean": None, "ci_low": None,
                                         "ci_high": None}).direction == "unknown"


@given(st.floats(-5, 5), st.floats(0, 3))
def test_the_verdict_agrees_with_the_interval_of_the_change(delta, se):
    direction = stats.trend_direction(delta, se)
    low, high = delta - stats.Z95 * se, delta + stats.Z95 * se
    assert (direction == "rising") == (low > 0)
    assert (direction == "falling") == (high < 0)


def test_class_breaks_are_sorted_rounded_and_within_the_data():
    values = pd.Series([9.0, 10.2, 11.1, 11.7, 12.4, 13.0, 14.8, 15.5])
    breaks = stats.class_breaks(values)
    assert breaks == sorted(set(breaks))
    assert all(9.0 < b <= 15.5 for b in breaks)
    assert all(round(b, 1) == b for b in breaks)


def test_classify_gives_every_value_one_class_and_missing_values_minus_one():
    classes = stats.classify(pd.Series([1.0, 2.0, None, 5.0]), [2.0, 4.0])
    assert list(classes) == [0, 1, -1, 2]


def test_class_labels_match_the_number_of_classes():
    labels = stats.class_labels([2.0, 4.0], lambda v: f"{v:.1f}")
    assert labels == ["< 2.0", "2.0–4.0", "≥ 4.0"]


def test_household_footprint_is_total_minus_public():
    frame = pd.DataFrame({"period": [date(2026, 1, 1)] * 2, "category": ["total", "public"],
                          "mean": [11.0, 2.6]})
    assert stats.household(frame)["mean"].tolist() == [8.4]


def test_the_path_reaches_its_published_targets():
    points = dict(stats.path_points(date(2026, 10, 1), 9.0))
    assert points[date(2030, 1, 1)] == 2.5
    assert points[date(2040, 1, 1)] == 1.4
    assert points[date(2050, 1, 1)] == 0.7


def _areas(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "mean", "ci_low", "ci_high", "reliable"])


def test_rank_ranges_follow_the_intervals_not_the_bare_means():
    values = _areas(("a", 10.0, 9.0, 11.0, True), ("b", 10.5, 10.0, 11.0, True),
                    ("c", 14.0, 13.5, 14.5, True), ("d", None, None, None, None))
    # a and b overlap: each could be lowest or second; c is surely above both
    assert stats.rank_range(values, "a") == (1, 2, 3)
    assert stats.rank_range(values, "b") == (1, 2, 3)
    assert stats.rank_range(values, "c") == (3, 3, 3)
    assert stats.rank_range(values, "d") == (None, None, 3)


def test_unreliable_and_too_wide_areas_are_not_ranked():
    wide = stats.HEADLINE_MAX_WIDTH + 1
    values = _areas(("a", 10.0, 9.5, 10.5, True), ("b", 20.0, 14.0, 14.0 + wide, True),
                    ("c", 21.0, 20.5, 21.5, False))
    assert stats.rank_range(values, "a") == (1, 1, 1)
    assert stats.rank_range(values, "b")[0] is None  # its interval is too wide to rank
    assert stats.rank_range(values, "c")[0] is None  # flagged unreliable
    assert stats.too_wide(14.0, 14.0 + wide) and not stats.too_wide(9.5, 10.5)


def test_months_back_crosses_years():
    assert stats.months_back(date(2026, 3, 1), 12) == date(2025, 3, 1)
    assert stats.months_back(date(2026, 1, 1), 1) == date(2025, 12, 1)
