"""Embeds: which views can be embedded, their addresses, the builder's address for a view, the
titles that say what, where and when, and the `<iframe>` snippet a host pastes.

An embed is addressed by a *target*: `kart` (the map), `<base slug>/<code>` (an area's trend)
or `sammenlign` (the compare lines). The embed page is `/embed/<target>` and its builder
`/bygg-inn?vis=<target>` (the map's by default), both with the view's query, so the one
parser (dashboard/state.py) reads them all and a link to the builder carries exactly the
view it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from dashboard import areas, geo, i18n, store
from dashboard.components.map import by_city
from dashboard.i18n import t
from dashboard.layout import href
from dashboard.state import MAP_FIELDS, View

BUILDER = "/bygg-inn"
#: The builder's URL parameter naming the embed (its target); the map when left out.
TARGET_PARAM = "vis"
EMBED = "/embed"
MAP = "kart"
COMPARE = "sammenlign"
#: The host script that lets a host page resize its frames to their content (optional).
RESIZE_SCRIPT = "/assets/embed-resize.js"
#: What `postMessage` carries from an embed to its host (see assets/embed-height.js).
MESSAGE_TYPE = "fotavtrykk:height"
#: Default frame heights in px: the tallest each embed gets between 320 and 1200 px wide
#: (its narrowest, where the title and the source wrap most), so nothing is cut off without
#: the resize script. tests/browser/test_embed.py measures them at both widths.
HEIGHTS = {MAP: 980, "area": 1180, COMPARE: 780}


@dataclass(frozen=True)
class Target:
    """One embeddable view: its kind (map, area, compare) and its address segment."""

    kind: str
    segment: str

    @property
    def embed_path(self) -> str:
        return f"{EMBED}/{self.segment}"

    @property
    def height(self) -> int:
        return HEIGHTS[self.kind]


def target_of(kind: str, view: View) -> Target:
    """The embed of a page's view: `kind` is "kart", "sammenlign" or anything else for the
    view's area (a base-level area page)."""
    if kind in (MAP, COMPARE):
        return Target(kind, kind)
    return Target("area", f"{areas.base().slug}/{view.area}")


def parse_target(segment: object) -> tuple[Target | None, str]:
    """The target a builder address names ('kart', 'kommune/0301-oslo', 'sammenlign'; the
    map when empty), with the area segment to hand to the view parser; None when it names
    no embed."""
    text = (segment if isinstance(segment, str) else "").strip()[:100] or MAP
    if text in (MAP, COMPARE):
        return Target(text, text), ""
    kind, _, code = text.partition("/")
    if kind == areas.base().slug and code and "/" not in code:
        return Target("area", f"{kind}/{code.split('-', 1)[0]}"), code
    return None, ""


def query_of(target: Target, view: View) -> dict:
    """The URL parameters of the view that the embed shows."""
    if target.kind == MAP:
        return view.query(*(f for f in MAP_FIELDS if f != "sort"))  # an embed has no table
    if target.kind == COMPARE:
        return view.query("compare", "category")
    return view.query("category")


def builder_href(kind: str, view: View | None = None, **fields) -> str:
    """The builder's address for the view a page shows (the pages' "Embed" links); `fields`
    set view fields (a page that keeps its view in callback state, not in a View)."""
    view = (view or View()).with_(**{k: tuple(v) if isinstance(v, list) else v
                                     for k, v in fields.items()})
    return href(BUILDER, view.lang, **builder_query(target_of(kind, view), view))


def builder_query(target: Target, view: View) -> dict:
    """The builder's URL parameters: the target (left out for the map), then the view's."""
    return {TARGET_PARAM: "" if target.kind == MAP else target.segment,
            **query_of(target, view)}


def embed_href(target: Target, view: View) -> str:
    """The embed page's address (relative) for the view."""
    return href(target.embed_path, view.lang, **query_of(target, view))


def title(rel: store.Release, target: Target, view: View) -> str | None:
    """What, where and when: 'Klimafotavtrykk per innbygger, transport, kommuner, juni 2025'
    (a trend's time runs from the release's first month to its last); None when the area
    is not in the release."""
    lang = view.lang
    if target.kind == MAP:
        city = geo.cities().get(view.city, "") if by_city(view) else ""
        level = areas.label(view.level, lang, True).lower()
        where = t("embed.where_city", lang, level=level, city=city) if city else level
        when = i18n.month(view.period, lang)
    else:
        names = store.area_table(rel.run_id, areas.base().name).set_index("code")["name"]
        codes = view.compare if target.kind == COMPARE else (view.area,)
        if target.kind != COMPARE and view.area not in names.index:
            return None
        where = ", ".join(names[c] for c in codes if c in names.index)
        when = f"{i18n.month(rel.first_period, lang)}–{i18n.month(rel.last_period, lang)}"
    if target.kind == MAP and view.layer == "participation":  # no footprint, no category
        return ", ".join((t("part.embed_what", lang), where, when))
    parts = (t("embed.what", lang), i18n.category(view.category, lang).lower(), where, when)
    return ", ".join(p for p in parts if p)


def snippet(src: str, frame_title: str, height: int) -> str:
    """The `<iframe>` a host pastes: full width, the default height, lazily loaded."""
    return (f'<iframe src="{escape(src)}" title="{escape(frame_title)}" width="100%" '
            f'height="{height}" style="border:0;max-width:100%" loading="lazy"></iframe>')


def resize_snippet(site: str) -> str:
    """The optional host script: frames from this site then take their content's height."""
    return f'<script src="{escape(site + RESIZE_SCRIPT)}" async></script>'
