"""Writes compact, deterministic GeoJSON (sorted by code, rounded coordinates) and measures it."""

from __future__ import annotations

import gzip
import json
from typing import Any

import geopandas as gpd
import numpy as np
import shapely


def to_output(geoms: gpd.GeoSeries, crs: str, decimals: int) -> gpd.GeoSeries:
    """Reproject, round coordinates and orient rings with exterior rings clockwise.

    The browser draws these with plotly's geo traces, which use d3-geo: d3 reads a
    counter-clockwise exterior (the RFC 7946 order) as "everything but this polygon" and
    paints the whole globe, so the files are written in the order d3 expects.
    """
    out = geoms.to_crs(crs)
    values = shapely.transform(out.values, lambda xy: np.round(xy, decimals))
    bad = ~shapely.is_valid(values)
    # Rounding can make a near-touching ring self-touch; fix only those, locally.
    values[bad] = shapely.make_valid(values[bad], method="structure", keep_collapsed=False)
    values = shapely.orient_polygons(values, exterior_cw=True)
    return gpd.GeoSeries(values, index=out.index, crs=crs)


def feature_collection(geoms: gpd.GeoSeries, names: dict[str, str], decimals: int) -> bytes:
    """FeatureCollection bytes: `"id": code`, properties code and name, no whitespace."""
    features = []
    for code in sorted(geoms.index):
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": names[code]},
                "geometry": _geometry(geoms[code], decimals),
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _geometry(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """GeoJSON mapping with coordinates rounded again so float noise never reaches the file."""
    mapping = shapely.geometry.mapping(geom)

    def rnd(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, decimals) for v in value]
            return [rnd(v) for v in value]
        return value

    return {"type": mapping["type"], "coordinates": rnd(mapping["coordinates"])}


def gzip_kb(data: bytes) -> float:
    """Size after gzip -9, as a browser with compression would download it."""
    return round(len(gzip.compress(data, compresslevel=9, mtime=0)) / 1024, 1)


def vertex_count(geoms: gpd.GeoSeries) -> int:
    """Total number of coordinates in the layer."""
    return int(shapely.get_num_coordinates(geoms.values).sum())
