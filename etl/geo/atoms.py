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
        rest = shapely.difference(geoms[i], shapely.union_all([g for _, g in pieces]))
        leftovers = []
        for part in shapely.get_parts(rest):
            if shapely.area(part) < 1e-6:
                continue
            if level.coverage == "partial" and shapely.area(part) >= sliver:
                leftovers.append(part)
            elif pieces:
                pieces = _merge_into_best(part, pieces)
        for code, geom in pieces:
            rows.append(atom.copy())
            rows[-1][level.name] = code
            out.append(geom)
        if leftovers:
            rows.append(atom)
            out.append(shapely.union_all(leftovers))
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


def _merge_into_best(part, pieces: list[tuple[str, shapely.Geometry]]) -> list:
    """Merge a sliver into the piece with the longest shared border, else the nearest one."""
    ring = shapely.boundary(part)
    shared = [shapely.length(shapely.intersection(ring, shapely.buffer(g, 0.5))) for _, g in pieces]
    best = (
        int(np.argmax(shared))
        if max(shared) > 0
        else int(np.argmin([shapely.distance(part, g) for _, g in pieces]))
    )
    code, geom = pieces[best]
    pieces = list(pieces)
    pieces[best] = (code, _polygons_only(shapely.union(geom, part)))
    return pieces


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
