"""Pure statistics for display: changes and their uncertainty, map classes, the 1.5° path."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

Z95 = 1.959964

#: Per-person household footprint path for 1.5-degree lifestyles (IGES, Aalto University,
#: D-mat, Sitra 2019), tonnes CO2e per person per year.
PARIS_PATH: tuple[tuple[int, float], ...] = ((2030, 2.5), (2040, 1.4), (2050, 0.7))


@dataclass(frozen=True)
class Change:
    """A change between two published values with its 95 % interval and a verdict."""

    delta: float | None
    low: float | None
    high: float | None
    direction: str  # rising | falling | flat | unknown


def _se(low: float, high: float) -> float:
    return (high - low) / (2 * Z95)


def _missing(*values: object) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def trend_direction(delta: float | None, se: float | None, z: float = Z95) -> str:
    """'rising' or 'falling' only when the change exceeds its uncertainty, else 'flat'."""
    if _missing(delta, se) or se < 0:
        return "unknown"
    if delta - z * se > 0:
        return "rising"
    if delta + z * se < 0:
        return "falling"
    return "flat"


def change(now: dict | None, then: dict | None) -> Change:
    """The change from `then` to `now` (rows with mean, ci_low, ci_high).

    The two intervals are combined as if independent; overlapping 12-month windows make
    the true uncertainty of the change smaller, so this errs towards "no clear change".
    """
    if not now or not then:
        return Change(None, None, None, "unknown")
    values = (now.get("mean"), now.get("ci_low"), now.get("ci_high"),
              then.get("mean"), then.get("ci_low"), then.get("ci_high"))
    if _missing(*values):
        return Change(None, None, None, "unknown")
    m1, l1, h1, m0, l0, h0 = (float(v) for v in values)
    delta = m1 - m0
    se = math.hypot(_se(l1, h1), _se(l0, h0))
    return Change(delta, delta - Z95 * se, delta + Z95 * se, trend_direction(delta, se))


def _nice(value: float) -> float:
    """Round a class break to a step that reads well (0.1 t below 10 t, 0.5 t above)."""
    step = 0.1 if abs(value) < 10 else 0.5
    return round(round(value / step) * step, 1)


def class_breaks(values: pd.Series | list[float], n_classes: int = 6) -> list[float]:
    """Inner class breaks (n_classes - 1 at most) at rounded quantiles of the values.

    Breaks are computed once per level and category over the whole release, so a colour
    means the same number in every month as the slider plays.
    """
    data = pd.Series(values, dtype="float64").dropna()
    if data.empty:
        return []
    qs = np.linspace(0, 1, n_classes + 1)[1:-1]
    breaks = sorted({_nice(float(q)) for q in data.quantile(qs)})
    lo, hi = float(data.min()), float(data.max())
    return [b for b in breaks if lo < b <= hi] or ([_nice((lo + hi) / 2)] if hi > lo else [])


def classify(values: pd.Series, breaks: list[float]) -> pd.Series:
    """Class index per value (0 = lowest); -1 where the value is missing (suppressed)."""
    arr = pd.Series(values, dtype="float64")
    idx = pd.Series(np.searchsorted(np.asarray(breaks, dtype=float), arr.to_numpy(),
                                    side="right"), index=arr.index)
    return idx.where(arr.notna(), -1).astype(int)


def class_labels(breaks: list[float], fmt) -> list[str]:
    """Legend labels for the classes: '< 9,5', '9,5–10,0', ..., '≥ 12,0'."""
    if not breaks:
        return ["–"]
    labels = [f"< {fmt(breaks[0])}"]
    labels += [f"{fmt(a)}–{fmt(b)}" for a, b in zip(breaks, breaks[1:], strict=False)]
    labels.append(f"≥ {fmt(breaks[-1])}")
    return labels


def household(series: pd.DataFrame) -> pd.DataFrame:
    """Total minus public consumption per month, where both are published."""
    wide = series.pivot_table(index="period", columns="category", values="mean", aggfunc="first")
    if "total" not in wide or "public" not in wide:
        return pd.DataFrame(columns=["period", "mean"])
    out = (wide["total"] - wide["public"]).dropna().round(1)
    return out.rename("mean").reset_index()


def path_points(start: date | None = None, start_value: float | None = None
                ) -> list[tuple[date, float]]:
    """The 1.5° path as dated points, optionally from a starting value (e.g. today's)."""
    points = [(date(year, 1, 1), value) for year, value in PARIS_PATH]
    if start is not None and not _missing(start_value):
        points.insert(0, (start, float(start_value)))
    return points


#: An interval wider than this (tonnes) is too wide to headline as one number or to rank:
#: such an area could sit almost anywhere in the list.
HEADLINE_MAX_WIDTH = 6.0


def too_wide(low: float | None, high: float | None) -> bool:
    """Whether an interval is too wide to headline its mean as one number."""
    return not (_missing(low) or _missing(high)) and high - low > HEADLINE_MAX_WIDTH


def rankable(values: pd.DataFrame) -> pd.Series:
    """Published, reliable means whose interval is narrow enough to rank."""
    width = values["ci_high"] - values["ci_low"]
    return (values["mean"].notna() & values["reliable"].fillna(False).astype(bool)
            & (width <= HEADLINE_MAX_WIDTH))


def rank_ranges(values: pd.DataFrame) -> pd.DataFrame:
    """Per row, the ranks it could hold among rankable areas (`best`, `worst`; 1 = lowest),
    empty where it is not rankable: an area is only surely below another whose whole interval
    lies above its own, as statistics offices rank with uncertainty."""
    ok = rankable(values).to_numpy()
    low = values["ci_low"].to_numpy(dtype=float)[ok]
    high = values["ci_high"].to_numpy(dtype=float)[ok]
    out = pd.DataFrame({"best": pd.NA, "worst": pd.NA}, index=values.index, dtype="Int64")
    out.loc[ok, "best"] = 1 + (high[None, :] < low[:, None]).sum(axis=1)
    out.loc[ok, "worst"] = ok.sum() - (low[None, :] > high[:, None]).sum(axis=1)
    return out


def rank_range(values: pd.DataFrame, code: str) -> tuple[int | None, int | None, int]:
    """The ranks `code` (in `area_code`) could hold among rankable areas, and how many were
    ranked."""
    ranges = rank_ranges(values)
    at = (values["area_code"] == code).to_numpy() & ranges["best"].notna().to_numpy()
    n = int(ranges["best"].notna().sum())
    if not at.any():
        return None, None, n
    row = ranges[at].iloc[0]
    return int(row["best"]), int(row["worst"]), n


def months_between(first: date, last: date) -> list[date]:
    """Every month from first to last, inclusive."""
    months, year, mon = [], first.year, first.month
    while (year, mon) <= (last.year, last.month):
        months.append(date(year, mon, 1))
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return months


def months_back(period: date, n: int) -> date:
    """The first of the month `n` months before `period`."""
    index = period.year * 12 + period.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)
