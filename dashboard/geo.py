"""Reference data from geodata/: prepared boundaries, postcodes, neighbours and peer groups.

These files change with a geodata release, not with the nightly data, so a per-process
copy never goes stale; they are never simplified or re-projected here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import geography
from dashboard import areas, i18n


def _dir() -> Path:
    return areas.pack().path  # the folder of the pack served, without re-reading settings


@lru_cache(maxsize=16)
def _load_geojson(level: str, mtime: float) -> dict:
    """A level's boundaries, read again only when their file changes (`mtime`)."""
    return geography.load_boundaries(_dir(), level)


def boundary_path(level: str) -> Path | None:
    """The prepared boundary file of a level of the pack, if there is one."""
    return geography.boundary_file(_dir(), level) if level in areas.pack().names else None


def boundary_url(level: str) -> str | None:
    """Where the browser fetches a level's boundaries (cacheable; versioned by file date)."""
    path = boundary_path(level)
    return f"/geo/{level}.geojson?v={int(path.stat().st_mtime)}" if path else None


@lru_cache(maxsize=8)
def boundary_bytes(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def boundaries(level: str, prefix: str = "") -> dict | None:
    """The FeatureCollection of one level (features whose code starts with `prefix`), or None."""
    path = boundary_path(level)
    if path is None:
        return None
    data = _load_geojson(level, path.stat().st_mtime)
    if not prefix:
        return data
    return _subset(level, path.stat().st_mtime, prefix)


@lru_cache(maxsize=16)
def _subset(level: str, mtime: float, prefix: str) -> dict | None:
    data = _load_geojson(level, mtime)
    features = [f for f in data["features"] if str(f.get("id", "")).startswith(prefix)]
    return {"type": "FeatureCollection", "features": features} if features else None


def bounds(level: str, prefix: str = "") -> tuple[float, float, float, float] | None:
    """(west, east, south, north) of a level's areas whose code starts with `prefix`.

    The map is framed on these rather than on plotly's `fitbounds`, whose view is lost on the
    first zoom (plotly.js 4.1: the zoom starts again from the whole globe).
    """
    path = boundary_path(level)
    return _bounds(level, path.stat().st_mtime, prefix) if path else None


@lru_cache(maxsize=1024)  # one per level and city, and per area tapped
def _bounds(level: str, mtime: float, prefix: str) -> tuple[float, float, float, float] | None:
    data = _subset(level, mtime, prefix) if prefix else _load_geojson(level, mtime)
    lons, lats = [], []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], int | float):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for part in coords or []:
                walk(part)

    for feature in (data or {}).get("features", []):
        walk((feature.get("geometry") or {}).get("coordinates"))
    return (min(lons), max(lons), min(lats), max(lats)) if lons else None


@lru_cache(maxsize=8)
def _table(path: str, mtime: float) -> pd.DataFrame:
    return geography.load_table(Path(path).parent, Path(path).name)


def table(name: str) -> pd.DataFrame:
    """A reference CSV from geodata/ as strings (empty frame when the file is missing)."""
    path = _dir() / name
    if not path.exists():
        return pd.DataFrame()
    # A copy: callers may filter or add columns, the cached frame stays as read.
    return _table(str(path), path.stat().st_mtime).copy()


def cities() -> dict[str, str]:
    """Code -> name of the base-level areas split into the level below (Norway's four
    cities with bydeler), in code order."""
    sub = areas.within()
    return dict(_index(sub.name if sub else "")[1]) if sub else {}


def codes(level: str) -> frozenset[str]:
    """The codes of one level in the pack (what an address or a compare list may name)."""
    return _index(level)[0]


def _index(level: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    path = _dir() / "areas.csv"
    if not path.exists():
        return frozenset(), ()
    return _level_index(str(path), path.stat().st_mtime, level, areas.base().name)


@lru_cache(maxsize=32)
def _level_index(path: str, mtime: float, level: str, base: str):
    """A level's codes, and (code, name) of the base-level areas that are its parents."""
    frame = _table(path, mtime)
    rows = frame[frame["level"] == level]
    own = frame[(frame["level"] == base) & frame["code"].isin(set(rows["parent_code"]))]
    own = own.sort_values("code")
    return frozenset(rows["code"]), tuple(zip(own["code"], own["name"], strict=True))


def postcodes() -> dict[str, tuple[str, str]]:
    """postnummer -> (poststed, kommunenummer)."""
    frame = table("postcodes.csv")
    if frame.empty:
        return {}
    return {r.postnummer: (r.poststed, r.kommunenummer) for r in frame.itertuples()}


def neighbours(code: str, level: str | None = None) -> list[str]:
    """Codes of the areas bordering `code` (any kind of neighbour listed) at `level`
    (default: the base level)."""
    level = level or areas.base().name
    frame = table("neighbours.csv")
    if frame.empty:
        return []
    rows = frame[(frame["level"] == level) & (frame["code"] == code)]
    return list(dict.fromkeys(rows["neighbour_code"]))


def peer_label(group: str, fallback: str, lang: str) -> str:
    """A peer group's name in `lang` (catalogue key `peer.<group>`), else the pack's own label
    (a pack whose groups the catalogues do not know names them in its own words)."""
    return i18n.messages(lang).get(f"peer.{group}") or fallback or group


def peers(code: str, level: str | None = None,
          lang: str = i18n.DEFAULT) -> tuple[str, list[str]]:
    """The peer group label of `code` (in `lang`) and the other members of its group."""
    level = level or areas.base().name
    frame = table("peers.csv")
    if frame.empty:
        return "", []
    frame = frame[frame["level"] == level]
    own = frame[frame["code"] == code]
    if own.empty:
        return "", []
    group = own.iloc[0]["peer_group"]
    label = peer_label(group, own.iloc[0].get("peer_group_label", ""), lang)
    members = frame[(frame["peer_group"] == group) & (frame["code"] != code)]["code"]
    return label, list(members)


def attribution() -> list[str]:
    """Attribution lines from geodata/manifest.json (layers and reference tables)."""
    try:
        manifest = geography.load_manifest(_dir())
    except (OSError, ValueError):
        return []
    if not isinstance(manifest, dict):
        return []
    lines = [v.get("attribution") for v in (manifest.get("levels") or {}).values()
             if isinstance(v, dict)]
    lines += list((manifest.get("attribution") or {}).values())
    return [str(line) for line in dict.fromkeys(lines) if line]
