"""The stayers' change through the same protection as every published mean.

The change is a mean over a group of people, so it gets what the footprint means get
(etl/disclosure/__init__.py): hidden below k stayers, and secondary suppression so a hidden
area cannot be worked out from its parent minus its siblings (suppress.py); the count, the
sum and the sum of squares perturbed by the cell key (perturb.py's draws, on streams of
their own), and every published number computed from the perturbed values only. One
stayer's change can be anything from −TOTAL_BOUND_T to +TOTAL_BOUND_T, so the noise on a sum
is sized to TOTAL_BOUND_T, as a mean's is to its bound: differencing two months leaves an
error of several tonnes on the one person who joined.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.disclosure import suppress
from etl.disclosure.bounds import TOTAL_BOUND_T
from etl.disclosure.perturb import DEFAULT, Protection, normal, uniform
from etl.disclosure.release import MIN_HALF_WIDTH, Z95, _rounded, count_band

#: Stayers a published change rests on at the least, as a multiple of k: a change over a
#: year is noisier than a level, and each stayer is known to have answered twice.
K_FACTOR = 3
#: Draw streams apart from the ones the footprint cells use.
STREAMS = {"count": 201, "sum": 202, "square": 203}
#: The published table's columns, in order.
COLUMNS = ["level", "area_code", "period", "stayers", "count_band", "mean_change", "ci_low",
           "ci_high", "trend", "suppressed", "suppression"]
VALUES = ["stayers", "count_band", "mean_change", "ci_low", "ci_high", "trend"]


def run(cells: pd.DataFrame, parents: pd.DataFrame, k: int, top: str,
        protection: Protection = DEFAULT) -> pd.DataFrame:
    """Published rows per area and month from `cells` (level, area_code, period, n, rkey,
    change_sum, change_sumsq); `parents` as for the footprint; `top` the country's level.

    `trend` is 'falling' or 'rising' only when the whole interval lies below or above zero,
    else 'steady' (no change larger than its uncertainty)."""
    if cells.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = cells.reset_index(drop=True).copy()
    out["suppression"] = suppress.run(out, parents, K_FACTOR * k).to_numpy()
    out["suppressed"] = out["suppression"].notna()
    key = out["rkey"].to_numpy(dtype=np.int64)
    n = out["n"].to_numpy(dtype=float)
    spread = protection.count_spread
    shift = np.floor(uniform(key, STREAMS["count"]) * (2 * spread + 1)) - spread
    n_p = np.maximum(n + shift, 0)
    sum_sd = protection.sum_share * TOTAL_BOUND_T
    sum_p = out["change_sum"].to_numpy() + normal(key, STREAMS["sum"]) * sum_sd
    square_sd = protection.square_share * TOTAL_BOUND_T ** 2
    sumsq_p = out["change_sumsq"].to_numpy() + normal(key, STREAMS["square"]) * square_sd
    mean = pd.Series(sum_p / n)
    dev = pd.Series((sumsq_p - sum_p ** 2 / n) / np.where(n > 1, n - 1, np.nan))
    # As for the means: an area's spread is never taken below a share of the country's.
    floor = dev.where(out["level"] == top).groupby(out["period"]).transform("max")
    var = np.fmax(dev.clip(lower=0), (floor.clip(lower=0) * protection.spread_floor ** 2)
                  .fillna(0))
    se = np.sqrt(var / n + (sum_sd / n) ** 2)
    half = np.fmax(Z95 * se, MIN_HALF_WIDTH)
    out["mean_change"] = _rounded(mean, protection.decimals)
    out["ci_low"] = _rounded(mean - half, protection.decimals, np.floor)
    out["ci_high"] = _rounded(mean + half, protection.decimals, np.ceil)
    out["trend"] = np.where(out["ci_high"] < 0, "falling",
                            np.where(out["ci_low"] > 0, "rising", "steady"))
    base = protection.count_base
    out["stayers"] = pd.array(np.floor(n_p / base + 0.5) * base, dtype="Int64")
    out["count_band"] = out["stayers"].map(count_band)
    out[VALUES] = out[VALUES].astype(object).where(~out["suppressed"], None)
    return out[COLUMNS]
