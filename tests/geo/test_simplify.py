"""Islet dropping and tolerance tiers: rules that must hold for every input."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given
from hypothesis import strategies as st

from etl.geo.simplify import drop_islets, tolerances

sizes = st.lists(st.floats(min_value=1.0, max_value=5000.0), min_size=1, max_size=12)


def _islands(sides: list[float]) -> shapely.Geometry:
    """Square islands of the given side lengths (m), 10 km apart."""
    return shapely.multipolygons(
        [shapely.box(i * 1e4, 0, i * 1e4 + s, s) for i, s in enumerate(sides)]
    )


@given(sizes, st.floats(0, 1e7), st.floats(0, 1))
def test_drop_islets_keeps_the_largest_part_and_respects_the_budget(sides, min_area, budget):
    geom = _islands(sides)
    kept = drop_islets(np.array([geom], dtype=object), min_area, budget)[0]
    assert not kept.is_empty
    assert kept.area >= max(s * s for s in sides) - 1e-6
    assert geom.area - kept.area <= budget * geom.area + 1e-6


def test_tolerance_is_capped_by_area_in_halving_tiers():
    geoms = np.array([shapely.box(0, 0, 1e5, 1e5), shapely.box(0, 0, 1e3, 1e3)], dtype=object)
    tol = tolerances(geoms, 400.0, 0.05)
    assert tol[0] == 400.0
    assert tol[1] <= 50.0 and np.log2(400.0 / tol[1]).is_integer()
