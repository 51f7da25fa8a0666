"""The range each respondent's answer is held to before it is summed into any cell.

Without a bound, one person who reports 60 t of flights moves a municipality of ten by
several tonnes: the map's extremes would be single respondents, and no perturbation of a
sum could hide what one person adds to it, because that can be anything. So every part is
clipped to [0, PART_BOUNDS_T], and where the clipped parts add up to more than TOTAL_BOUND_T
they are scaled down together, so a respondent's parts still add up to their total. The
bounds sit above the 99.9th percentile of plausible answers (docs/methodology.md states
their measured effect on the national figures), and they are also the scale of the
perturbation (perturb.py): it is sized to what one respondent can contribute.
"""

from __future__ import annotations

import numpy as np

from core.contract import CATEGORIES
from core.contract import CATEGORY_BOUNDS_T as PART_BOUNDS_T

#: Tonnes one respondent may contribute to the total; larger totals are scaled down to it.
TOTAL_BOUND_T = 40.0


def bound(category: str) -> float:
    """The most one respondent can add to a cell's sum of `category` (tonnes)."""
    return TOTAL_BOUND_T if category == "total" else PART_BOUNDS_T[category]


def clipped_sql(prefix: str = "") -> str:
    """SELECT expressions for the five clipped parts and their total, named as the parts.

    `prefix` qualifies the input columns (e.g. "s."): each part is clipped to its bound, and
    all five are scaled by one factor when their sum is over the total's bound.
    """
    clipped = {c: f"least(greatest(coalesce({prefix}{c}, 0), 0), {PART_BOUNDS_T[c]})"
               for c in CATEGORIES}
    raw_total = " + ".join(clipped.values())
    scale = f"least(1.0, {TOTAL_BOUND_T} / greatest({raw_total}, 1e-9))"
    parts = [f"{expr} * {scale} AS {c}" for c, expr in clipped.items()]
    return ", ".join([*parts, f"least({raw_total}, {TOTAL_BOUND_T}) AS total"])


def clip(parts: np.ndarray) -> np.ndarray:
    """The same bounds on an (m, 5) array of parts in contract order (tonnes)."""
    held = np.clip(parts, 0.0, [PART_BOUNDS_T[c] for c in CATEGORIES])
    total = held.sum(axis=1, keepdims=True)
    return held * np.minimum(1.0, TOTAL_BOUND_T / np.maximum(total, 1e-9))
