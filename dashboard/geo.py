"""Boundaries for the maps, read from the prepared files in geodata/ (never simplified here)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from etl.settings import get_settings


@lru_cache(maxsize=8)
def _load(path: str) -> dict:
    # Boundaries change only with a code release, not with the nightly data, so a
    # per-process copy never goes stale.
    return json.loads(Path(path).read_text(encoding="utf-8"))


def boundaries(level: str) -> dict:
    """The GeoJSON FeatureCollection of one level, features keyed by area code."""
    return _load(str(get_settings().geodata_dir / "boundaries" / f"{level}.geojson"))
