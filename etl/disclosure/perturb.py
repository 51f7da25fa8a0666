"""Cell-key perturbation of each cell's count, sums and sums of squares.

When one respondent enters an area between two months, the change in the area's sum is
their footprint, and the change in its sum of squared deviations says how far they lie from
the mean. So, as in the cell-key method of the Australian Bureau of Statistics and the ONS
(Census 2021), the ingredients themselves are perturbed and every published statistic is
computed from the perturbed ingredients only (release.py). Each draw comes from the cell key
(the sum of the secret keys of the estimates behind the cell): the same respondents always
get the same perturbation, so re-running or re-releasing gains nothing, while one
respondent more or less gives an unrelated draw.

The noise is sized to what one respondent can contribute (bounds.py), not to the cell: a
sum's noise has a standard deviation of SUM_SHARE times the category's bound, a sum of
squares' SQUARE_SHARE times the bound squared, so differencing two months leaves an error
of several tonnes on the one person at any area size, while the noise on a mean shrinks as
1/n. The weighted and the plain sum of a cell get the same draw (averaging the two gains
nothing, and where weighting is `none` they are one number, released once); the total's
sums are the sums of its parts' perturbed sums, so parts and total carry one noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.contract import CATEGORIES, PUBLISHED_CATEGORIES
from etl.disclosure.bounds import bound

#: Draws beyond this many standard deviations are held there: the noise is bounded.
TRUNCATE_SD = 3.0
AREA_MONTH = ["level", "area_code", "period"]


@dataclass(frozen=True)
class Protection:
    """How strongly published numbers are perturbed and rounded; OFF is for tests only."""

    #: Standard deviation of a sum's noise, as a share of what one respondent can add.
    sum_share: float = 0.25
    #: Standard deviation of a sum of squares' noise, as a share of the bound squared.
    square_share: float = 0.12
    #: A count moves by a whole number drawn evenly from −count_spread..count_spread.
    count_spread: int = 2
    #: Published counts are multiples of this.
    count_base: int = 5
    #: Means and interval bounds are published to this many decimals (None: unrounded).
    decimals: int | None = 1
    #: An area's spread is never taken below this share of the country's: a perturbed sum
    #: of squares can come out below the square of the sum, and no interval may be empty.
    spread_floor: float = 0.5


DEFAULT = Protection()
#: No perturbation and no rounding: what an attacker would face without protection.
OFF = Protection(sum_share=0.0, square_share=0.0, count_spread=0, count_base=1, decimals=None,
                 spread_floor=0.0)


def uniform(cell_key: np.ndarray, stream: np.ndarray | int) -> np.ndarray:
    """A uniform draw in [0, 1) per cell key and stream (splitmix64, stable everywhere)."""
    with np.errstate(over="ignore"):
        x = (np.asarray(cell_key).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
             + np.asarray(stream).astype(np.uint64))
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def normal(cell_key: np.ndarray, stream: np.ndarray | int) -> np.ndarray:
    """A standard normal draw per cell key and stream (Box–Muller), truncated at TRUNCATE_SD."""
    stream = np.asarray(stream)
    u1 = 1.0 - uniform(cell_key, 2 * stream)  # in (0, 1]: the log is finite
    u2 = uniform(cell_key, 2 * stream + 1)
    z = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
    return np.clip(z, -TRUNCATE_SD, TRUNCATE_SD)


def sum_noise_sd(category: str, protection: Protection) -> float:
    """Standard deviation of the noise on a cell's sum of `category` (tonnes)."""
    if category == "total":  # the sum of five independent part noises
        return float(np.sqrt(sum(sum_noise_sd(c, protection) ** 2 for c in CATEGORIES)))
    return protection.sum_share * bound(category)


def run(cells: pd.DataFrame, protection: Protection = DEFAULT) -> pd.DataFrame:
    """Perturbed ingredients per row: n_p, wsum_p, sum_p, wsumsq_p and the sum's noise sd.

    `cells` has one row per area, month and category with n, rkey, wsum, sum, wsumsq.
    """
    out = cells.copy()
    key = out["rkey"].to_numpy(dtype=np.int64)
    index = {c: i for i, c in enumerate(PUBLISHED_CATEGORIES)}
    cat = out["category"].map(index).to_numpy(dtype=np.int64)
    # One count per area-month, the same in every category's row.
    spread = protection.count_spread
    shift = np.floor(uniform(key, 1) * (2 * spread + 1)).astype(np.int64) - spread
    out["n_p"] = np.maximum(out["n"].to_numpy() + shift, 0)
    scale = out["category"].map({c: sum_noise_sd(c, protection) for c in index})
    part_noise = pd.Series(normal(key, 16 + 4 * cat) * scale.to_numpy(), index=out.index)
    part_noise[out["category"] == "total"] = 0.0
    # The total's sums move by exactly the sum of its parts' noise.
    total_noise = part_noise.groupby([out[c] for c in AREA_MONTH]).transform("sum")
    sum_noise = part_noise.where(out["category"] != "total", total_noise)
    out["wsum_p"] = out["wsum"] + sum_noise
    out["sum_p"] = out["sum"] + sum_noise
    square_sd = out["category"].map({c: protection.square_share * bound(c) ** 2 for c in index})
    out["wsumsq_p"] = out["wsumsq"] + normal(key, 17 + 4 * cat) * square_sd.to_numpy()
    out["sum_noise_sd"] = scale.to_numpy()
    return out
