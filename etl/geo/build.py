"""`fotavtrykk geodata build`: raw sources in geodata/sources → web-ready files in geodata/.

Load: the configured levels' boundary files and tables. Process: areas, one atom
coverage cleaned and simplified for all levels, neighbours, peers, look-ups, checks.
Save: every output staged, then swapped in with a manifest of sources and checksums.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from core.geography import parse_pack
from etl.geo import geojson, lookups, simplify
from etl.geo.areas import build_areas
from etl.geo.atoms import build_atoms
from etl.geo.checks import check_budgets, check_geometry_coverage, check_population_codes
from etl.geo.config import Config, load_config
from etl.geo.manifest import build_manifest, level_files, licences, table_meta
from etl.geo.neighbours import build_neighbours
from etl.geo.outputs import OutputSet, manifest_bytes, publish
from etl.geo.peers import build_peers
from etl.geo.sources import read_boundaries


def run(source_dir: Path, out_dir: Path, config_path: Path | None = None) -> dict[str, Any]:
    """Build every output from source_dir into out_dir; returns the manifest.

    The configuration defaults to layers.toml next to source_dir (geodata/layers.toml).
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    cfg = load_config(Path(config_path) if config_path else source_dir.parent / "layers.toml")
    parse_pack(cfg.raw, cfg.path)  # labels, slugs and columns the product needs, before the work
    work_crs = cfg.build.get("work_crs", "EPSG:3857")
    shapes = {
        lv.name: read_boundaries(source_dir, lv.spec["boundaries"], work_crs)
        for lv in cfg.levels
        if lv.kind == "boundaries"
    }
    areas = build_areas(cfg, source_dir, shapes)

    atoms = build_atoms(cfg, areas, shapes)
    cleaned = simplify.dissolve_levels(cfg, atoms)
    check_geometry_coverage(cfg, areas, cleaned)
    simplified = simplify.dissolve_levels(cfg, simplify.simplify_atoms(cfg, atoms))
    distortion = simplify.check_distortion(cfg, cleaned, simplified)

    outputs = OutputSet()
    outputs.add_csv("areas.csv", areas, sources=level_files(cfg), licence=licences(cfg))
    sizes = _add_boundaries(cfg, outputs, areas, simplified)
    check_budgets(cfg, sizes)
    tables = _add_tables(cfg, outputs, source_dir, areas, cleaned)
    manifest = build_manifest(cfg, source_dir, outputs, areas, sizes, distortion, tables)
    outputs.add("manifest.json", manifest_bytes(manifest))
    publish(outputs, out_dir, managed=["boundaries"])
    return manifest


def _add_boundaries(
    cfg: Config, outputs: OutputSet, areas: pd.DataFrame, simplified: dict[str, gpd.GeoSeries]
) -> dict[str, dict[str, float]]:
    """One GeoJSON per level; returns gzip KB per level and per parent (for budgets)."""
    build = cfg.build
    decimals = int(build.get("decimals", 5))
    names = dict(zip(areas["code"], areas["name"], strict=True))
    parents = dict(zip(areas["code"], areas["parent_code"], strict=True))
    sizes: dict[str, dict[str, float]] = {}
    for level in cfg.levels:
        geoms = geojson.to_output(
            simplified[level.name], build.get("output_crs", "EPSG:4326"), decimals
        )
        data = geojson.feature_collection(geoms, names, decimals)
        per_parent = {
            p: geojson.gzip_kb(geojson.feature_collection(grp, names, decimals))
            for p, grp in geoms.groupby(geoms.index.map(parents))
        }
        sizes[level.name] = {"total": geojson.gzip_kb(data), **per_parent}
        outputs.add(
            f"boundaries/{level.name}.geojson",
            data,
            features=len(geoms),
            vertices=geojson.vertex_count(geoms),
            gzip_kb=sizes[level.name]["total"],
            sources=level.files() or level_files(cfg),
            licence=level.spec.get("licence", ""),
            attribution=level.attribution,
        )
    return sizes


def _add_tables(
    cfg: Config,
    outputs: OutputSet,
    source_dir: Path,
    areas: pd.DataFrame,
    cleaned: dict[str, gpd.GeoSeries],
) -> dict[str, pd.DataFrame]:
    """Population, postcodes, code history, neighbours and peers, where configured."""
    made: dict[str, pd.DataFrame] = {}
    steps = [
        (
            "population",
            "population.csv.gz",
            lambda s: lookups.build_population(s, source_dir, areas),
        ),
        ("postcodes", "postcodes.csv", lambda s: lookups.build_postcodes(s, source_dir, areas)),
        (
            "code_history",
            "code_history.csv",
            lambda s: lookups.build_code_history(s, source_dir, areas),
        ),
        ("neighbours", "neighbours.csv", lambda s: build_neighbours(s, cleaned)),
    ]
    for section, rel, make in steps:
        spec = cfg.section(section)
        if spec is not None:
            made[section] = make(spec)
            outputs.add_csv(rel, made[section], **table_meta(spec))
    if "population" in made:
        check_population_codes(made["population"], cleaned)
    peers = cfg.section("peers")
    if peers is not None and "population" in made:
        area_crs = cfg.build.get("area_crs", "EPSG:6933")
        made["peers"] = build_peers(peers, made["population"], cleaned[peers["level"]], area_crs)
        outputs.add_csv("peers.csv", made["peers"], **table_meta(peers))
    return made
