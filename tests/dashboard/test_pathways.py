"""The change needed and scenarios, checked against examples worked by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import pathways, scenarios, stats


def series(points: dict[date, tuple[float, float]], public: float = 2.0,
           half_width: float = 0.6, categories: dict[str, float] | None = None) -> pd.DataFrame:
    """A monthly series: per month (total, ...) the total with ± half_width, public
    consumption, and optionally household categories (same in every month)."""
    rows = []
    for period, (total, _) in points.items():
        rows.append({"period": period, "category": "total", "mean": total,
                     "ci_low": total - half_width, "ci_high": total + half_width})
        rows.append({"period": period, "category": "public", "mean": public,
                     "ci_low": public - 0.1, "ci_high": public + 0.1})
        for cat, value in (categories or {}).items():
            rows.append({"period": period, "category": cat, "mean": value,
                         "ci_low": value - 0.1, "ci_high": value + 0.1})
    return pd.DataFrame(rows)


def at(*pairs: tuple[str, float]) -> dict[date, tuple[float, float]]:
    return {date(int(p[:4]), int(p[5:]), 1): (v, 0) for p, v in pairs}


def test_the_gap_and_yearly_reduction_to_each_milestone_worked_by_hand():
    # Household 12 − 2 = 10 t on 1 January 2026; 2030 is exactly four years (1461 days) on.
    path = pathways.pathway(series(at(("2026-01", 12.0))))
    assert path.available and path.level == pytest.approx(10.0)
    first = path.milestones[0]
    assert (first.year, first.target) == (2030, 2.5)
    assert first.gap == pytest.approx(7.5)
    assert first.change_pct == pytest.approx(-75.0)
    # 10 · (1 − r)^4 = 2.5  →  r = 1 − 0.25^(1/4) = 29.29 % a year
    assert first.years == pytest.approx(4.0)
    assert first.yearly_pct == pytest.approx(100 * (1 - 0.25 ** 0.25))
    assert first.yearly_pct == pytest.approx(29.29, abs=0.01)


def test_the_milestones_are_the_one_path_the_trend_chart_draws():
    path = pathways.pathway(series(at(("2026-01", 12.0))))
    assert [(m.year, m.target) for m in path.milestones] == list(stats.PARIS_PATH)


def test_household_interval_carries_the_totals_relative_uncertainty():
    # total 12 ± 0.6 (5 %), household 10 → 9.5 to 10.5
    path = pathways.pathway(series(at(("2026-01", 12.0))))
    assert (path.low, path.high) == (pytest.approx(9.5), pytest.approx(10.5))


def test_pace_through_points_a_year_apart_and_when_it_reaches_the_2030_value():
    # Household 10.5 → 10.0 over 2025-01 → 2026-01 (365 days): −0.5 t a year (a hair more).
    path = pathways.pathway(series(at(("2025-01", 12.5), ("2025-07", 12.2),
                                      ("2026-01", 12.0))))
    span = 365 / 365.25
    assert path.pace.points == 2  # the month between is not a separate observation
    assert path.pace.slope == pytest.approx(-0.5 / span)
    # the household points are ± 0.6 · 10.5/12.5 and ± 0.6 · 10/12 t (95 %); the slope's se
    # is their se's combined, over the span
    se = math.hypot(0.6 * 10.5 / 12.5, 0.6 * 10 / 12) / stats.Z95 / span
    assert path.pace.high - path.pace.low == pytest.approx(2 * stats.Z95 * se)
    assert path.pace.direction == "flat"  # the fall is within its uncertainty
    # 7.5 t to go at 0.5 t a year: 15 years after 2026 → 2041
    assert path.reach.status == "year"
    assert path.reach.year == pytest.approx(2041, abs=0.02)
    # the fast end of the interval gets there sooner; the slow end (rising) never does
    assert path.reach.earliest < path.reach.year
    assert path.reach.latest is None


def test_a_rising_footprint_never_reaches_the_path_at_todays_pace():
    path = pathways.pathway(series(at(("2024-01", 11.0), ("2025-01", 11.6),
                                      ("2026-01", 12.2)), half_width=0.1))
    assert path.pace.slope > 0 and path.pace.direction == "rising"
    assert path.reach.status == "never"
    assert path.reach.year is None and path.reach.latest is None
    assert path.milestones[0].yearly_pct > 0  # the reduction needed is still stated


def test_a_clear_fall_gives_a_year_with_both_ends_of_its_interval():
    path = pathways.pathway(series(at(("2024-01", 14.0), ("2025-01", 13.0),
                                      ("2026-01", 12.0)), half_width=0.1))
    assert path.pace.direction == "falling"
    assert path.reach.status == "year"
    assert path.reach.earliest < path.reach.year < path.reach.latest
    # ≈ −1 t a year, 7.5 t to go → about 2033.5
    assert path.reach.year == pytest.approx(2033.5, abs=0.1)


def test_an_area_already_below_the_2030_value_is_told_so():
    path = pathways.pathway(series(at(("2025-01", 4.2), ("2026-01", 4.0)), public=2.0))
    assert path.level == pytest.approx(2.0)
    assert path.reach.status == "already"
    first, second = path.milestones[:2]
    assert first.gap < 0 and first.yearly_pct == 0
    assert second.gap > 0 and second.yearly_pct > 0  # 1.4 t by 2040 is still ahead


def test_a_suppressed_area_is_not_available_and_raises_nothing():
    hidden = series(at(("2025-01", 12.0), ("2026-01", 12.0)))
    hidden["mean"] = float("nan")
    path = pathways.pathway(hidden)
    assert not path.available and path.level is None and path.milestones == ()
    assert pathways.trend_at(path, 2030) is None
    assert not scenarios.build(path, scenarios.latest_categories(hidden, date(2026, 1, 1)),
                               {"transport": -30}).available
    assert not pathways.pathway(hidden.iloc[0:0]).available


HOME = {"housing": 2.0, "transport": 4.0, "food": 2.0, "goods": 2.0}


def test_a_scenario_worked_by_hand():
    data = series(at(("2025-01", 12.5), ("2026-01", 12.0)), categories=HOME)
    now = scenarios.latest_categories(data, date(2026, 1, 1))
    assert now == HOME
    result = scenarios.build(pathways.pathway(data), now, {"transport": -50, "housing": -25})
    # 2030: housing 1.5, transport 2, food 2, goods 2 = 7.5 t, 5 t above 2.5 t
    assert result.then == pytest.approx(7.5) and result.gap == pytest.approx(5.0)
    rows = {r.category: r for r in result.rows}
    # 2.5 t split as today (20/40/20/20 %): 0.5, 1.0, 0.5, 0.5
    assert rows["transport"].share_of_target == pytest.approx(1.0)
    assert rows["transport"].gap == pytest.approx(1.0)
    assert rows["housing"].gap == pytest.approx(1.0)
    assert rows["food"].gap == pytest.approx(1.5)
    assert sum(r.gap for r in rows.values()) == pytest.approx(result.gap)
    assert result.years == (2026, 2027, 2028, 2029, 2030)
    assert result.scenario[0] == result.target[0] == result.trend[0] == pytest.approx(10.0)
    assert result.scenario[-1] == pytest.approx(7.5) and result.target[-1] == 2.5
    # halfway (730 of 1461 days) the scenario has made about half its change
    assert result.scenario[2] == pytest.approx(10 - 2.5 * 730 / 1461)
    # the trend falls 0.5 t a year: about 8 t by 2030
    assert result.trend[-1] == pytest.approx(10 - 0.5 / (365 / 365.25) * 4, abs=0.01)


def test_a_scenario_that_closes_the_gap_leaves_none():
    data = series(at(("2026-01", 12.0)), categories=HOME)
    cut = scenarios.needed(HOME, 2.5)
    assert cut == pytest.approx(-75.0)
    result = scenarios.build(pathways.pathway(data), HOME, dict.fromkeys(HOME, cut))
    assert result.gap == pytest.approx(0.0)
    assert all(r.gap == pytest.approx(0.0) for r in result.rows)


def test_changes_to_one_category_compound():
    assert scenarios.combine(-50, -20) == -60.0
    assert scenarios.combine() == 0.0


def test_public_consumption_is_not_a_scenario_category():
    assert "public" not in scenarios.categories()


def test_the_best_other_is_the_lowest_published_household_value():
    others = pd.DataFrame({"code": ["1", "2", "3"], "name": ["A", "B", "C"],
                           "mean": [7.0, float("nan"), 6.5]})
    assert scenarios.best_other(others)["code"] == "3"
    assert scenarios.best_other(others.iloc[1:2]) is None
    assert scenarios.needed(HOME, 6.5) == pytest.approx(-35.0)


@given(level=st.floats(0.1, 40), year=st.integers(2000, 2029), month=st.integers(1, 12))
def test_the_yearly_reduction_compounded_reaches_each_target_exactly(level, year, month):
    for m in pathways.milestones(level, date(year, month, 1)):
        if m.gap > 0:
            assert level * (1 - m.yearly_pct / 100) ** m.years == pytest.approx(m.target)
        else:  # at or below the target: nothing needed, said as zero, never a rise
            assert m.yearly_pct == 0
        assert m.change_pct == pytest.approx(100 * (m.target - level) / level)
