"""Every answer is held to the documented range before it is summed, in SQL as in numpy."""

from __future__ import annotations

import duckdb
import numpy as np

from core.contract import CATEGORIES
from etl.disclosure.bounds import PART_BOUNDS_T, TOTAL_BOUND_T, clip, clipped_sql


def _sql(parts: np.ndarray) -> np.ndarray:
    con = duckdb.connect()
    rows = ", ".join("(" + ", ".join(str(v) for v in row) + ")" for row in parts)
    query = (f"SELECT {clipped_sql()} FROM (VALUES {rows}) t({', '.join(CATEGORIES)})")
    return np.array(con.execute(query).fetchall(), dtype=float)


K = len(CATEGORIES)


def test_an_extreme_answer_is_held_to_the_bounds_and_still_adds_up():
    bounds = np.array([PART_BOUNDS_T[c] for c in CATEGORIES])
    # every part three times its bound; and an ordinary answer, a quarter of each bound
    extreme = np.vstack([3 * bounds, bounds / 4])
    assert extreme[0].sum() > TOTAL_BOUND_T  # without bounds it would count in full
    out = _sql(extreme)
    parts, total = out[:, :K], out[:, K]
    assert np.allclose(parts.sum(axis=1), total)
    assert total[0] == TOTAL_BOUND_T
    assert (parts <= bounds).all()
    assert np.allclose(out[1, :K], extreme[1])  # an ordinary answer is untouched


def test_the_sql_and_the_numpy_bounds_agree():
    rng = np.random.default_rng(4)
    parts = rng.gamma(1.0, 6.0, size=(200, K))
    assert np.allclose(_sql(parts)[:, :K], clip(parts))
