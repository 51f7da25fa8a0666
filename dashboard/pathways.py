"""The change needed: how far an area's household footprint is from the 1.5° path, what yearly
reduction reaches each milestone, and when today's pace would reach the 2030 value.

Pure functions from an area's monthly series (every category, with intervals) to plain
results; no Dash, no store. The path and its scope are the ones the trend chart draws
(`stats.PARIS_PATH`, on the household footprint `stats.household`), defined once there.

Why annual points: each month's value rests on every respondent's latest estimate within the
12 months before it, so neighbouring months share most of their respondents. Only values 12
months apart rest on separate windows; the pace is fitted through those, and its uncertainty
comes from their published intervals (plus their scatter about the line when there are more
than two), never from the smooth-looking overlap of monthly values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard import stats

#: Most annual points the pace is fitted through (today and up to four years back).
PACE_YEARS = 5
#: Household categories: those the path covers (everything but public consumption).
HOUSEHOLD_EXCLUDES = ("total", "public")


@dataclass(frozen=True)
class Milestone:
    """One point of the path against today's household value."""

    year: int
    target: float
    #: Tonnes above the target (negative: already below it).
    gap: float
    #: The change to the target as a percentage of today's value (−72 means −72 %).
    change_pct: float
    #: The average yearly reduction, compounding, that reaches the target in time (percent
    #: per year, positive; 0 when already below).
    yearly_pct: float
    years: float


@dataclass(frozen=True)
class Pace:
    """The straight-line change per year over the last years, with its 95 % interval."""

    slope: float
    low: float
    high: float
    #: Years between the first and last point fitted.
    span: float
    points: int
    direction: str  # rising | falling | flat (stats.trend_direction)


@dataclass(frozen=True)
class Reach:
    """When today's pace reaches a target: `status` is already | year | never | unknown;
    `year` the central estimate, `earliest` and `latest` from the pace's interval (`latest`
    None: at the slow end of the interval, never)."""

    status: str
    year: float | None = None
    earliest: float | None = None
    latest: float | None = None


@dataclass(frozen=True)
class Pathway:
    """Everything the 'change needed' panel says; `available` False when nothing is
    published to say it from (a suppressed area), with every number None."""

    available: bool
    period: date | None = None
    level: float | None = None
    low: float | None = None
    high: float | None = None
    milestones: tuple[Milestone, ...] = ()
    pace: Pace | None = None
    reach: Reach | None = None


def years_between(start: date, end: date) -> float:
    return (end - start).days / 365.25


def _wide(series: pd.DataFrame) -> pd.DataFrame:
    return series.pivot_table(index="period", columns="category",
                              values=["mean", "ci_low", "ci_high"], aggfunc="first")


def household_points(series: pd.DataFrame) -> pd.DataFrame:
    """Per published month: the household value (total minus public) with an interval.

    Only the total's interval is published; the household value is given the total's
    relative uncertainty (an assumption: public consumption is modelled per area and adds
    little sampling noise of its own).
    """
    if series.empty:
        return pd.DataFrame(columns=["period", "mean", "ci_low", "ci_high"])
    wide = _wide(series)
    try:
        total, public = wide["mean"]["total"], wide["mean"]["public"]
        low, high = wide["ci_low"]["total"], wide["ci_high"]["total"]
    except KeyError:
        return pd.DataFrame(columns=["period", "mean", "ci_low", "ci_high"])
    home = total - public
    ratio = home / total
    out = pd.DataFrame({"mean": home, "ci_low": low * ratio, "ci_high": high * ratio})
    return out.dropna().reset_index().sort_values("period", ignore_index=True)


def milestones(level: float, start: date) -> tuple[Milestone, ...]:
    """Gap, change and yearly compounding reduction from `level` at `start` to each point of
    the path."""
    out = []
    for when, target in stats.path_points():
        years = years_between(start, when)
        change = 100 * (target / level - 1)
        yearly = 0.0
        if level > target and years > 0:
            yearly = 100 * (1 - (target / level) ** (1 / years))
        out.append(Milestone(when.year, target, level - target, change, yearly, years))
    return tuple(out)


def annual_points(points: pd.DataFrame, n: int = PACE_YEARS) -> pd.DataFrame:
    """The latest published month and the same month 1, 2, … years back, where published."""
    if points.empty:
        return points
    last = points["period"].iloc[-1]
    wanted = [stats.months_back(last, 12 * i) for i in range(n)]
    return points[points["period"].isin(wanted)].sort_values("period", ignore_index=True)


def pace(points: pd.DataFrame) -> Pace | None:
    """The straight-line change per year through annual points (period, mean, ci_low,
    ci_high); None with fewer than two."""
    if len(points) < 2:
        return None
    first = points["period"].iloc[0]
    x = np.array([years_between(first, p) for p in points["period"]])
    y = points["mean"].to_numpy(dtype=float)
    se = (points["ci_high"].to_numpy(dtype=float) - points["ci_low"].to_numpy(dtype=float)) \
        / (2 * stats.Z95)
    dx = x - x.mean()
    sxx = float((dx ** 2).sum())
    slope = float((dx * (y - y.mean())).sum() / sxx)
    variance = float(((dx / sxx) ** 2 * se ** 2).sum())
    if len(points) > 2:  # scatter about the line beyond what sampling explains
        residuals = y - (y.mean() + slope * dx)
        variance += float((residuals ** 2).sum() / (len(points) - 2) / sxx)
    spread = math.sqrt(variance)
    return Pace(slope, slope - stats.Z95 * spread, slope + stats.Z95 * spread,
                float(x[-1]), len(points), stats.trend_direction(slope, spread))


def _when(level: float, target: float, slope: float, start: date) -> float | None:
    """The (fractional) year a line from `level` at `start` falling by `slope` per year
    reaches `target`; None when it does not fall."""
    if slope >= 0:
        return None
    return start.year + (start.timetuple().tm_yday - 1) / 365.25 + (target - level) / slope


def reach(level: float, start: date, speed: Pace | None, target: float) -> Reach:
    """When today's pace reaches `target`, plainly: already, a year (with its interval), or
    never (the pace is not falling at all)."""
    if level <= target:
        return Reach("already")
    if speed is None:
        return Reach("unknown")
    year = _when(level, target, speed.slope, start)
    earliest = _when(level, target, speed.low, start)
    latest = _when(level, target, speed.high, start)
    if year is None:
        return Reach("never", None, earliest, None)
    return Reach("year", year, earliest, latest)


def pathway(series: pd.DataFrame) -> Pathway:
    """The change needed for an area, from its monthly series (all categories); not
    available when no household value is published."""
    points = household_points(series)
    if points.empty:
        return Pathway(False)
    now = points.iloc[-1]
    start, level = now["period"], float(now["mean"])
    if level <= 0:
        return Pathway(False)
    speed = pace(annual_points(points))
    return Pathway(True, start, level, float(now["ci_low"]), float(now["ci_high"]),
                   milestones(level, start), speed, reach(level, start, speed,
                                                           stats.PARIS_PATH[0][1]))


def trend_at(path: Pathway, year: int) -> float | None:
    """Where today's pace leads by 1 January of `year` (never below zero)."""
    if not path.available or path.pace is None:
        return None
    return max(0.0, path.level + path.pace.slope * years_between(path.period,
                                                                 date(year, 1, 1)))
