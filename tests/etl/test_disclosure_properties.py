"""What every published table promises, for any input (hypothesis), and the stage's rules.

Parts add up to the total in every row; no released row rests on fewer than k respondents;
a band and its count agree; every interval has width and holds its mean; reliability and
the class against the country follow the rules on the method page; hidden rows say so and
hold nothing else; the same respondents always give the same numbers.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.contract import CATEGORIES
from etl import disclosure
from etl.disclosure import VALUE_COLUMNS, release
from etl.disclosure.bounds import clip
from etl.disclosure.synthetic import Area, cells, draw_keys, draw_parts
from tests.etl.attacks import parents_of

PERIOD = date(2025, 1, 1)
K = 10


def _publish(sizes: list[int], seed: int, weighted: bool = False, spread: float = 1.0,
             protection=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A country of kommuner (children named C0-<i> of P0) with these respondent counts."""
    rng = np.random.default_rng(seed)
    areas, everyone, keys = [], [], []
    for i, n in enumerate(sizes):
        parts = clip(draw_parts(rng, n) ** spread)
        key = draw_keys(rng, n)
        groups = rng.integers(0, 2, n) if weighted else None
        areas.append(Area("kommune", f"C0-{i}", PERIOD, parts, key, groups))
        everyone.append(parts)
        keys.append(key)
    areas.append(Area("country", "P0", PERIOD, np.vstack(everyone), np.concatenate(keys)))
    frame = cells(areas)
    return disclosure.run(frame, parents_of(frame), K, protection), frame


def _released(out: pd.DataFrame) -> pd.DataFrame:
    shown = out[~out["suppressed"]].copy()
    for column in ("mean", "mean_unweighted", "ci_low", "ci_high"):
        shown[column] = shown[column].astype(float)
    return shown


areas_sizes = st.lists(st.integers(1, 400), min_size=1, max_size=12)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(areas_sizes, st.integers(0, 2**32 - 1), st.booleans(), st.floats(0.0, 2.0))
def test_every_published_table_adds_up_and_keeps_its_promises(sizes, seed, weighted, spread):
    out, frame = _publish(sizes, seed, weighted, spread)
    # Hidden rows keep their key and flag, with every value empty.
    hidden = out[out["suppressed"]]
    assert hidden[VALUE_COLUMNS].isna().all().all() and hidden["suppression"].notna().all()
    shown = _released(out)
    if shown.empty:
        return
    true_n = frame.set_index(["area_code", "category"])["n"]
    # No released row rests on fewer than k respondents.
    assert (true_n.reindex(list(zip(shown["area_code"], shown["category"], strict=True)))
            >= K).all()
    # The parts add up to the total, weighted and plain.
    for column in ("mean", "mean_unweighted"):
        wide = shown.pivot_table(index="area_code", columns="category", values=column)
        assert np.allclose(wide[list(CATEGORIES)].sum(axis=1), wide["total"], atol=1e-9)
    # Bands and counts agree; counts are multiples of five.
    assert (shown["respondents"] % 5 == 0).all()
    assert (shown["count_band"] == shown["respondents"].map(release.count_band)).all()
    # Every interval has width and holds its mean.
    assert (shown["ci_high"] > shown["ci_low"]).all()
    assert ((shown["ci_low"] <= shown["mean"]) & (shown["mean"] <= shown["ci_high"])).all()
    # Reliability is the rule on the method page, read from published columns.
    rule = (shown["rse_band"] != ">30%") & (shown["respondents"] >= release.RELIABLE_MIN_N)
    assert (shown["reliable"].astype(bool) == rule).all()


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(areas_sizes, st.integers(0, 2**32 - 1))
def test_each_area_is_classed_against_the_country_by_its_interval(sizes, seed):
    out, _ = _publish(sizes, seed)
    shown = _released(out)
    if shown.empty:
        return
    country = shown[shown["area_code"] == "P0"].set_index("category")["mean"]
    areas = shown[shown["area_code"] != "P0"]
    ref = areas["category"].map(country).astype(float).to_numpy()
    expected = np.where(areas["ci_low"].to_numpy() > ref, "higher",
                        np.where(areas["ci_high"].to_numpy() < ref, "lower", "similar"))
    # Without a published country there is nothing to compare with.
    expected = np.where(np.isnan(ref), None, expected)
    assert list(areas["vs_country"]) == list(expected)
    assert shown.loc[shown["area_code"] == "P0", "vs_country"].isna().all()


def test_equal_answers_still_give_an_interval_with_width():
    out, _ = _publish([12, 40], seed=3, spread=0.0)  # spread 0: everyone gives the mean
    shown = _released(out)
    assert len(shown) and (shown["ci_high"] - shown["ci_low"] >= 0.1 - 1e-9).all()


def test_the_same_respondents_give_the_same_numbers_and_one_more_a_new_draw():
    same, _ = _publish([20] * 200, seed=1)
    again, _ = _publish([20] * 200, seed=1)
    pd.testing.assert_frame_equal(same, again)
    rng = np.random.default_rng(1)
    base = [Area("kommune", f"C0-{i}", PERIOD, draw_parts(rng, 20), draw_keys(rng, 20))
            for i in range(300)]
    grown = [Area(a.level, a.code, a.period, np.vstack([a.parts, a.parts[:1]]),
                  np.append(a.keys, 12345)) for a in base]

    def noise(areas):
        frame = cells(areas)
        out = disclosure.run(frame, parents_of(frame), K).set_index(["area_code", "category"])
        exact = frame.set_index(["area_code", "category"])
        return (out["mean"].astype(float) - exact["wsum"] / exact["n"]).xs("total", level=1)

    # One respondent more (a copy of the first) draws unrelated noise.
    assert abs(np.corrcoef(noise(base), noise(grown))[0, 1]) < 0.3


def test_without_protection_the_published_means_are_the_exact_means():
    out, frame = _publish([15, 60], seed=2, protection=disclosure.OFF)
    shown = _released(out).set_index(["area_code", "category"])
    exact = frame.set_index(["area_code", "category"])
    assert np.allclose(shown["mean"], (exact["wsum"] / exact["n"]).reindex(shown.index))
