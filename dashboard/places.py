"""What search reads of a release and the pack: municipalities, their counties, the districts,
postcodes and the code history, gathered once so every search reads a number the same way."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from dash import html

from dashboard import areas, geo, i18n, search, store
from dashboard.i18n import t
from dashboard.layout import href, slug


@dataclass(frozen=True)
class Places:
    kommuner: pd.DataFrame
    counties: dict[str, str]
    districts: pd.DataFrame
    postcodes: dict[str, tuple[str, str]]
    history: pd.DataFrame

    def find(self, query: str, limit: int = 8) -> list[search.Hit]:
        return search.search(query, self.kommuner, self.postcodes, limit,
                             history=self.history, districts=self.districts,
                             counties=self.counties)

    def labels(self) -> dict[str, str]:
        """Municipality code -> name, with the county where the name is shared."""
        return search.labels(self.kommuner, self.counties)

    def has_districts(self, code: str) -> bool:
        return bool(len(self.districts)) and code in set(self.districts["parent_code"])


def places(rel: store.Release) -> Places:
    frame = store.area_table(rel.run_id)
    base, sub = areas.base(), areas.within()
    parents = frame[frame["level"] == base.parent] if base.parent else frame.iloc[:0]
    districts = frame[frame["level"] == sub.name] if sub else frame.iloc[:0]
    return Places(kommuner=frame[frame["level"] == base.name].reset_index(drop=True),
                  counties=dict(zip(parents["code"], parents["name"], strict=True)),
                  districts=districts.reset_index(drop=True), postcodes=geo.postcodes(),
                  history=geo.table("code_history.csv"))


def hit_href(hit: search.Hit, lang: str) -> str:
    """Where a hit leads: its municipality's page (a former number carried as `q`, so the
    page can say whose number it was), or, for a district, which has no page yet, the map's
    district view of its city."""
    if hit.kind == "district":
        sub = areas.within()
        return href("/", lang, nivaa=sub.slug if sub else "", by=hit.city)
    path = areas.area_path(hit.code, slug(hit.name))
    return href(path, lang, q=hit.old_code if hit.kind == "old" else "")


def former_number(query: str, code: str, name: str, lang: str) -> html.P | None:
    """'1601 is Trondheim's number before 2018' when `query` is a former number of `code`
    (how a search for it arrived), with the place whose postcode has the same digits, if
    any; else None."""
    history = geo.table("code_history.csv")
    if not query or history.empty:
        return None
    rows = history[(history["old_code"] == query) & (history["new_code"] == code)
                   & (history["old_code"] != code)]
    if rows.empty:
        return None
    text = t("search.old", lang, code=query, name=name,
             year=int(rows.iloc[0]["valid_to_year"]) + 1)
    place = geo.postcodes().get(query)
    other = [" ", html.A(t("search.postcode_too", lang, code=query, place=place[0]),
                         href=href("/sok", lang, q=query))] if place else []
    return html.P([text + ".", *other], className="note", role="status")


def pack_label(code: str, level: str | None = None) -> str:
    """An area's name from the pack, with its parent where another area of the level shares
    the name ('Herøy (Nordland)'); '' for a code the pack does not have. `level`: the base
    level (municipalities) by default."""
    frame = geo.table("areas.csv")
    if frame.empty:
        return ""
    level = level or areas.base().name
    if level == areas.pack().top.name:
        return areas.pack().country_name if code == areas.pack().country_code else ""
    parent_level = areas.pack().level(level).parent
    parents = frame[frame["level"] == parent_level]
    own = frame[frame["level"] == level]
    return search.labels(own, dict(zip(parents["code"], parents["name"], strict=True))
                         ).get(code, "")


def page_title(segment: str = "", level: str | None = None) -> str:
    """The browser title of an area page, in the request's language: what and where
    ('Trondheim – klimafotavtrykk per innbygger'), homonyms with their county."""
    lang = _request_lang()
    level = level or areas.base().name
    code = areas.pack().country_code if level == areas.pack().top.name \
        else segment.split("-", 1)[0]
    name = pack_label(code, level)
    if level == areas.pack().top.name:
        name = areas.country(lang)
    return t("area.title", lang, name=name or areas.pack().level(level).label(lang))


def titled(key: str):
    """A page's browser title in the request's language (what the page holds and where), for
    dash.register_page, which asks again on every visit."""
    return lambda **_: t(key, _request_lang())


def _request_lang() -> str:
    """The page's language: its query's, or, when Dash asks for the title again from its
    page callback (a POST without the page's query), the query of the page that asked."""
    from flask import has_request_context, request

    if not has_request_context():
        return i18n.DEFAULT
    lang = request.args.get("lang")
    if lang is None and request.referrer:
        lang = (parse_qs(urlsplit(request.referrer).query).get("lang") or [None])[0]
    return i18n.lang_of(lang)
