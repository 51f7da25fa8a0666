"""Cuts the base layer into atoms: the smallest pieces that each belong to one area per level.

Simplifying the atoms once and dissolving them per level keeps every level's shared
edges identical, so children cover their parent exactly and neighbours never gap.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.geo.config import Config, Level


def build_atoms(
    cfg: Config, areas: pd.DataFrame, shapes: dict[str, gpd.GeoDataFrame]
) -> gpd.GeoDataFrame:
    """Atoms with one code column per level (empty where a partial layer leaves a gap)."""
    geo_levels = [lv for lv in cfg.levels if lv.geometry == "source"]
    base = geo_levels[0]
    crs = shapes[base.name].crs
    atoms = pd.DataFrame({base.name: shapes[base.name]["code"].to_numpy()})
    geoms = list(shapes[base.name].geometry.values)
    sliver = float(cfg.build.get("sliver_km2", 0.05)) * 1e6
    for level in geo_levels[1:]:
        parents = areas.loc[areas["level"] == level.name].set_index("code")["parent_code"]
        child = shapes[level.name].assign(parent_code=shapes[level.name]["code"].map(parents))
        atoms, geoms = _split(atoms, geoms, level, child, sliver)
    atoms = _add_ancestors(cfg, areas, atoms, base)
    cleaned = shapely.coverage_clean(np.array(geoms, dtype=object))
    return gpd.GeoDataFrame(atoms, geometry=list(cleaned), crs=crs)


def _split(
    atoms: pd.DataFrame, geoms: list, level: Level, child: gpd.GeoDataFrame, sliver: float
) -> tuple[pd.DataFrame, list]:
    """Intersect each atom under a subdivided parent with the child shapes; place the rest."""
    rows, out = [], []
    atoms = atoms.assign(**{level.name: ""})
    by_parent = {p: grp for p, grp in child.groupby("parent_code")}
    for i, atom in atoms.iterrows():
        kids = by_parent.get(atom[level.parent])
        if kids is None:
            rows.append(atom)
            out.append(geoms[i])
            continue
        pieces = _pieces(geoms[i], kids)
        if not pieces:  # the child layer misses this atom entirely: keep it whole
            rows.append(atom)
            out.append(geoms[i])
            continue
        rest = shapely.get_parts(
            shapely.difference(geoms[i], shapely.union_all([g for _, g in pieces]))
        )
        rest = rest[shapely.area(rest) > 1e-6]
        # A partial layer keeps real gaps (e.g. Oslo's forest, Marka) as an atom of the parent
        # only; slivers from mismatched source edges are absorbed by a neighbouring piece.
        partial = level.coverage == "partial"
        keep = (shapely.area(rest) >= sliver) & partial
        pieces = _absorb(rest[~keep], pieces)
        for code, geom in pieces:
            rows.append(atom.copy())
            rows[-1][level.name] = code
            out.append(geom)
        if keep.any():
            rows.append(atom)
            out.append(shapely.union_all(rest[keep]))
    frame = pd.DataFrame([r.to_dict() for r in rows]).reset_index(drop=True)
    return frame, out


def _pieces(geom: shapely.Geometry, kids: gpd.GeoDataFrame) -> list[tuple[str, shapely.Geometry]]:
    """Polygonal intersections of one atom with each child shape, by child code."""
    result = []
    for code, kid in zip(kids["code"], kids.geometry.values, strict=True):
        if not shapely.intersects(geom, kid):
            continue
        piece = _polygons_only(shapely.intersection(geom, kid))
        if not piece.is_empty:
            result.append((code, piece))
    return result


def _absorb(slivers: np.ndarray, pieces: list[tuple[str, shapely.Geometry]]) -> list:
    """Merge each sliver into the piece it shares the longest border with, else the nearest."""
    if len(slivers) == 0:
        return pieces
    geoms = np.array([g for _, g in pieces], dtype=object)
    # A 0.5 m buffer makes the shared-border test robust to overlay rounding.
    halos = shapely.buffer(geoms, 0.5)
    rings = shapely.boundary(slivers)
    shared = shapely.length(shapely.intersection(rings[:, None], halos[None, :]))
    nearest = np.argmin(shapely.distance(slivers[:, None], geoms[None, :]), axis=1)
    best = np.where(shared.max(axis=1) > 0, shared.argmax(axis=1), nearest)
    return [
        (code, _polygons_only(shapely.union_all([geom, *slivers[best == k]])))
        if (best == k).any()
        else (code, geom)
        for k, (code, geom) in enumerate(pieces)
    ]


def _polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygonal part of an overlay result (drops touching lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    return shapely.union_all(parts) if len(parts) != 1 else parts[0]


def _add_ancestors(
    cfg: Config, areas: pd.DataFrame, atoms: pd.DataFrame, base: Level
) -> pd.DataFrame:
    """Fill the code columns of the levels above the base layer from the parent table."""
    parent_of = dict(zip(areas["code"], areas["parent_code"], strict=True))
    level = base
    while level.parent is not None:
        atoms[level.parent] = atoms[level.name].map(parent_of)
        level = cfg.level(level.parent)
    return atoms
