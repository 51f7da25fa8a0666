"""Simplifies the atom coverage once and dissolves it into every level, keeping edges shared."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from etl.geo.config import Config
from etl.geo.errors import GeodataError


def dissolve_levels(cfg: Config, atoms: gpd.GeoDataFrame) -> dict[str, gpd.GeoSeries]:
    """Each level's geometry as a GeoSeries indexed by code (sorted), from the atoms."""
    out = {}
    for level in cfg.levels:
        codes = atoms[level.name]
        keep = codes.notna() & (codes != "")
        subset = atoms.loc[keep]
        geoms = subset.geometry.values
        groups = subset.groupby(level.name).indices  # positions within `subset`
        merged = {
            code: shapely.coverage_union_all(geoms[idx]) for code, idx in sorted(groups.items())
        }
        out[level.name] = gpd.GeoSeries(merged, crs=atoms.crs)
    return out


def drop_islets(geoms: np.ndarray, min_area: float, budget: float) -> np.ndarray:
    """Drop parts below min_area, smallest first, while they add up to at most `budget` of the area.

    The budget keeps island municipalities made of many islets (Træna, Røst) whole, and the
    largest part always stays, so no area ever disappears from the map.
    """
    out = geoms.copy()
    for i, geom in enumerate(geoms):
        parts = shapely.get_parts(geom)
        if len(parts) < 2:
            continue
        areas = shapely.area(parts)
        order = np.argsort(areas, kind="stable")
        cum = np.cumsum(areas[order])
        drop = order[(areas[order] < min_area) & (cum <= budget * areas.sum())]
        drop = drop[drop != order[-1]]
        if len(drop):
            keep = np.setdiff1d(np.arange(len(parts)), drop)
            out[i] = shapely.multipolygons(parts[keep]) if len(keep) > 1 else parts[keep[0]]
    return out


def tolerances(geoms: np.ndarray, tolerance: float, relative: float) -> np.ndarray:
    """Per-atom tolerance: the global one, capped at `relative` × sqrt(area), rounded down to
    tolerance / 2^n so atoms fall into a few tiers.

    A single tolerance would turn a 1 km² sub-district into a triangle; capping it by the
    atom's linear size treats small and large areas alike at the zoom where each fills a screen.
    """
    wanted = np.minimum(tolerance, relative * np.sqrt(shapely.area(geoms)))
    halvings = np.clip(np.ceil(np.log2(tolerance / np.maximum(wanted, 1e-9))), 0, 8)
    return tolerance / 2.0**halvings


def simplify_atoms(cfg: Config, atoms: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Drop islets, then coverage-simplify (Visvalingam-Whyatt) in tiers of tolerance.

    GEOS takes one tolerance per call, so each tier simplifies only the atoms allowed that
    much, with a sea polygon added so the coast is an inner edge; edges towards atoms of a
    finer tier are then fixed, which gives each shared edge the smaller of its two tolerances.
    """
    build = cfg.build
    min_part = float(build.get("min_part_km2", 0.0)) * 1e6
    geoms = drop_islets(atoms.geometry.values, min_part, float(build.get("islet_budget", 0.0)))
    tol = tolerances(
        geoms,
        float(build.get("simplify_tolerance_m", 0.0)),
        float(build.get("relative_tolerance", 1.0)),
    )
    land = shapely.coverage_union_all(geoms)
    frame = shapely.box(*shapely.bounds(shapely.buffer(shapely.envelope(land), 1000.0)))
    coverage = np.append(geoms, shapely.difference(frame, land))
    tol = np.append(tol, tol.max())
    for tier in np.unique(tol):
        members = np.flatnonzero(tol >= tier)
        coverage[members] = shapely.coverage_simplify(
            coverage[members], float(tier), simplify_boundary=False
        )
    return atoms.set_geometry(list(coverage[:-1]), crs=atoms.crs)


def check_distortion(
    cfg: Config, cleaned: dict[str, gpd.GeoSeries], simplified: dict[str, gpd.GeoSeries]
) -> dict[str, float]:
    """Worst symmetric-difference share per level; fails when one area is visibly distorted."""
    limit = float(cfg.build.get("max_distortion", 1.0))
    worst = {}
    for level, source in cleaned.items():
        simple = simplified[level].reindex(source.index)
        if len(source) == 0:
            continue
        diff = shapely.area(shapely.symmetric_difference(source.values, simple.values))
        share = diff / shapely.area(source.values)
        i = int(np.argmax(share))
        worst[level] = round(float(share[i]), 4)
        if share[i] > limit:
            raise GeodataError(
                "simplification",
                f"{level} {source.index[i]}",
                f"differs from its source by {share[i]:.0%} of its area (limit {limit:.0%})",
            )
    return worst
