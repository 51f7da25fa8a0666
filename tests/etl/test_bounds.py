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


def test_an_extreme_answer_is_held_to_the_bounds_and_still_adds_up():
    extreme = np.array([[30.0, 80.0, 2.0, 25.0, 3.0], [1.9, 3.8, 1.6, 3.4, 2.8]])
    assert extreme[0].sum() > TOTAL_BOUND_T  # without bounds it would count in full
    out = _sql(extreme)
    parts, total = out[:, :5], out[:, 5]
    assert np.allclose(parts.sum(axis=1), total)
    assert total[0] == TOTAL_BOUND_T
    assert (parts <= [PART_BOUNDS_T[c] for c in CATEGORIES]).all()
    assert np.allclose(out[1, :5], extreme[1])  # an ordinary answer is untouched


def test_the_sql_and_the_numpy_bounds_agree():
    rng = np.random.default_rng(4)
    parts = rng.gamma(1.0, 6.0, size=(200, 5))
    assert np.allclose(_sql(parts)[:, :5], clip(parts))
