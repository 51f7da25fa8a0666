"""Published numbers, each computed from the perturbed ingredients only (perturb.py).

Nothing here reads an exact sum: the mean is the perturbed weighted sum over the count, the
interval's spread comes from the perturbed sum of squares, the count and its band from the
perturbed count. Uncertainty is released no more precisely than a reader needs — interval
bounds to 0.1 t, rounded outwards, and the relative standard error as a band — because
exact errors month by month would tell how far a newcomer lies from the mean. The parts are
rounded and the total is their sum, so every row adds up. Each area is classed against the
country by its interval, so rankings do not promise more than the numbers hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.disclosure.perturb import AREA_MONTH, Protection

Z95 = 1.959963984540054
#: A mean is reliable when its relative standard error is at most this ...
RSE_LIMIT = 0.30
#: ... and its published (perturbed, rounded) respondent count is at least this.
RELIABLE_MIN_N = 30
#: Relative standard error bands (upper edges) and their labels; the last is open.
RSE_BANDS = [(0.10, "<10%"), (0.20, "10-20%"), (RSE_LIMIT, "20-30%"), (np.inf, ">30%")]
COUNT_BANDS = [(10, 49), (50, 99), (100, 499), (500, 999), (1000, 4999), (5000, None)]
#: Half an interval is never narrower than this (tonnes): no interval has zero width.
MIN_HALF_WIDTH = 0.05


def count_band(n: float | None) -> str | None:
    """A coarse respondent band for display, e.g. '100-499' or '5000+'."""
    if n is None or pd.isna(n):
        return None
    for low, high in COUNT_BANDS:
        if n < low:
            return None
        if high is None or n <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    return None


def rse_band(rse: pd.Series) -> pd.Series:
    """The band label of each relative standard error (empty where there is none)."""
    edges = [0.0] + [edge for edge, _ in RSE_BANDS]
    labels = [label for _, label in RSE_BANDS]
    return pd.cut(rse, edges, labels=labels, right=True, include_lowest=True).astype(object)


def _rounded(values: pd.Series, decimals: int | None, how=np.round) -> pd.Series:
    """Round to `decimals` with `how` (np.round, or np.floor / np.ceil to round outwards)."""
    if decimals is None:
        return values
    scale = 10.0 ** decimals
    # Float dust (11.3 * 10 = 112.99999…) must not push a bound a whole step outwards.
    dust = {np.floor: 1e-9, np.ceil: -1e-9}.get(how, 0.0)
    return pd.Series(how(values.to_numpy(dtype=float) * scale + dust) / scale,
                     index=values.index)


def _means(out: pd.DataFrame, column: str, protection: Protection) -> pd.Series:
    """Perturbed sum over n, clipped at 0; parts rounded and the total their sum."""
    mean = (out[column] / out["n"]).clip(lower=0)
    parts = _rounded(mean, protection.decimals).where(out["category"] != "total")
    total = parts.groupby([out[c] for c in AREA_MONTH]).transform("sum")
    released = parts.where(out["category"] != "total", total)
    if protection.decimals is not None:  # sums of rounded values: drop float dust
        released = released.round(protection.decimals)
    return released


def run(cells: pd.DataFrame, protection: Protection, top: str) -> pd.DataFrame:
    """Published columns from perturbed cells (perturb.run's output); `top` names the
    country's level."""
    out = cells.copy()
    n = out["n"].astype(float)
    out["mean"] = _means(out, "wsum_p", protection)
    out["mean_unweighted"] = _means(out, "sum_p", protection)
    # Weighted variance from the perturbed ingredients (weights have mean 1), floored at a
    # share of the country's so a handful of equal answers never gives a zero-width interval.
    dev = (out["wsumsq_p"] - out["wsum_p"] ** 2 / n) / (n - 1).where(n > 1)
    at_country = out["level"] == top
    floor = pd.Series(dev[at_country].to_numpy(), index=pd.MultiIndex.from_frame(
        out.loc[at_country, ["period", "category"]])).clip(lower=0) * protection.spread_floor**2
    floor = floor.reindex(pd.MultiIndex.from_frame(out[["period", "category"]])).to_numpy()
    spread = np.fmax(dev.clip(lower=0).to_numpy(), np.nan_to_num(floor))
    # Kish design effect of the weights; the perturbation's own variance is added in.
    deff = (out["wsq"] / n).clip(lower=1.0)
    se = np.sqrt(deff * spread / n + (out["sum_noise_sd"] / n) ** 2)
    half = np.fmax(Z95 * se, MIN_HALF_WIDTH)
    centre = out["mean"]
    out["ci_low"] = _rounded((centre - half).clip(lower=0), protection.decimals, np.floor)
    out["ci_high"] = _rounded(centre + half, protection.decimals, np.ceil)
    # A mean of zero has no relative error worth the name: it falls in the top band.
    rse = (se / out["mean"].where(out["mean"] > 0)).fillna(np.inf)
    out["rse_band"] = rse_band(rse)
    base = protection.count_base
    out["respondents"] = (np.floor(out["n_p"] / base + 0.5) * base).astype("Int64")
    # Counts are rounded, so few distinct: each is banded once, not once per row.
    bands = {n: count_band(n) for n in out["respondents"].dropna().unique()}
    out["count_band"] = out["respondents"].astype(object).map(lambda n: bands.get(n))
    out["reliable"] = (rse <= RSE_LIMIT) & (out["respondents"] >= RELIABLE_MIN_N)
    return out


def against_country(out: pd.DataFrame, top: str) -> pd.Series:
    """'higher' / 'lower' when the area's interval lies wholly above / below the country's
    published mean that month, else 'similar'; empty for the country itself."""
    mean = pd.to_numeric(out["mean"], errors="coerce")
    country = mean[out["level"] == top]
    country.index = pd.MultiIndex.from_frame(out.loc[country.index, ["period", "category"]])
    ref = country.reindex(pd.MultiIndex.from_frame(out[["period", "category"]])).to_numpy()
    low = pd.to_numeric(out["ci_low"], errors="coerce").to_numpy()
    high = pd.to_numeric(out["ci_high"], errors="coerce").to_numpy()
    verdict = np.where(low > ref, "higher", np.where(high < ref, "lower", "similar"))
    verdict = pd.Series(verdict, index=out.index, dtype=object)
    shown = (out["level"] != top) & np.isfinite(ref) & np.isfinite(low)
    return verdict.where(shown, None)
