"""Post-stratification by hand: weights, collapse of thin strata, unknowns, the cap, the error."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd
import pytest

from core.contract import AGE_GROUPS, PUBLISHED_CATEGORIES, SEXES
from etl.steps import estimate, weights

PERIOD = date(2025, 6, 1)


def _run(strata: list[tuple], population: dict[tuple, int]) -> pd.Series:
    """strata: (age, sex, n, mean, sd) for one kommune; population: (age, sex) -> adults."""
    cells = []
    for age, sex, n, mean, sd in strata:
        total, sumsq = n * mean, (n - 1) * sd**2 + n * mean**2
        stats = {f"{p}_{c}": v for c in PUBLISHED_CATEGORIES
                 for p, v in (("sum", total), ("sumsq", sumsq))}
        cells.append({"level": "kommune", "area_code": "0001", "period": PERIOD,
                      "age_group": age, "sex": sex, "n": n, "rkey": 7, **stats})
    pop = pd.DataFrame([{"level": "kommune", "code": "0001", "year": 2025, "sex": s,
                         "age_group": a, "population": v} for (a, s), v in population.items()])
    con = duckdb.connect()
    con.register("cells_df", pd.DataFrame(cells))
    con.register("pop_df", pop)
    con.execute("CREATE TEMP TABLE cells AS SELECT * FROM cells_df")
    con.execute("CREATE TEMP TABLE ref_population AS SELECT * FROM pop_df")
    weights.choose(con)
    out = estimate.means(con)
    return out[out["category"] == "total"].iloc[0]


FULL = {(a, s): 1000 for a in AGE_GROUPS for s in SEXES}


def test_weighted_mean_and_error_follow_the_population_shares():
    population = {**FULL, ("67+", "female"): 3000, ("67+", "male"): 3000}
    strata = [(a, s, 20, 10.0 + i, 2.0) for i, (a, s) in enumerate(FULL)]
    row = _run(strata, population)
    shares = {k: v / sum(population.values()) for k, v in population.items()}
    means = {(a, s): 10.0 + i for i, (a, s) in enumerate(FULL)}
    assert row["weighting"] == "age_sex"
    assert row["mean"] == pytest.approx(sum(shares[k] * means[k] for k in FULL))
    assert row["mean_unweighted"] == pytest.approx(sum(means.values()) / 8)
    assert row["se"] == pytest.approx(math.sqrt(sum(shares[k] ** 2 * 4 / 20 for k in FULL)))
    assert row["n"] == 160


def test_a_thin_cell_collapses_the_strata_to_age_only():
    strata = [(a, s, 3 if (a, s) == ("18-29", "male") else 20, 10.0, 2.0) for a, s in FULL]
    assert _run(strata, FULL)["weighting"] == "age"


def test_no_usable_strata_falls_back_to_the_plain_mean():
    strata = [("30-44", "female", 12, 9.0, 2.0), ("unknown", "unknown", 3, 15.0, 2.0)]
    row = _run(strata, FULL)
    assert row["weighting"] == "none"
    assert row["mean"] == pytest.approx(row["mean_unweighted"])


def test_respondents_without_age_or_sex_keep_their_share_of_the_sample():
    strata = [(a, s, 10, 10.0, 2.0) for a, s in FULL] + [("unknown", "unknown", 20, 20.0, 2.0)]
    row = _run(strata, FULL)
    # 20 of 100 respondents are unknown: they carry 20 % of the weight, the rest 80 %.
    assert row["weighting"] == "age_sex"
    assert row["mean"] == pytest.approx(0.8 * 10.0 + 0.2 * 20.0)


def test_weights_are_capped_for_strata_far_below_their_population_share():
    population = {**FULL, ("67+", "male"): 100_000}
    strata = [(a, s, 5 if (a, s) == ("67+", "male") else 50, 10.0, 2.0) for a, s in FULL]
    strata = [(a, s, n, 30.0 if (a, s) == ("67+", "male") else 10.0, sd)
              for a, s, n, _, sd in strata]
    row = _run(strata, population)
    n_total = 5 + 7 * 50
    uncapped_share = 100_000 / (100_000 + 7000)
    capped_share = 5.0 * 5 / n_total  # WEIGHT_CAP × the stratum's sample share
    assert row["mean"] < 10 + 20 * uncapped_share
    assert row["mean"] == pytest.approx(10 + 20 * capped_share, rel=0.05)
