"""Perturb, round and flag published numbers so that changes between months reveal nobody.

When one respondent enters an area between two months, (n+1)·mean₂ − n·mean₁ would be their
footprint. So every published mean carries a small, stable perturbation drawn from its
cell key (the sum of the secret keys of the estimates behind it, as in the cell key method
of the Australian Bureau of Statistics): the same respondents always give the same value,
so repeating or re-running gains nothing, while one respondent more or less gives an
unrelated draw. Its half-width, NOISE_FACTOR · σ / n (σ: the category's spread among all
respondents that month), makes the differenced footprint uncertain by up to ±4σ (several
tonnes for the total) for any area size, yet stays within 2/√n standard errors and fades
as n grows. Means are then rounded to 0.1 t, counts to a multiple of 5 plus a band.
The interval is centred on the published mean so that it does not give the exact one back,
and its standard error is widened by a stable 0–10 % (never narrowed): exact errors would
let the change in spread between two months tell how far a newcomer lies from the mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.contract import PUBLISHED_CATEGORIES

Z95 = 1.959963984540054
RSE_LIMIT = 0.30
#: Below this many respondents a mean is flagged unreliable whatever its RSE.
RELIABLE_MIN_N = 30
NOISE_FACTOR = 2.0
#: Standard errors are widened by a stable share between 0 and this, never narrowed.
SE_NOISE = 0.1
COUNT_BASE = 5
MEAN_DECIMALS = 1
COUNT_BANDS = [(10, 49), (50, 99), (100, 499), (500, 999), (1000, 4999), (5000, None)]
#: Emptied in a suppressed row (the weighting scheme too: it hints at the count).
VALUE_COLUMNS = ["respondents", "count_band", "mean", "mean_unweighted", "ci_low", "ci_high",
                 "rse", "reliable", "weighting"]


def count_band(n: int) -> str | None:
    """A coarse respondent band for display, e.g. '100-499' or '5000+'."""
    for low, high in COUNT_BANDS:
        if n < low:
            return None
        if high is None or n <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    return None


def uniform(cell_key: np.ndarray, stream: np.ndarray) -> np.ndarray:
    """A uniform draw in [0, 1) per cell key and stream (splitmix64, stable everywhere)."""
    with np.errstate(over="ignore"):
        x = cell_key.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + stream.astype(np.uint64)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def round_to(values: pd.Series, base: int) -> pd.Series:
    return (np.floor(values / base + 0.5) * base).astype("Int64")


def run(estimates: pd.DataFrame, suppression: pd.Series) -> pd.DataFrame:
    """Published rows from estimates (n, rkey, mean, mean_unweighted, se, sd per row) and the
    suppression reason per row; hidden rows keep their key with empty values."""
    out = estimates.copy()
    out["suppression"] = suppression.to_numpy()
    out["suppressed"] = out["suppression"].notna()
    n = out["n"].to_numpy(dtype=float)
    country = out.sort_values("n", kind="stable").groupby(["period", "category"])["sd"].last()
    sigma = country.reindex(pd.MultiIndex.from_frame(out[["period", "category"]])).to_numpy()
    sigma = np.where(np.isfinite(sigma), sigma, out["sd"].to_numpy())
    half = NOISE_FACTOR * sigma / n
    cat = out["category"].map({c: i for i, c in enumerate(PUBLISHED_CATEGORIES)}).to_numpy()
    key = out["rkey"].to_numpy(dtype=np.int64)
    for column, stream in (("mean", 2 * cat), ("mean_unweighted", 2 * cat + 1)):
        noisy = out[column].to_numpy() + (2 * uniform(key, stream) - 1) * half
        out[column] = np.round(np.clip(noisy, 0, None), MEAN_DECIMALS)
    # The error is widened by a stable 0–SE_NOISE share: exact errors month by month would
    # tell how far a newcomer's footprint lies from the mean.
    se = out["se"] * (1 + SE_NOISE * uniform(key, 2 * cat + 2 * len(PUBLISHED_CATEGORIES)))
    width = Z95 * se
    out["ci_low"] = (out["mean"] - width).clip(lower=0).round(MEAN_DECIMALS)
    out["ci_high"] = (out["mean"] + width).round(MEAN_DECIMALS)
    rse = se / out["mean"].where(out["mean"] > 0)
    out["rse"] = rse.round(3)
    out["reliable"] = (rse <= RSE_LIMIT) & (out["n"] >= RELIABLE_MIN_N)
    out["respondents"] = round_to(out["n"], COUNT_BASE)
    out["count_band"] = out["n"].map(count_band)
    out[VALUE_COLUMNS] = out[VALUE_COLUMNS].astype(object).where(~out["suppressed"], None)
    return out.drop(columns=["n", "se", "sd", "rkey"])
