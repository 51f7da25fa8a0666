"""Suppress and round estimates so that no published number can single out a person.

Primary suppression hides every cell with fewer than k respondents. Secondary suppression
hides one more sibling wherever a parent has exactly one hidden child, so the hidden child
cannot be worked out as the parent minus its published siblings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z95 = 1.959963984540054
RSE_LIMIT = 0.30
COUNT_BASE = 5
MEAN_DECIMALS = 1
COUNT_BANDS = [(10, 49), (50, 99), (100, 499), (500, 999), (1000, 4999), (5000, None)]


def count_band(n: int) -> str:
    """A coarse respondent band for display, e.g. '100-499' or '5000+'."""
    for low, high in COUNT_BANDS:
        if high is None or n <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    raise AssertionError("unreachable")


def primary(cells: pd.DataFrame, k: int) -> pd.Series:
    """True where an area-month rests on fewer than k respondents."""
    return cells["n"] < k


def secondary(areas_n: pd.DataFrame, parents: pd.DataFrame, hidden: pd.Series) -> pd.Series:
    """Extend `hidden` until no parent has exactly one hidden child among published siblings.

    `areas_n` has level, area_code, period, n (one row per area-month); `parents` maps
    (level, code) to (parent_level, parent_code).
    """
    frame = areas_n.merge(
        parents, left_on=["level", "area_code"], right_on=["level", "code"], how="left"
    ).assign(hidden=hidden.to_numpy(), reason=np.where(hidden.to_numpy(), "primary", None))
    family = ["parent_level", "parent_code", "period"]
    while True:
        with_parent = frame[frame["parent_code"].notna()]
        n_hidden = with_parent.groupby(family)["hidden"].transform("sum")
        lonely = with_parent[(n_hidden == 1)]
        candidates = lonely[~lonely["hidden"]]
        if candidates.empty:
            break
        # Hide the smallest published sibling: it costs the least information.
        pick = candidates.sort_values(["n", "area_code"]).groupby(family).head(1).index
        frame.loc[pick, "hidden"] = True
        frame.loc[pick, "reason"] = "secondary"
    return frame["reason"]


def run(estimates: pd.DataFrame, parents: pd.DataFrame, k: int) -> pd.DataFrame:
    """Published rows: suppressed cells keep their key with empty values and a reason."""
    areas_n = estimates.drop_duplicates(["level", "area_code", "period"])[
        ["level", "area_code", "period", "n"]
    ].reset_index(drop=True)
    reasons = secondary(areas_n, parents, primary(areas_n, k))
    areas_n["suppression"] = reasons.to_numpy()
    out = estimates.merge(areas_n[["level", "area_code", "period", "suppression"]])
    out["suppressed"] = out["suppression"].notna()
    shown = ~out["suppressed"]
    half = Z95 * out["se"]
    out["ci_low"] = (out["mean"] - half).clip(lower=0).round(MEAN_DECIMALS)
    out["ci_high"] = (out["mean"] + half).round(MEAN_DECIMALS)
    out["rse"] = (out["se"] / out["mean"]).round(3)
    out["reliable"] = out["rse"] <= RSE_LIMIT
    out["respondents"] = (out["n"] / COUNT_BASE).round().astype(int) * COUNT_BASE
    out["count_band"] = out["n"].map(lambda n: count_band(n) if n >= COUNT_BANDS[0][0] else None)
    for col in ("mean", "mean_unweighted"):
        out[col] = out[col].round(MEAN_DECIMALS)
    value_cols = ["respondents", "count_band", "mean", "mean_unweighted", "ci_low", "ci_high",
                  "rse", "reliable"]
    out[value_cols] = out[value_cols].astype(object).where(shown, None)
    return out.drop(columns=["n", "se"])
