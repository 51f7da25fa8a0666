"""Cells built from respondent-level answers, as the aggregate and estimate steps build them.

The attack suite and the disclosure bench play with thousands of small areas whose every
answer is known; building them here, in numpy, lets them run the disclosure stage directly
instead of the whole pipeline, while producing exactly the columns the estimate step hands
over (weights of mean 1 per area, sums, sums of squares, squared weights, the cell key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from core.contract import CATEGORIES, PUBLISHED_CATEGORIES
from etl.demo import model
from etl.steps.aggregate import KEY_MODULUS

#: Mean parts of an adult's footprint (tonnes) and their lognormal spread, as in the demo.
TYPICAL_T = model.BASE_KG / 1000
SPREAD = model.PERSON_SIGMA


@dataclass(frozen=True)
class Area:
    """One area-month: its answers (m × 5 parts, tonnes), the estimates' keys and, for a
    weighted area, each respondent's group (weighted to equal population shares)."""

    level: str
    code: str
    period: date
    parts: np.ndarray
    keys: np.ndarray
    groups: np.ndarray | None = None


def draw_parts(rng: np.random.Generator, size: int) -> np.ndarray:
    """(size, categories) plausible answers: mean-one lognormal factors around TYPICAL_T."""
    z = rng.normal(size=(size, len(CATEGORIES)))
    return TYPICAL_T * np.exp(z * SPREAD - SPREAD**2 / 2)


def draw_keys(rng: np.random.Generator, size: int) -> np.ndarray:
    return rng.integers(0, KEY_MODULUS, size)


def _weights(groups: np.ndarray | None, m: int) -> np.ndarray:
    """Post-stratification weights of mean 1: every group gets an equal population share."""
    if groups is None:
        return np.ones(m)
    labels, counts = np.unique(groups, return_counts=True)
    per_group = dict(zip(labels, m / (len(labels) * counts), strict=True))
    return np.array([per_group[g] for g in groups])


def cells(areas: list[Area]) -> pd.DataFrame:
    """The estimate step's rows (one per area, month and category) for these areas."""
    stats = []
    for area in areas:
        values = np.column_stack([area.parts.sum(axis=1), area.parts])
        w = _weights(area.groups, len(values))
        stats.append(np.concatenate([w @ values, values.sum(axis=0), w @ values**2,
                                     (values**2).sum(axis=0), [w @ w]]))
    stats = np.array(stats)
    k = len(PUBLISHED_CATEGORIES)
    per_area = len(areas)
    return pd.DataFrame({
        "level": np.repeat([a.level for a in areas], k),
        "area_code": np.repeat([a.code for a in areas], k),
        "period": np.repeat(np.array([a.period for a in areas], dtype=object), k),
        "category": np.tile(PUBLISHED_CATEGORIES, per_area),
        "n": np.repeat([len(a.parts) for a in areas], k),
        "rkey": np.repeat([int(a.keys.sum() % KEY_MODULUS) for a in areas], k),
        "weighting": np.repeat(["none" if a.groups is None else "sex" for a in areas], k),
        "wsum": stats[:, 0:k].ravel(), "sum": stats[:, k:2 * k].ravel(),
        "wsumsq": stats[:, 2 * k:3 * k].ravel(), "sumsq": stats[:, 3 * k:4 * k].ravel(),
        "wsq": np.repeat(stats[:, 4 * k], k)})
