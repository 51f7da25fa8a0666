"""The one reader of geography packs (geodata/ for Norway): built tables and the area model."""

from core.geography.pack import LANGUAGES, Pack, PackError, PackLevel, pack, parse_pack
from core.geography.tables import (
    DEFAULT_DIR,
    attribution,
    boundary_file,
    load_areas,
    load_boundaries,
    load_code_history,
    load_demo_model,
    load_manifest,
    load_neighbours,
    load_peers,
    load_population,
    load_postcodes,
    load_table,
    pack_dir,
)

__all__ = [
    "boundary_file",
    "DEFAULT_DIR",
    "LANGUAGES",
    "Pack",
    "PackError",
    "PackLevel",
    "attribution",
    "load_areas",
    "load_boundaries",
    "load_code_history",
    "load_demo_model",
    "load_manifest",
    "load_neighbours",
    "load_peers",
    "load_population",
    "load_postcodes",
    "load_table",
    "pack",
    "pack_dir",
    "parse_pack",
]
