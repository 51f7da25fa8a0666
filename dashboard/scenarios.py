"""A planner's scenario: per-category changes by 2030 turned into a household footprint path,
held against the 1.5° path and today's pace, with the gap left in each category.

Pure functions, no Dash and no store. The target is split over the categories in today's
proportions (an assumption stated on the page): a category's share of the 2030 target is its
share of today's household footprint, so "the gap left in transport" reads as what transport
still has to shed if every category carried its part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.contract import CATEGORIES
from dashboard import stats
from dashboard.pathways import Pathway, trend_at, years_between

#: The year the changes are set for, and the path's value then.
TARGET_YEAR, TARGET = stats.PARIS_PATH[0]
#: Bounds of one category's change in percent (a change cannot remove more than all of it).
LOWEST, HIGHEST = -100, 50


def categories() -> tuple[str, ...]:
    """The categories a scenario changes: those of the household footprint the path covers."""
    return tuple(c for c in CATEGORIES if c != "public")


@dataclass(frozen=True)
class CategoryResult:
    category: str
    now: float
    change_pct: float
    then: float
    #: This category's part of the target (the target split in today's proportions).
    share_of_target: float
    #: Tonnes still above its part of the target in the target year (negative: below it).
    gap: float


@dataclass(frozen=True)
class Scenario:
    """The scenario's household total by year beside the path and the trend, and per
    category what is left; `available` False when the area publishes no categories."""

    available: bool
    #: Today's month, then 1 January of each year to the target year.
    dates: tuple[date, ...] = ()
    years: tuple[int, ...] = ()
    scenario: tuple[float, ...] = ()
    target: tuple[float, ...] = ()
    trend: tuple[float | None, ...] = ()
    rows: tuple[CategoryResult, ...] = ()
    now: float | None = None
    then: float | None = None

    @property
    def gap(self) -> float | None:
        """Tonnes the scenario stays above the target in the target year."""
        return None if self.then is None else self.then - TARGET


def latest_categories(series: pd.DataFrame, period: date | None) -> dict[str, float]:
    """The household categories' published means in `period` (all of them, or none)."""
    rows = series[(series["period"] == period) & series["category"].isin(categories())]
    values = dict(zip(rows["category"], rows["mean"], strict=True))
    if any(pd.isna(values.get(c)) for c in categories()):
        return {}
    return {c: float(values[c]) for c in categories()}


def combine(*changes: float) -> float:
    """Several percentage changes to one category applied one after another (−50 then −20
    is −60, not −70)."""
    factor = 1.0
    for change in changes:
        factor *= 1 + change / 100
    return round(100 * (factor - 1), 1)


def progress(start_at: date, year: int) -> float:
    """How far (0–1) 1 January of `year` lies between `start_at` and the target year: the
    changes are taken to come evenly over the years."""
    span = years_between(start_at, date(TARGET_YEAR, 1, 1))
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, years_between(start_at, date(year, 1, 1)) / span))


def _line(start: float, end: float, start_at: date, years: list[int]) -> list[float]:
    """Values on a straight line from `start` (at `start_at`) to `end` (1 January of the
    target year), at 1 January of each year."""
    return [start + (end - start) * progress(start_at, year) for year in years]


def build(path: Pathway, now: dict[str, float], changes: dict[str, float]) -> Scenario:
    """The scenario for an area: `now` its household categories today (tonnes), `changes`
    percent per category by the target year (missing ones unchanged)."""
    if not path.available or not now:
        return Scenario(False)
    total_now = sum(now.values())
    rows = []
    for cat, value in now.items():
        change = float(changes.get(cat, 0.0))
        then = value * (1 + change / 100)
        part = TARGET * value / total_now if total_now > 0 else 0.0
        rows.append(CategoryResult(cat, value, change, then, part, then - part))
    total_then = sum(r.then for r in rows)
    years = [path.period.year + 1 + i for i in range(max(0, TARGET_YEAR - path.period.year))]
    years = [path.period.year, *years] if years else [path.period.year]
    scenario = [total_now, *_line(total_now, total_then, path.period, years[1:])]
    target = [total_now, *_line(total_now, TARGET, path.period, years[1:])]
    trend = [total_now, *[trend_at(path, y) for y in years[1:]]]
    dates = (path.period, *(date(y, 1, 1) for y in years[1:]))
    return Scenario(True, dates, tuple(years), tuple(scenario), tuple(target), tuple(trend),
                    tuple(rows), total_now, total_then)


def needed(now: dict[str, float], target: float) -> float | None:
    """The same percentage change in every category that brings the household total to
    `target` (e.g. to match a peer); None when there is nothing to change."""
    total = sum(now.values())
    if total <= 0:
        return None
    return 100 * (target / total - 1)


def best_other(others: pd.DataFrame) -> dict | None:
    """The other area with the lowest published household footprint (code, name, mean)."""
    shown = others[others["mean"].notna()]
    if shown.empty:
        return None
    return shown.sort_values(["mean", "name"]).iloc[0].to_dict()


def household_latest(total: pd.DataFrame, public: pd.DataFrame,
                     names: pd.DataFrame) -> pd.DataFrame:
    """Per area (code, name): the household value of one month, total minus public
    consumption from `map_values`-shaped frames; missing where either is suppressed."""
    both = total[["area_code", "mean"]].merge(public[["area_code", "mean"]], on="area_code",
                                              how="left", suffixes=("_total", "_public"))
    both["mean"] = both["mean_total"] - both["mean_public"]
    out = names[["code", "name"]].merge(both[["area_code", "mean"]], how="left",
                                        left_on="code", right_on="area_code")
    return out[["code", "name", "mean"]]
