"""Reads raw source files (tables and boundary files) as strings, failing with the file named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from etl.geo.errors import GeodataError


def source_path(source_dir: Path, spec: dict[str, Any]) -> Path:
    """The file a spec points at; a missing file stops the build."""
    path = Path(source_dir) / spec["file"]
    if not path.is_file():
        raise GeodataError(spec["file"], "-", "source file is missing")
    return path


def read_table(source_dir: Path, spec: dict[str, Any], columns: list[str]) -> pd.DataFrame:
    """Read a CSV/TSV (optionally gzipped) or JSON list as strings; codes keep leading zeros."""
    path = source_path(source_dir, spec)
    name = path.name.removesuffix(".gz")
    if name.endswith(".json"):
        frame = pd.DataFrame(json.loads(path.read_text(encoding="utf-8"))).astype(str)
    else:
        sep = "\t" if name.endswith(".tsv") else ","
        header = spec.get("header", True)
        frame = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            header=0 if header else None,
            names=None if header else spec["columns"],
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise GeodataError(spec["file"], "-", f"missing columns {missing}")
    return frame


def _codes(frame: pd.DataFrame, template: str) -> pd.Series:
    """Codes from a column name or a "{COL_A}{COL_B}" template (e.g. a city prefix + local code)."""
    if "{" not in template:
        return frame[template].astype(str)
    return pd.Series(
        [template.format(**row) for row in frame.drop(columns="geometry").to_dict("records")],
        index=frame.index,
        dtype=str,
    )


def read_boundaries(source_dir: Path, spec: dict[str, Any], work_crs: str) -> gpd.GeoDataFrame:
    """Boundary file → code, name, [parent], geometry in work_crs, each geometry made valid."""
    path = source_path(source_dir, spec)
    file = spec["file"]
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; all mean "cannot read"
        raise GeodataError(file, "-", f"cannot read boundary file ({exc})") from exc
    crs = frame.crs or spec.get("crs")
    if crs is None:
        raise GeodataError(file, "-", "unknown CRS: the file declares none; set crs in the config")
    frame = frame.set_crs(crs, allow_override=True)
    out = gpd.GeoDataFrame(
        {"code": _codes(frame, spec["code"]), "name": frame[spec["name"]].astype(str)},
        geometry=shapely.force_2d(frame.geometry.values),
        crs=frame.crs,
    )
    if "parent" in spec:
        out["parent_code"] = frame[spec["parent"]].astype(str)
    dup = out["code"][out["code"].duplicated()]
    if len(dup):
        raise GeodataError(file, dup.iloc[0], "duplicate code")
    out = out.to_crs(work_crs)
    out["geometry"] = _valid_polygons(out, file)
    return out.sort_values("code", ignore_index=True)


def _valid_polygons(frame: gpd.GeoDataFrame, file: str) -> Any:
    """make_valid every geometry, keep its polygonal part, fail on what cannot be fixed."""
    geoms = frame.geometry.values
    bad = ~shapely.is_valid(geoms)
    fixed = geoms.copy()
    fixed[bad] = shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False)
    fixed = _polygonal(fixed)
    for code, geom in zip(frame["code"], fixed, strict=True):
        if geom is None or geom.is_empty or not geom.is_valid:
            raise GeodataError(file, code, "geometry is empty or invalid even after make_valid")
    return fixed


def _polygonal(geoms: Any) -> Any:
    """Drop points/lines that make_valid can leave in a GeometryCollection."""
    out = geoms.copy()
    for i, geom in enumerate(geoms):
        if geom is not None and geom.geom_type == "GeometryCollection":
            polys = [
                g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            out[i] = shapely.union_all(polys) if polys else shapely.Polygon()
    return out
