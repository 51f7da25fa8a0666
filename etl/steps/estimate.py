"""Turn cell statistics into per-area means with standard errors."""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["level", "area_code", "period", "category"]


def run(cells: pd.DataFrame) -> pd.DataFrame:
    """Mean footprint per area, month and category, with its standard error and count."""
    grouped = cells.groupby(KEYS, as_index=False)[["n", "sum", "sumsq"]].sum()
    n = grouped["n"].to_numpy(dtype=float)
    mean = grouped["sum"].to_numpy() / n
    # Sample variance from the sums; clipped at 0 against rounding error in sumsq - n*mean².
    var = np.clip((grouped["sumsq"].to_numpy() - n * mean**2) / np.maximum(n - 1, 1), 0, None)
    return grouped[KEYS].assign(
        n=grouped["n"].astype(int),
        mean=mean,
        mean_unweighted=mean,
        se=np.sqrt(var / n),
    )
