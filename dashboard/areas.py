"""The country's area model as the dashboard shows it, read from its geography pack.

Which levels the map switches between, which level has its own pages, what each level is
called and where its pages live all come from the pack (`layers.toml`), so a page never
names Norway's kommune or fylke and another pack (Testland in the tests) renders the same.
"""

from __future__ import annotations

import os
from functools import lru_cache

from core import geography
from core.geography import Pack, PackLevel
from core.settings import get_settings

#: The variable naming the pack's folder (core.settings reads it as `geodata_dir`).
GEODATA_ENV = "FOTAVTRYKK_GEODATA_DIR"


def pack() -> Pack:
    """The pack the dashboard serves (FOTAVTRYKK_GEODATA_DIR; read once per process)."""
    return _pack(os.environ.get(GEODATA_ENV))


@lru_cache(maxsize=4)
def _pack(_folder: str | None) -> Pack:
    # Keyed by the variable: reading the settings costs milliseconds and URL parsing asks
    # for the pack many times a request.
    return geography.pack(get_settings().geodata_dir)


def base() -> PackLevel:
    """The level areas have pages at: the first level records are placed at (kommune)."""
    return pack().record_levels[0]


def map_levels() -> tuple[PackLevel, ...]:
    """The map's levels that have numbers: the base first (the default view), then the
    others from the top (Norway: kommune, fylke, bydel)."""
    p, first = pack(), base()
    published = {lv.name for lv in p.published_levels}
    return (first, *[lv for lv in p.map_levels if lv.name in published and lv != first])


def within() -> PackLevel | None:
    """The map level drawn one parent area at a time (Norway's bydeler: one city at a time),
    because it covers only some areas of the base level."""
    below = {lv.name for lv in pack().children(base().name)}
    return next((lv for lv in map_levels() if lv.name in below), None)


def level_of_slug(slug: str) -> PackLevel | None:
    """The map level a URL names, or None."""
    return next((lv for lv in map_levels() if lv.slug == slug), None)


def label(level: str, lang: str, plural: bool = False) -> str:
    """A level's display name from the pack, e.g. "Kommuner" or "Herred"."""
    return pack().level(level).label(lang, plural)


def area_path(code: str, segment: str = "", embed: bool = False) -> str:
    """The address of a base-level area's page: /kommune/5001-trondheim for Norway."""
    head = "/embed/" if embed else "/"
    return f"{head}{base().slug}/{code}" + (f"-{segment}" if segment else "")


def page_levels() -> tuple[PackLevel, ...]:
    """The levels with area pages: every level with numbers, from the top (Norway: the
    country, fylker, kommuner, bydeler; delbydeler have no numbers, so no pages)."""
    return pack().published_levels


def country_slug() -> str:
    """The country page's address segment: its name in URL form (/norge, /testland)."""
    from dashboard.search import fold  # search reads the pack through this module

    return fold(pack().country_name).replace(" ", "-") or pack().top.slug


def level_path(level: str, code: str = "", segment: str = "", embed: bool = False) -> str:
    """The address of any area's page: /norge, /fylke/50, /kommune/5001-trondheim,
    /bydel/030101. The map and every link between areas build addresses here."""
    if level == pack().top.name:
        return ("/embed/" if embed else "/") + country_slug()
    head = "/embed/" if embed else "/"
    return f"{head}{pack().level(level).slug}/{code}" + (f"-{segment}" if segment else "")


def parse_area_path(path: str) -> tuple[PackLevel, str] | None:
    """(level, code) of an area page's address (or its embed); the code is '' when the
    level has no such area, None when the address is no area page's."""
    from dashboard import geo  # geo reads the pack through this module

    parts = path.strip("/").removeprefix("embed/").split("/")
    if len(parts) == 1 and parts[0] == country_slug():
        return pack().top, pack().country_code
    levels = {lv.slug: lv for lv in page_levels() if lv != pack().top}
    if len(parts) != 2 or parts[0] not in levels:
        return None
    level, head = levels[parts[0]], parts[1].split("-", 1)[0]
    return level, head if head in geo.codes(level.name) else ""


def country(lang: str) -> str:
    """The country's name: the catalogue's `country.<code>` where it translates it (Norge,
    Norway), else the pack's own name."""
    from dashboard import i18n  # i18n fills its texts from here

    code = pack().country_code
    return i18n.messages(lang).get(f"country.{code}") or pack().country_name


def words(lang: str) -> dict[str, str]:
    """The pack's words a catalogue text may name: {level} and {levels} (the base level,
    lower case: kommune, kommuner), {Level} (Kommune), {sublevels} (the level within it:
    Bydeler) and {country}."""
    first, sub = base(), within()
    return {"level": first.label(lang).lower(), "levels": first.label(lang, True).lower(),
            "Level": first.label(lang), "sublevels": (sub or first).label(lang, True),
            "country": country(lang)}
