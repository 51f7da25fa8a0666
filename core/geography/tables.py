"""Read-only loaders for the built tables of a geography pack (geodata/ for Norway).

Nothing is read at import time: callers cache results keyed by the release they serve.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "geodata"


def pack_dir(geodata_dir: Path | str | None) -> Path:
    """The pack folder to read: the given one, or geodata/ (Norway)."""
    return Path(geodata_dir) if geodata_dir is not None else DEFAULT_DIR


def load_table(geodata_dir: Path | str | None, name: str, **kwargs: Any) -> pd.DataFrame:
    """Read an output CSV with every column as text (codes keep leading zeros)."""
    return pd.read_csv(pack_dir(geodata_dir) / name, dtype=str, keep_default_na=False, **kwargs)


def load_areas(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """All areas: level, code, name, parent_level, parent_code, alt_names (`|`-separated)."""
    return load_table(geodata_dir, "areas.csv")


def boundary_file(geodata_dir: Path | str | None, level: str) -> Path | None:
    """Where a level's prepared boundaries are (to serve them as they are), if it has any."""
    path = pack_dir(geodata_dir) / "boundaries" / f"{level}.geojson"
    return path if path.is_file() else None


def load_boundaries(geodata_dir: Path | str | None, level: str) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of one level (features have `id` = code)."""
    path = boundary_file(geodata_dir, level)
    if path is None:
        raise KeyError(f"no boundaries for level {level!r} in {pack_dir(geodata_dir)}")
    return json.loads(path.read_text(encoding="utf-8"))


def load_population(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """Population by level, code, year, sex and age group (2024 borders)."""
    frame = load_table(geodata_dir, "population.csv.gz")
    return frame.astype({"year": int, "population": int})


def load_postcodes(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """Postcode → place name and the code of the area it places (column `kommunenummer`)."""
    return load_table(geodata_dir, "postcodes.csv")


def load_code_history(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """Every old code of the history's level → current code(s), weights summing to 1."""
    frame = load_table(geodata_dir, "code_history.csv")
    return frame.astype({"weight": float, "valid_from_year": int, "valid_to_year": int})


def load_neighbours(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """Symmetric neighbour pairs per level; kind is "border" or "ferry" (across water)."""
    return load_table(geodata_dir, "neighbours.csv")


def load_peers(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """Peer group of similar areas (population band × density band) per code."""
    return load_table(geodata_dir, "peers.csv")


def load_manifest(geodata_dir: Path | str | None = None) -> dict[str, Any]:
    """Sources, checksums, counts and attribution of the current build."""
    return json.loads((pack_dir(geodata_dir) / "manifest.json").read_text(encoding="utf-8"))


def attribution(geodata_dir: Path | str | None = None, *names: str) -> str:
    """Attribution line for levels or tables (e.g. "kommune", "population"), de-duplicated.

    With no names, every attribution in the manifest, for a footer.
    """
    manifest = load_manifest(geodata_dir)
    by_name = {k: v["attribution"] for k, v in manifest["levels"].items()}
    by_name.update(manifest.get("attribution", {}))
    chosen = names or tuple(by_name)
    unknown = [n for n in chosen if n not in by_name]
    if unknown:
        raise KeyError(f"no attribution for {unknown}")
    return "; ".join(dict.fromkeys(by_name[n] for n in chosen if by_name[n]))


def load_demo_model(geodata_dir: Path | str | None = None) -> dict[str, Any]:
    """The pack's demo-model tendencies (demo.toml), or {} for plain defaults."""
    path = pack_dir(geodata_dir) / "demo.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)
