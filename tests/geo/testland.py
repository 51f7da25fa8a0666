"""Testland: a tiny made-up country whose sources and level config are written by tests.

It has two regions, four municipalities (one an island), two districts that spill into
the sea and into a neighbour, and an optional extra layer (grunnkretser) inside one
district — enough to exercise every build rule in well under a second.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

KM = 1000.0
X0, Y0 = 500_000.0, 6_600_000.0  # near Oslo in EPSG:25833, so the work CRS fits


def box(x1: float, y1: float, x2: float, y2: float) -> shapely.Polygon:
    """A rectangle in km from the Testland origin, in EPSG:25833 metres."""
    return shapely.box(X0 + x1 * KM, Y0 + y1 * KM, X0 + x2 * KM, Y0 + y2 * KM)


MUNICIPALITIES = {
    "0101": ("Vestby - Westby", "01", box(0, 0, 10, 10)),
    "0102": ("Midtby", "01", box(10, 0, 20, 10)),
    "0201": ("Østby", "02", box(20, 0, 30, 10)),
    "0202": ("Øya", "02", box(32, 2, 36, 6)),  # an island: no land border
}
DISTRICTS = {
    "010101": ("Nordre", box(-2, 5, 5, 12)),  # spills into the sea
    "010102": ("Søndre", box(-2, -2, 5, 5)),
    "010103": ("Østre", box(5, -2, 12, 12)),  # spills into 0102, clipped away
}
GRUNNKRETSER = {
    "01010101": ("Krets A", box(-2, 5, 2, 12)),
    "01010102": ("Krets B", box(2, 5, 4, 12)),  # leaves a gap: a partial layer
}

CONFIG = """
[build]
work_crs = "EPSG:25833"
area_crs = "EPSG:3035"
output_crs = "EPSG:4326"
decimals = 5
simplify_tolerance_m = 100
relative_tolerance = 0.05
min_part_km2 = 0.01
islet_budget = 0.05
max_distortion = 0.3
sliver_km2 = 0.05

[[levels]]
name = "country"
kind = "static"
areas = [{ code = "TL", name = "Testland", alt_names = ["Prøveland"] }]
attribution = "Testland Mapping Agency, CC0"

[[levels]]
name = "region"
parent = "country"
kind = "table"
table = { file = "regions.csv", code = "region", name = "region_name" }
parent_code = "TL"
attribution = "Testland Mapping Agency, CC0"

[[levels]]
name = "municipality"
parent = "region"
kind = "boundaries"
boundaries.file = "municipalities.geojson"
boundaries.code = "muni"
boundaries.name = "muni_name"
boundaries.parent = "region"
name_separator = " - "
attribution = "Testland Mapping Agency, CC0"

[[levels]]
name = "district"
parent = "municipality"
kind = "boundaries"
boundaries = { file = "districts.geojson", code = "{MUNI}{DIST}", name = "NAME" }
parent_prefix = 4
attribution = "Testland City, CC0"
budget_kb_per_parent = 5

[neighbours]
levels = ["municipality", "district"]
connect_across_water = ["municipality"]
attribution = "Testland Mapping Agency, CC0"
"""

EXTRA_LEVEL = """
[[levels]]
name = "grunnkrets"
parent = "district"
kind = "boundaries"
coverage = "partial"
boundaries = { file = "grunnkretser.geojson", code = "code", name = "name" }
parent_prefix = 6
attribution = "Testland Statistics, CC0"
"""


def _write(path: Path, frame: dict, geoms: list) -> None:
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:25833").to_crs("EPSG:4326")
    gdf.to_file(path, driver="GeoJSON")


def write_testland(root: Path, extra_layer: bool = False) -> tuple[Path, Path]:
    """Write Testland's sources under root/sources and its config; returns both paths."""
    src = root / "sources"
    src.mkdir(parents=True, exist_ok=True)
    (src / "regions.csv").write_text("region,region_name\n01,Vest\n02,Øst\n", encoding="utf-8")
    munis = MUNICIPALITIES
    _write(
        src / "municipalities.geojson",
        {
            "muni": list(munis),
            "muni_name": [v[0] for v in munis.values()],
            "region": [v[1] for v in munis.values()],
        },
        [v[2] for v in munis.values()],
    )
    _write(
        src / "districts.geojson",
        {
            "MUNI": ["0101"] * len(DISTRICTS),
            "DIST": [c[4:] for c in DISTRICTS],
            "NAME": [v[0] for v in DISTRICTS.values()],
        },
        [v[1] for v in DISTRICTS.values()],
    )
    config = CONFIG
    if extra_layer:
        _write(
            src / "grunnkretser.geojson",
            {"code": list(GRUNNKRETSER), "name": [v[0] for v in GRUNNKRETSER.values()]},
            [v[1] for v in GRUNNKRETSER.values()],
        )
        config += EXTRA_LEVEL
    cfg = root / "layers.toml"
    cfg.write_text(config, encoding="utf-8")
    return src, cfg
