"""The area model of a geography pack: its levels, their parents, labels, slugs and record columns.

A pack is a folder of built geography (geodata/ for Norway) whose `layers.toml` names the
levels from the top down. Code that needs to know what a level is called, which level sits
above it or which input column places a record there asks the Pack, never a literal such
as "kommune", so another country's pack (Testland in the tests) runs through the same code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.geography.tables import pack_dir

CONFIG = "layers.toml"
#: Every level needs a singular and a plural label in each of these languages.
LANGUAGES: tuple[str, ...] = ("nb", "en")


class PackError(ValueError):
    """The pack's configuration does not describe a usable area model."""


@dataclass(frozen=True)
class PackLevel:
    """One level of the hierarchy, e.g. Norway's kommune or Testland's municipality."""

    name: str
    parent: str | None
    labels: dict[str, tuple[str, str]]  # language -> (singular, plural)
    slug: str  # the level's name in URLs
    has_map: bool  # drawn as a choropleth layer
    record_column: str | None  # input-contract column that places a record here, if any

    def label(self, lang: str = "nb", plural: bool = False) -> str:
        """The level's display name, e.g. "Kommune" or, plural in English, "Municipalities"."""
        singular, many = self.labels.get(lang) or self.labels[LANGUAGES[0]]
        return many if plural else singular


@dataclass(frozen=True)
class Pack:
    """A country's levels from the top, its code and name, and how postcodes place records."""

    path: Path
    country_code: str
    country_name: str
    levels: tuple[PackLevel, ...]
    postcode_level: str | None  # the level postcodes place a record at
    postcode_column: str | None  # input-contract column holding the postcode
    #: The oldest year whose codes records may carry ([code_history] records_since_year);
    #: the history itself may reach further back, for search. None: the history's own.
    records_since_year: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Level names from the top (the country) down."""
        return tuple(lv.name for lv in self.levels)

    @property
    def top(self) -> PackLevel:
        return self.levels[0]

    def level(self, name: str) -> PackLevel:
        for lv in self.levels:
            if lv.name == name:
                return lv
        raise KeyError(f"no level {name!r} in the pack at {self.path}")

    def by_slug(self, slug: str) -> PackLevel:
        """The level a URL names."""
        for lv in self.levels:
            if lv.slug == slug:
                return lv
        raise KeyError(f"no level with slug {slug!r} in the pack at {self.path}")

    def children(self, name: str) -> tuple[PackLevel, ...]:
        """Levels directly below `name`."""
        return tuple(lv for lv in self.levels if lv.parent == name)

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Level names above `name`, nearest first (kommune → fylke, country)."""
        chain: list[str] = []
        parent = self.level(name).parent
        while parent is not None:
            chain.append(parent)
            parent = self.level(parent).parent
        return tuple(chain)

    @property
    def record_levels(self) -> tuple[PackLevel, ...]:
        """Levels an input column places records at, from the top (kommune, then bydel)."""
        return tuple(lv for lv in self.levels if lv.record_column)

    @property
    def published_levels(self) -> tuple[PackLevel, ...]:
        """Levels with numbers: the record levels and every level above one of them.

        Coarser levels are derived through parents; a finer level no column reaches
        (Oslo's delbydeler) has boundaries but no records.
        """
        wanted = {n for lv in self.record_levels for n in (lv.name, *self.ancestors(lv.name))}
        return tuple(lv for lv in self.levels if lv.name in wanted)

    @property
    def map_levels(self) -> tuple[PackLevel, ...]:
        return tuple(lv for lv in self.levels if lv.has_map)


def parse_pack(raw: dict[str, Any], path: Path) -> Pack:
    """The Pack a parsed layers.toml describes; PackError names the level and the problem."""
    levels: list[PackLevel] = []
    for item in raw.get("levels", []):
        levels.append(_level(item, {lv.name for lv in levels}))
    if not levels:
        raise PackError(f"{path}: no [[levels]]")
    top = raw["levels"][0]
    if levels[0].parent is not None or len(top.get("areas", [])) != 1:
        raise PackError(f"{path}: the first level must be the country, one static area")
    for attr in ("slug", "record_column"):
        values = [getattr(lv, attr) for lv in levels if getattr(lv, attr)]
        if len(values) != len(set(values)):
            raise PackError(f"{path}: two levels share a {attr}")
    postcodes = raw.get("postcodes") or {}
    if postcodes and postcodes.get("level") not in {lv.name for lv in levels}:
        raise PackError(f"{path}: [postcodes] level {postcodes.get('level')!r} is not a level")
    return Pack(
        path=path.parent,
        country_code=str(top["areas"][0]["code"]),
        country_name=str(top["areas"][0]["name"]),
        levels=tuple(levels),
        postcode_level=postcodes.get("level"),
        postcode_column=postcodes.get("record_column"),
        records_since_year=(raw.get("code_history") or {}).get("records_since_year"),
    )


def _level(item: dict[str, Any], earlier: set[str]) -> PackLevel:
    """One [[levels]] block as a PackLevel, checked."""
    name = item.get("name")
    if not name:
        raise PackError("a [[levels]] block has no name")
    parent = item.get("parent")
    if parent is not None and parent not in earlier:
        raise PackError(f"{name}: parent level {parent!r} must be listed before it")
    labels = item.get("labels", {})
    for lang in LANGUAGES:
        pair = labels.get(lang)
        if not (isinstance(pair, list) and len(pair) == 2 and all(pair)):
            raise PackError(f"{name}: labels.{lang} must be [singular, plural]")
    return PackLevel(
        name=name,
        parent=parent,
        labels={lang: (str(pair[0]), str(pair[1])) for lang, pair in labels.items()},
        slug=str(item.get("slug", name)),
        has_map=bool(item.get("map", False)),
        record_column=item.get("record_column"),
    )


def pack(geodata_dir: Path | str | None = None) -> Pack:
    """The area model of the pack in `geodata_dir` (default geodata/), read once per process."""
    return _read(pack_dir(geodata_dir).resolve())


@lru_cache(maxsize=8)
def _read(folder: Path) -> Pack:
    path = folder / CONFIG
    if not path.is_file():
        raise PackError(f"{path}: a geography pack needs its {CONFIG}")
    with path.open("rb") as fh:
        return parse_pack(tomllib.load(fh), path)
