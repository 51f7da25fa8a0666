"""Builds the area table (level, code, name, parent, other names) from the configured levels."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.geo.config import Config, Level
from etl.geo.errors import GeodataError
from etl.geo.sources import read_table

AREA_COLUMNS = ["level", "code", "name", "parent_level", "parent_code", "alt_names"]


def build_areas(cfg: Config, source_dir: Path, shapes: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """One row per area of every level; fails on duplicate codes or codes without a parent."""
    frames = []
    known: dict[str, set[str]] = {}
    for level in cfg.levels:
        frame = _level_rows(level, source_dir, shapes.get(level.name))
        _check(level, frame, known)
        known[level.name] = set(frame["code"])
        frames.append(frame)
    areas = pd.concat(frames, ignore_index=True)
    clash = areas["code"][areas["code"].duplicated()]
    if len(clash):
        raise GeodataError(str(cfg.path), clash.iloc[0], "code used by more than one level")
    return areas[AREA_COLUMNS]


def _level_rows(level: Level, source_dir: Path, shape: gpd.GeoDataFrame | None) -> pd.DataFrame:
    """Codes, names and parent codes of one level, from its static list, table or boundary file."""
    spec = level.spec
    if level.kind == "static":
        frame = pd.DataFrame(
            {
                "code": [a["code"] for a in spec["areas"]],
                "full_name": [a["name"] for a in spec["areas"]],
                "alt": ["|".join(a.get("alt_names", [])) for a in spec["areas"]],
            }
        )
    elif level.kind == "table":
        t = spec["table"]
        table = read_table(source_dir, t, [t["code"], t["name"]])
        frame = table[[t["code"], t["name"]]].drop_duplicates()
        frame.columns = ["code", "full_name"]
        if "parent" in t:
            frame["parent_code"] = table.drop_duplicates(t["code"])[t["parent"]].to_numpy()
    else:
        assert shape is not None, f"boundaries of {level.name} not read"
        frame = shape.drop(columns="geometry").rename(columns={"name": "full_name"})
    frame = pd.DataFrame(frame).reset_index(drop=True)
    frame["level"] = level.name
    frame["parent_level"] = level.parent or ""
    frame["parent_code"] = _parents(level, source_dir, frame)
    return _split_names(level, source_dir, frame)


def _parents(level: Level, source_dir: Path, frame: pd.DataFrame) -> pd.Series:
    """Parent code per row from a fixed code, a code prefix, a mapping table or a source column."""
    spec = level.spec
    if level.parent is None:
        return pd.Series("", index=frame.index)
    if "parent_code" in spec:
        return pd.Series(spec["parent_code"], index=frame.index)
    if "parent_prefix" in spec:
        return frame["code"].str[: int(spec["parent_prefix"])]
    if "parent_table" in spec:
        t = spec["parent_table"]
        table = read_table(source_dir, t, [t["code"], t["parent"]])
        mapping = dict(zip(table[t["code"]], table[t["parent"]], strict=True))
        return frame["code"].map(mapping).fillna("")
    if "parent_code" in frame:
        return frame["parent_code"].fillna("")
    raise GeodataError(str(level.name), "-", "no rule for parent codes in the configuration")


def _split_names(level: Level, source_dir: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """Split "Name - Sami name" into the primary display name and `|`-joined alternatives."""
    sep = level.spec.get("name_separator")
    parts = frame["full_name"].str.split(sep) if sep else frame["full_name"].map(lambda n: [n])
    primary = parts.str[0]
    if "primary_name" in level.spec:
        t = level.spec["primary_name"]
        table = read_table(source_dir, t, [t["code"], t["name"]])
        chosen = frame["code"].map(dict(zip(table[t["code"]], table[t["name"]], strict=True)))
        primary = chosen.where(chosen.notna() & (chosen != ""), primary)
    alts = [
        "|".join([p for p in names if p != first])
        for names, first in zip(parts, primary, strict=True)
    ]
    if "alt" in frame:
        alts = [a or b for a, b in zip(alts, frame["alt"], strict=True)]
    frame["name"] = primary
    frame["alt_names"] = alts
    return frame


def _check(level: Level, frame: pd.DataFrame, known: dict[str, set[str]]) -> None:
    """Every code unique in its level and every non-top area pointing at an existing parent."""
    where = (level.spec.get("boundaries") or level.spec.get("table") or {}).get("file", level.name)
    dup = frame["code"][frame["code"].duplicated()]
    if len(dup):
        raise GeodataError(where, dup.iloc[0], f"duplicate {level.name} code")
    if level.parent is None:
        return
    orphans = frame[~frame["parent_code"].isin(known[level.parent])]
    if len(orphans):
        row = orphans.iloc[0]
        raise GeodataError(
            where, row["code"], f"no {level.parent} {row['parent_code']!r} for this code"
        )
