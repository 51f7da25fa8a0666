"""A view's state from its URL query (untrusted) and back: the one parser every page,
callback, CSV route and client-side script shares, so every view can be shared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from core.contract import PUBLISHED_CATEGORIES
from dashboard import areas, geo, i18n

SORTS = ("low", "high", "name")
MAX_COMPARE = 8
#: The fields of a map view (front page, embedded map, the map's CSV).
MAP_FIELDS = ("level", "city", "category", "period", "sort")
#: What the front page's map colours areas by. Participation is chosen beside the categories
#: (kategori=participation); pages that show footprints read that choice as the total.
LAYERS = ("footprint", "participation")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Param:
    """How one view field is written in a URL: its name there, its default (left out of
    URLs) and, for a field that only means something with another, that condition."""

    name: str
    default: object = ""
    only_with: tuple[str, str] | None = None


def params() -> dict[str, Param]:
    """The URL encoding of every view field, in URL order. assets/app.js encodes client-side
    state from this same table (sent with the page), so the names live only here. Levels are
    written by their slug; the defaults come from the geography pack (Norway: kommune, and
    Oslo for the district map, whose city only means something with that level)."""
    sub = areas.within()
    return {
        "compare": Param("k", ()),
        "level": Param("nivaa", areas.base().slug),
        "city": Param("by", next(iter(geo.cities()), ""),
                      only_with=("level", sub.slug if sub else "")),
        "category": Param("kategori", "total"),
        "period": Param("periode", None),
        "sort": Param("sort", "low"),
        "q": Param("q", ""),
        # the area outlined on the map, so "back to the map" from its page shows where it is
        "area": Param("omraade", ""),
    }


def levels() -> tuple[str, ...]:
    """The URL names (slugs) of the map's levels, the default first."""
    return tuple(lv.slug for lv in areas.map_levels())


@dataclass(frozen=True)
class View:
    """What a page shows, validated: level, city, category, month, table order, area,
    compared municipalities, search text and language."""

    #: A level name of the pack; by default the base level (kommune).
    level: str = field(default_factory=lambda: areas.base().name)
    city: str = field(default_factory=lambda: next(iter(geo.cities()), ""))
    category: str = "total"
    period: date | None = None
    sort: str = "low"
    area: str = ""
    #: The address segment the area came from, as typed (shown back as text when unknown).
    segment: str = ""
    compare: tuple[str, ...] = ()
    q: str = ""
    lang: str = i18n.DEFAULT
    #: True when the URL asked for more municipalities than MAX_COMPARE.
    cut: bool = False
    layer: str = LAYERS[0]

    def query(self, *names: str) -> dict:
        """URL parameters of the named fields (all by default; lang is added by
        `layout.href`), defaults and fields without meaning here left out."""
        out, table = {}, params()
        for name in names or tuple(table):
            param, value = table[name], self._url_value(name)
            if param.only_with:  # shown whenever it means something, default or not
                if self._url_value(param.only_with[0]) != param.only_with[1]:
                    continue
            elif value in (param.default, None, "", ()):
                continue
            out[param.name] = (period_text(value) if isinstance(value, date)
                               else ",".join(value) if isinstance(value, tuple) else value)
        return out

    def _url_value(self, name: str) -> object:
        """A field as its URL writes it (a level by its slug)."""
        value = getattr(self, name)
        if name == "category" and self.layer != LAYERS[0]:
            return self.layer
        return areas.pack().level(value).slug if name == "level" and value else value

    def context(self) -> dict:
        """What a link from this map view to an area's page carries: the category (a
        footprint one; the participation layer is no category of a page) and the month."""
        return replace(self, layer=LAYERS[0]).query("category", "period")

    def with_(self, **changes) -> View:
        return replace(self, **changes)


def _str(query: dict, key: str) -> str:
    value = query.get(key, "")
    if isinstance(value, list | tuple):  # ?a=1&a=2, or a list from a dcc.Store
        value = value[0] if value and isinstance(value[0], str) else ""
    return value.strip()[:200] if isinstance(value, str) else ""


def _choice(query: dict, key: str, options, default: str) -> str:
    value = _str(query, key)
    return value if value in options else default


def parse_period(text: str, months: list[date]) -> date | None:
    """'2026-10' -> date(2026, 10, 1) when that month is in the release, else None."""
    match = _PERIOD.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    value = date(year, month, 1)
    return value if value in months else None


def period_text(value: date) -> str:
    return f"{value:%Y-%m}"


def parse_codes(value: object, known: set[str] | None,
                limit: int = MAX_COMPARE) -> tuple[tuple[str, ...], bool]:
    """Base-level area codes from '0301,4601' or a list (codes not in `known`, or else not in
    the pack, dropped; each once); True when cut to `limit`."""
    parts = value if isinstance(value, list | tuple) else re.split(r"[,\s]+", value) \
        if isinstance(value, str) else []
    known = known if known is not None else geo.codes(areas.base().name)
    codes = [c for c in parts if isinstance(c, str) and c in known]
    codes = list(dict.fromkeys(codes))
    return tuple(codes[:limit]), len(codes) > limit


def parse_code(segment: object) -> str:
    """'5001-trondheim' -> '5001'; anything not starting with a base-level code of the
    pack -> ''."""
    head = (segment if isinstance(segment, str) else "").split("-", 1)[0]
    return head if head in geo.codes(areas.base().name) else ""


def parse(query: dict, months: list[date] = (), known: set[str] | None = None) -> View:
    """The view from a URL query (or the same names from callback inputs); anything unknown
    falls back to its default. `months`: the release's months (the period defaults to the
    last); `known`: the municipality codes a compare list may hold."""
    months, table = list(months), params()
    compare, cut = parse_codes(query.get(table["compare"].name, ""), known)
    period = parse_period(_str(query, table["period"].name), months)
    level = _choice(query, table["level"].name, levels(), str(table["level"].default))
    return View(
        level=areas.level_of_slug(level).name,
        city=_choice(query, table["city"].name, tuple(geo.cities()), str(table["city"].default)),
        category=_choice(query, table["category"].name, PUBLISHED_CATEGORIES, "total"),
        period=period or (months[-1] if months else None),
        sort=_choice(query, table["sort"].name, SORTS, "low"),
        area=parse_code(_str(query, "code")) or _area(query, table, level),
        segment=_str(query, "code"),
        compare=compare, cut=cut,
        q=_str(query, table["q"].name),
        lang=i18n.lang_of(_str(query, "lang")),
        layer=LAYERS[1] if _str(query, table["category"].name) == LAYERS[1] else LAYERS[0],
    )


def _area(query: dict, table: dict[str, Param], slug: str) -> str:
    """The area a map view outlines: a code of the view's level in the pack, else none."""
    code = _str(query, table["area"].name)
    return code if code in geo.codes(areas.level_of_slug(slug).name) else ""


def from_controls(months: list[str] | None = None, index: object = None, **values) -> dict:
    """A callback's control values (by view field name, a month by its slider index into
    `months`) as the query `parse` reads, so callbacks validate through the same parser."""
    table = params()
    query = {table[k].name if k in table else k: v for k, v in values.items()}
    if months:
        at = int(index) if isinstance(index, int | float) and not isinstance(index, bool) \
            else 0
        query[table["period"].name] = months[min(max(at, 0), len(months) - 1)]
    return query


def client_params() -> dict:
    """params() for assets/app.js: field -> URL name, default and condition, and the
    compare limit."""
    out = {name: {"name": p.name, "default": p.default if p.default != () else "",
                  "onlyWith": list(p.only_with or ())} for name, p in params().items()}
    return {"params": out, "maxCompare": MAX_COMPARE}


def lang(query: dict) -> str:
    """The page language from a query (kept for pages that need nothing else)."""
    return i18n.lang_of(_str(query, "lang"))

