"""Reads geodata/layers.toml: the area model (levels, sources, parents) and build rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.geo.errors import GeodataError

KINDS = ("static", "table", "boundaries")


@dataclass(frozen=True)
class Level:
    """One level of the area hierarchy, e.g. kommune, and where its codes and shapes come from."""

    name: str
    kind: str
    geometry: str  # "source" (own boundary file) or "children" (dissolved from the level below)
    parent: str | None = None
    coverage: str = "complete"
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def attribution(self) -> str:
        return str(self.spec.get("attribution", ""))

    def files(self) -> list[str]:
        """Source files this level reads, for the manifest."""
        keys = ("table", "boundaries", "parent_table", "primary_name")
        return [self.spec[k]["file"] for k in keys if k in self.spec]


@dataclass(frozen=True)
class Config:
    """The parsed configuration; `raw` keeps the lookup sections as plain dicts."""

    path: Path
    levels: tuple[Level, ...]
    raw: dict[str, Any]

    @property
    def build(self) -> dict[str, Any]:
        return self.raw.get("build", {})

    def level(self, name: str) -> Level:
        for lv in self.levels:
            if lv.name == name:
                return lv
        raise GeodataError(str(self.path), name, "no such level in the configuration")

    def section(self, name: str) -> dict[str, Any] | None:
        return self.raw.get(name)


def load_config(path: Path) -> Config:
    """Parse and check the level configuration; levels must be listed parent first."""
    path = Path(path)
    if not path.is_file():
        raise GeodataError(str(path), "-", "configuration file is missing")
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    levels: list[Level] = []
    for item in raw.get("levels", []):
        name = item.get("name")
        kind = item.get("kind")
        if not name or kind not in KINDS:
            raise GeodataError(str(path), str(name), f"level needs a name and kind in {KINDS}")
        parent = item.get("parent")
        if parent is not None and parent not in {lv.name for lv in levels}:
            raise GeodataError(str(path), name, f"parent level {parent!r} must be listed before it")
        geometry = item.get("geometry", "source" if kind == "boundaries" else "children")
        levels.append(
            Level(
                name=name,
                kind=kind,
                geometry=geometry,
                parent=parent,
                coverage=item.get("coverage", "complete"),
                spec=item,
            )
        )
    if not levels:
        raise GeodataError(str(path), "-", "no [[levels]] configured")
    return Config(path=path, levels=tuple(levels), raw=raw)
