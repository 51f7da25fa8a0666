"""Draw respondents from the population and expand them into footprint estimates (rows)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.demo import model
from etl.demo.reference import Reference

#: One row per estimate, compact so that 10 million rows fit in about half a gigabyte.
ROW_DTYPE = np.dtype(
    [
        ("resp", "i8"),  # respondent number; the published id is derived from it
        ("t", "i8"),  # submitted_at, seconds since 1970 (UTC)
        ("area", "i2"),  # index into Reference.areas (current division)
        ("post", "i2"),  # index into Reference.postcodes
        ("sub", "i1"),  # index into Reference.subareas, -1 in areas without them
        ("age", "i1"),  # index into AGE_GROUPS, -1 when not given
        ("sex", "i1"),  # index into SEXES, -1 when not given
        ("hh", "i1"),  # household size, 0 when not given
        ("source", "i1"),  # index into SOURCES
        ("loc", "u1"),  # which location columns the row carries: LOC_* bits
        ("kg", "i4", (len(model.BASE_KG),)),  # tenths of a kg CO2e per category
    ]
)
LOC_AREA, LOC_POST, LOC_SUB = 1, 2, 4
SOURCES = ("app", "bank")
SUBMISSIONS_P = np.array([0.38, 0.24, 0.15, 0.11, 0.07, 0.05])  # 1..6 estimates per person
BANK_SHARE = 0.10  # bank rows know the postcode only
APP_POSTCODE_SHARE = 0.35
SUB_SHARE = 0.85  # residents of subdivided areas who name their sub-area
MISSING = {"age": 0.03, "sex": 0.025, "hh": 0.02}
MOVE_SHARE = 0.04  # of people with two or more estimates
DAY = 86_400
#: Times fall between 05:00 and 22:00 UTC, so the UTC date is also the date in Norway.
FIRST_SECOND, LAST_SECOND = 5 * 3600, 22 * 3600


@dataclass(frozen=True)
class Plan:
    """Everything fixed for one run: reference data, model factors and the time span."""

    ref: Reference
    cell_cdf: np.ndarray  # (K*2*4,) cumulative response weight of (area, sex, age) cells
    sub_cdf: np.ndarray  # (K*2*4, B) cumulative sub-area choice within a cell's area
    area_factor: np.ndarray  # (K, categories)
    demographic_factor: np.ndarray  # (2, 4, categories)
    start: int  # first second of the span (UTC)
    n_days: int


def make_plan(ref: Reference, rng: np.random.Generator, start: int, n_days: int) -> Plan:
    """Fix the run's per-area draws and the sampling weights."""
    weights = ref.adults * model.participation(ref, rng)[:, None, None]
    weights = weights * model.SEX_RESPONSE[None, :, None] * model.AGE_RESPONSE[None, None, :]
    cdf = np.cumsum(weights.ravel())
    n_k, n_b = len(ref.areas), len(ref.subareas)
    by = np.zeros((n_k, 2, 4, n_b))
    by[ref.sub_area, :, :, np.arange(n_b)] = ref.sub_adults
    by = np.cumsum(by.reshape(n_k * 8, n_b), axis=1)
    by_total = by[:, -1:]
    by = np.divide(by, by_total, out=np.zeros_like(by), where=by_total > 0)
    return Plan(
        ref=ref,
        cell_cdf=cdf / cdf[-1],
        sub_cdf=by,
        area_factor=model.area_factors(ref, rng),
        demographic_factor=model.demographic_factors(ref),
        start=start,
        n_days=n_days,
    )


def sample_rows(plan: Plan, rng: np.random.Generator, first_resp: int, n_resp: int) -> np.ndarray:
    """All estimates of `n_resp` new respondents, each person's rows in time order."""
    cell = _draw_cells(plan, rng, n_resp)
    kom, sex, age = cell // 8, (cell // 4) % 2, cell % 4
    n_sub = 1 + np.searchsorted(np.cumsum(SUBMISSIONS_P), rng.random(n_resp) * SUBMISSIONS_P.sum())
    hh = 1 + (rng.random(n_resp)[:, None] > model.HOUSEHOLD_CDF[age]).sum(axis=1)
    loc = _home(plan, rng, kom, cell)
    # Rarely, someone moves between two estimates: a new area from then on.
    moves = (n_sub >= 2) & (rng.random(n_resp) < MOVE_SHARE)
    move_at = 1 + (rng.random(n_resp) * (n_sub - 1)).astype(np.int64)
    new_cell = _draw_cells(plan, rng, n_resp) // 8 * 8 + sex * 4 + age  # same sex and age
    new_loc = _home(plan, rng, new_cell // 8, new_cell)
    person = _lognormal(rng, n_resp, model.PERSON_SIGMA, model.AFFLUENCE_LOADING)
    gives_sub = rng.random(n_resp) < SUB_SHARE
    drop = {name: rng.random(n_resp) < share for name, share in MISSING.items()}

    # One row per estimate.
    rep = np.repeat(np.arange(n_resp), n_sub)
    n = len(rep)
    sub = np.arange(n) - np.repeat(np.cumsum(n_sub) - n_sub, n_sub)
    t = _times(plan, rng, rep, sub, n_resp)
    moved = moves[rep] & (sub >= move_at[rep])
    k, post, sub_area = (np.where(moved, new_loc[i][rep], loc[i][rep]) for i in range(3))

    rows = np.zeros(n, ROW_DTYPE)
    rows["resp"] = first_resp + rep
    rows["t"] = t
    rows["area"], rows["post"], rows["sub"] = k, post, sub_area
    rows["age"] = np.where(drop["age"], -1, age)[rep]
    rows["sex"] = np.where(drop["sex"], -1, sex)[rep]
    rows["hh"] = np.where(drop["hh"], 0, hh)[rep]
    bank = rng.random(n) < BANK_SHARE
    rows["source"] = bank
    rows["loc"] = _location_flags(plan, rng, bank, k, sub_area, gives_sub[rep], t)

    years = (t - plan.start) / (365.25 * DAY)
    kg = model.BASE_KG * plan.area_factor[k] * plan.demographic_factor[sex[rep], age[rep]]
    kg *= model.household_factor(hh[rep]) * person[rep]
    kg *= _lognormal(rng, n, model.ESTIMATE_SIGMA, np.zeros(len(model.BASE_KG)))
    kg *= np.exp(-model.TREND_PER_YEAR * years[:, None])
    kg *= (1.0 - model.UPDATE_FALL) ** sub[:, None]
    rows["kg"] = np.rint(np.minimum(kg, model.CAP_KG) * 10).astype(np.int32)
    return rows


def _draw_cells(plan: Plan, rng: np.random.Generator, n: int) -> np.ndarray:
    """Cells (area * 8 + sex * 4 + age group) in proportion to their response weight."""
    cell = np.searchsorted(plan.cell_cdf, rng.random(n), side="right")
    return np.minimum(cell, len(plan.cell_cdf) - 1)


def _home(
    plan: Plan, rng: np.random.Generator, area: np.ndarray, cell: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A postcode in the area and, where it is subdivided, a sub-area (else -1)."""
    ref = plan.ref
    post = ref.post_start[area] + (rng.random(len(area)) * ref.post_count[area]).astype(np.int64)
    u = rng.random(len(area))
    sub = np.full(len(area), -1, np.int64)
    divided = plan.sub_cdf[cell, -1] > 0
    sub[divided] = (u[divided, None] > plan.sub_cdf[cell[divided]]).sum(axis=1)
    return area, post, sub


def _times(
    plan: Plan, rng: np.random.Generator, rep: np.ndarray, sub: np.ndarray, n_resp: int
) -> np.ndarray:
    """Submission times: a first estimate, then later ones up to the end of the span."""
    # More people join as the app spreads: density of joining rises linearly, 0.3 -> 1.3.
    join = -0.3 + np.sqrt(0.09 + 1.6 * rng.random(n_resp))
    join_day = (join * plan.n_days).astype(np.int64)
    later = (rng.random(len(rep)) * (plan.n_days - join_day[rep])).astype(np.int64)
    day = join_day[rep] + np.where(sub == 0, 0, later)
    second = rng.integers(FIRST_SECOND, LAST_SECOND, len(rep))
    t = plan.start + day * DAY + second
    t = t[np.lexsort((t, rep))]
    # One person never submits twice in the same second: the ETL treats that as a repeat.
    clash = np.flatnonzero((t[1:] <= t[:-1]) & (rep[1:] == rep[:-1])) + 1
    while len(clash):
        t[clash] = t[clash - 1] + 1
        clash = np.flatnonzero((t[1:] <= t[:-1]) & (rep[1:] == rep[:-1])) + 1
    return t


def _location_flags(
    plan: Plan,
    rng: np.random.Generator,
    bank: np.ndarray,
    area: np.ndarray,
    sub: np.ndarray,
    gives_sub: np.ndarray,
    t: np.ndarray,
) -> np.ndarray:
    """Which of the area, postcode and sub-area columns each row carries."""
    flags = np.where(bank, LOC_POST, LOC_AREA)
    flags |= np.where(~bank & (rng.random(len(t)) < APP_POSTCODE_SHARE), LOC_POST, 0)
    flags |= np.where(~bank & gives_sub & (sub >= 0), LOC_SUB, 0)
    # An old code that later split (Ålesund 1507) needs the postcode to place the row.
    year = calendar_year(t)
    for y, ambiguous in plan.ref.ambiguous_by_year.items():
        flags |= np.where((year == y) & ambiguous[area] & ((flags & LOC_AREA) > 0), LOC_POST, 0)
    return flags.astype(np.uint8)


def _lognormal(
    rng: np.random.Generator, n: int, sigma: np.ndarray, loading: np.ndarray
) -> np.ndarray:
    """(n, categories) mean-one lognormal factors; `loading` weights a factor they share."""
    z = rng.standard_normal((n, len(sigma))) * sigma + rng.standard_normal((n, 1)) * loading
    return np.exp(z - (sigma**2 + loading**2) / 2)


def calendar_year(t: np.ndarray) -> np.ndarray:
    """The UTC calendar year of epoch seconds."""
    return t.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
