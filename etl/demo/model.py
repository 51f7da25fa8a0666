"""The footprint model: who answers, and what each respondent's categories come to.

All factors are rough, plausible assumptions for demo data (see docs/demo-data.md), not
estimates; they are normalised so that the adult population averages the reference levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.contract import CATEGORIES
from etl.demo.reference import Reference


@dataclass(frozen=True)
class CategoryModel:
    """How one footprint category behaves in demo records."""

    #: National adult mean in kg CO2e/year at the start of 2021.
    base_kg: float
    #: Yearly fall of the mean.
    trend_per_year: float
    #: Each later estimate of the same person comes out this much lower (they act, or learn).
    update_fall: float
    #: Lognormal spread between people (persistent) and between one person's estimates.
    person_sigma: float
    estimate_sigma: float
    #: Loading on a shared "affluence" factor that moves transport and goods together.
    affluence: float
    #: Upper bound; all together below MAX_TOTAL_KG, so clean rows never look absurd.
    cap_kg: float
    #: Per-person footprint scales as (household size / 2) ** exponent.
    household_exponent: float
    #: Relative footprint by age group (contract.AGE_GROUPS) and sex (contract.SEXES).
    age: tuple[float, ...]
    sex: tuple[float, ...]
    #: Location factor from 0 (rural) to 1 (city): intercept + slope × urbanity.
    urban: tuple[float, float] = (1.0, 0.0)


#: Household part ~10.7 t (NTNU 2012 split), public ~2.8 t: ~13.5 t for all adults in 2021,
#: ~12.4 t on average in a young, female-leaning sample spread over 2021-2026. A new
#: category of core.contract needs its entry here too (demo records only).
MODEL: dict[str, CategoryModel] = {
    # detached houses in the countryside
    "housing": CategoryModel(1900.0, 0.015, 0.02, 0.45, 0.12, 0.10, 40_000.0, -0.40,
                             (0.80, 0.95, 1.10, 1.15), (1.0, 1.0), (1.10, -0.20)),
    # car dependence
    "transport": CategoryModel(3800.0, 0.015, 0.02, 0.55, 0.12, 0.30, 80_000.0, -0.10,
                               (0.95, 1.10, 1.05, 0.80), (0.85, 1.15), (1.30, -0.50)),
    "food": CategoryModel(1600.0, 0.015, 0.02, 0.25, 0.12, 0.0, 10_000.0, -0.05,
                          (0.95, 1.00, 1.02, 1.00), (0.90, 1.10), (1.02, -0.05)),
    # higher incomes, more services in cities
    "goods": CategoryModel(3400.0, 0.015, 0.02, 0.45, 0.12, 0.30, 50_000.0, -0.15,
                           (1.00, 1.10, 1.00, 0.85), (1.05, 0.95), (0.94, 0.12)),
    "public": CategoryModel(2800.0, 0.010, 0.0, 0.05, 0.02, 0.0, 6_000.0, 0.0,
                            (1.0, 1.0, 1.0, 1.0), (1.0, 1.0)),
}
_missing = set(CATEGORIES) - set(MODEL)
if _missing:
    raise ValueError(f"the demo model has no entry for categories {sorted(_missing)}")


def _column(name: str) -> np.ndarray:
    """One parameter for every category, in contract.CATEGORIES order."""
    return np.array([getattr(MODEL[c], name) for c in CATEGORIES], dtype=float)


BASE_KG = _column("base_kg")
TREND_PER_YEAR = _column("trend_per_year")
UPDATE_FALL = _column("update_fall")
PERSON_SIGMA = _column("person_sigma")
ESTIMATE_SIGMA = _column("estimate_sigma")
AFFLUENCE_LOADING = _column("affluence")
CAP_KG = _column("cap_kg")
HOUSEHOLD_EXPONENT = _column("household_exponent")
#: (age groups, categories) and (sexes, categories)
AGE_FACTOR = _column("age").T
SEX_FACTOR = _column("sex").T

#: A voluntary app sample: the young and women answer more often (relative odds).
AGE_RESPONSE = np.array([1.6, 1.3, 0.9, 0.45])
SEX_RESPONSE = np.array([1.25, 0.8])
#: Per-area participation varies (lognormal): a local campaign moves a small area more than a
#: city, which averages over many neighbourhoods. Where it is boosted is the pack's demo.toml.
PARTICIPATION_SIGMA = (0.45, 0.15)  # smallest .. largest areas

#: Household size 1..12 by age group: weights before normalising.
HOUSEHOLD_WEIGHTS = np.array(
    [
        [40, 30, 14, 10, 4, 1.5, 0.4, 0.1] + [0.05] * 4,
        [18, 22, 20, 27, 9, 3.0, 0.8, 0.2] + [0.05] * 4,
        [22, 38, 16, 15, 6, 2.0, 0.8, 0.2] + [0.05] * 4,
        [45, 48, 4, 2, 0.7, 0.2, 0.1, 0.05] + [0.01] * 4,
    ]
)
HOUSEHOLD_CDF = np.cumsum(HOUSEHOLD_WEIGHTS, axis=1) / HOUSEHOLD_WEIGHTS.sum(axis=1, keepdims=True)

def urbanity(ref: Reference) -> np.ndarray:
    """0 (rural) .. 1 (city) per area: 2,000 residents or fewer to 200,000 or more, log scale.

    Population size stands in for density and centrality: the geodata carry no land area.
    """
    return np.clip((np.log10(ref.total_population) - np.log10(2_000)) / 2.0, 0.0, 1.0)


def area_factors(ref: Reference, rng: np.random.Generator) -> np.ndarray:
    """(K, categories) location factor per area and category, averaging 1 over adults."""
    u = urbanity(ref)
    factors = np.column_stack([MODEL[c].urban[0] + MODEL[c].urban[1] * u
                               for c in CATEGORIES])
    # The pack's own tendencies: colder regions heat more, remote ones travel further.
    tendencies = ref.model.get("footprint", {})
    for c, category in enumerate(CATEGORIES):
        factors[:, c] = tendency(ref, tendencies.get(category, {}), factors[:, c])
    # What the model does not know about an area: a little unexplained variation.
    factors *= np.exp(rng.normal(0.0, 0.05, factors.shape))
    weights = ref.adults.sum(axis=(1, 2))
    return factors / np.average(factors, axis=0, weights=weights)


def participation(ref: Reference, rng: np.random.Generator) -> np.ndarray:
    """(K,) relative response propensity per area: lognormal, boosted where the pack says."""
    small, large = PARTICIPATION_SIGMA
    sigma = small + (large - small) * urbanity(ref)
    mult = np.exp(rng.normal(0.0, 1.0, len(ref.areas)) * sigma - sigma**2 / 2)
    return tendency(ref, ref.model.get("participation", {}), mult)


def tendency(
    ref: Reference, by_level: dict[str, dict[str, float]], values: np.ndarray
) -> np.ndarray:
    """`values` times the factor the pack gives each area's parent, then the area (1 if unlisted).

    `by_level` maps level names of the pack to {code: factor}, as in its demo.toml.
    """
    unknown = set(by_level) - {ref.parent_level, ref.area_level}
    if unknown:
        raise ValueError(f"demo.toml names levels the demo does not sample: {sorted(unknown)}")
    for level, codes in ((ref.parent_level, ref.parents), (ref.area_level, ref.areas)):
        given = by_level.get(level, {})
        values = values * np.array([float(given.get(c, 1.0)) for c in codes])
    return values


def demographic_factors(ref: Reference) -> np.ndarray:
    """(2, 4, 5) factor by sex, age group and category, averaging 1 over adults."""
    f = SEX_FACTOR[:, None, :] * AGE_FACTOR[None, :, :]
    f *= household_mean_factor()[None, :, :]
    weights = ref.adults.sum(axis=0)
    return f / np.tensordot(weights, f, axes=([0, 1], [0, 1]))[None, None, :] * weights.sum()


def household_mean_factor() -> np.ndarray:
    """(4, 5) mean household-size factor by age group, to take it out of the level."""
    sizes = np.arange(1, 13)
    probs = HOUSEHOLD_WEIGHTS / HOUSEHOLD_WEIGHTS.sum(axis=1, keepdims=True)
    per_size = (sizes[:, None] / 2.0) ** HOUSEHOLD_EXPONENT[None, :]
    return 1.0 / (probs @ per_size)


def household_factor(size: np.ndarray) -> np.ndarray:
    """(n, 5) per-person factor of living in a household of `size`."""
    return (size[:, None] / 2.0) ** HOUSEHOLD_EXPONENT[None, :]
