"""Finds neighbouring areas: a shared land border, or the nearest area across water."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

NEIGHBOUR_COLUMNS = ["level", "code", "neighbour_code", "kind"]


def border_pairs(geoms: gpd.GeoSeries, min_shared: float) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, whose boundaries share more than min_shared metres."""
    codes = list(geoms.index)
    values = geoms.values
    tree = shapely.STRtree(values)
    left, right = tree.query(values, predicate="intersects")
    pairs = set()
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        # Atoms were cleaned into an exact coverage, so shared edges are identical lines.
        shared = shapely.intersection(shapely.boundary(values[i]), shapely.boundary(values[j]))
        if shapely.length(shared) > min_shared:
            pairs.add((codes[i], codes[j]))
    return pairs


def water_pairs(
    geoms: gpd.GeoSeries, pairs: set[tuple[str, str]], slack: float
) -> set[tuple[str, str]]:
    """Join islands and island groups across water until every area is reachable.

    Stands in for ferry links, which we have no data for. Repeatedly, the smallest group
    with no land link to the rest is joined to the nearest area outside it and to every
    other outside area at most `slack` metres further away (Askøy: Alver and Bergen).
    """
    codes = list(geoms.index)
    group = {c: c for c in codes}

    def find(c: str) -> str:
        while group[c] != c:
            c = group[c]
        return c

    for a, b in sorted(pairs):
        group[find(a)] = find(b)
    added: set[tuple[str, str]] = set()
    values = geoms.values
    while True:
        roots = pd.Series([find(c) for c in codes], index=codes)
        sizes = roots.value_counts()
        if len(sizes) < 2:
            return added
        smallest = sorted(sizes[sizes == sizes.min()].index)[0]  # ties: lowest code
        inside = (roots == smallest).to_numpy()
        members, outside = np.flatnonzero(inside), np.flatnonzero(~inside)
        nearest = min(_nearest(values[i], values[outside])[1] for i in members)
        tree = shapely.STRtree(values[outside])
        left, right = tree.query(values[members], predicate="dwithin", distance=nearest + slack)
        for i, k in zip(members[left], outside[right], strict=True):
            a, b = sorted((codes[i], codes[k]))
            added.add((a, b))
            group[find(a)] = find(b)


def _nearest(geom: shapely.Geometry, others: np.ndarray) -> tuple[int, float]:
    """Index into `others` of the geometry nearest to geom, and the distance."""
    idx, dist = shapely.STRtree(others).query_nearest(geom, return_distance=True)
    order = np.lexsort((idx, dist))  # ties: lowest index, for a deterministic result
    return int(idx[order[0]]), float(dist[order[0]])


def build_neighbours(
    spec: dict[str, Any], geoms_by_level: dict[str, gpd.GeoSeries]
) -> pd.DataFrame:
    """Symmetric neighbour table for the configured levels."""
    rows = []
    min_shared = float(spec.get("min_shared_m", 1.0))
    for level in spec.get("levels", []):
        geoms = geoms_by_level[level].sort_index()
        border = border_pairs(geoms, min_shared)
        water = (
            water_pairs(geoms, border, float(spec.get("water_slack_m", 0.0)))
            if level in spec.get("connect_across_water", [])
            else set()
        )
        for kind, pairs in (("border", border), ("ferry", water)):
            for a, b in pairs:
                rows += [(level, a, b, kind), (level, b, a, kind)]
    out = pd.DataFrame(rows, columns=NEIGHBOUR_COLUMNS)
    return out.sort_values(["level", "code", "neighbour_code"], ignore_index=True)
