"""The page of an area of any level (country, county, municipality, district): headline,
trend against the country and the 1.5° path with its numbers as a table, categories,
neighbours and peers of the same level, the areas within it and the way up and back."""

from __future__ import annotations

from dash import dcc, html

from core.contract import PUBLISHED_CATEGORIES
from core.geography import PackLevel
from dashboard import areas, charts, geo, i18n, store
from dashboard.components.area import (
    area_href,
    children,
    comparison,
    districts,
    trend_alt,
    trend_figure,
)
from dashboard.components.controls import choice, lazy_graph, what_link
from dashboard.components.embed import builder_href
from dashboard.components.headline import headline, row_at
from dashboard.components.participation import participation_panel
from dashboard.components.pathway import pathway_panel
from dashboard.components.trend_table import trend_details
from dashboard.i18n import num, t
from dashboard.layout import frame, href, notice, slug
from dashboard.markup import markup
from dashboard.places import former_number, pack_label
from dashboard.state import View, params, period_text
from dashboard.views import AreaData, load


def code_of(level: PackLevel, view: View) -> str:
    """The area a page's address names: the country's own code, else the segment's head
    when the pack has it at this level ('5001-trondheim' -> '5001')."""
    if level == areas.pack().top:
        return areas.pack().country_code
    head = view.segment.split("-", 1)[0]
    return head if head in geo.codes(level.name) else ""


def context(view: View, rel: store.Release) -> dict:
    """The view that travels with every link from an area page: category and month
    (left out where they are the defaults)."""
    query = view.query("category")
    if view.period and view.period != rel.last_period:
        query[params()["period"].name] = period_text(view.period)
    return query


def map_href(data: AreaData, view: View, rel: store.Release) -> str:
    """Back to the map at this area's level (a district: its city's district map), in the
    category, month and order the page was opened with, the area outlined on it."""
    level = data.level if areas.pack().level(data.level).has_map else view.level
    back = view.with_(level=level, city=data.parent_code if level == getattr(
        areas.within(), "name", None) else view.city,
        area=data.code if level == data.level else "")
    if back.period == rel.last_period:
        back = back.with_(period=None)
    return href("/", view.lang, **back.query("level", "city", "category", "period", "sort",
                                             "area"))


def crumbs(data: AreaData, lang: str, ctx: dict) -> html.Nav:
    """Where the area sits: the country, its county, ... down to itself, on one line (a
    phone shows it in one glance)."""
    chain, level, code = [], data.parent_level, data.parent_code
    table, below = data.areas, data.name
    while level:
        row = table[(table["level"] == level) & (table["code"] == code)]
        if row.empty:
            break
        name = areas.country(lang) if level == areas.pack().top.name else row.iloc[0]["name"]
        if name != below:  # Oslo the county above Oslo the city is said once
            chain[:0] = [html.A(name, href=area_href(level, code, name, lang, **ctx)), " › "]
        below = name
        level = areas.pack().level(level).parent or ""
        code = row.iloc[0]["parent_code"] or ""
    chain.append(html.Span(data.name, **{"aria-current": "page"}))
    return html.Nav(html.P(chain), className="area-crumbs",
                    **{"aria-label": t("area.crumbs", lang)})


def nearest_with_numbers(data: AreaData, rel: store.Release) -> tuple[str, str, str] | None:
    """(level, code, name) of the closest area above this one with published numbers."""
    table, level, code = data.areas, data.parent_level, data.parent_code
    while level:
        series = store.series(rel.run_id, level, code)
        row = table[(table["level"] == level) & (table["code"] == code)]
        if row.empty:
            return None
        if series[series["category"] == "total"]["mean"].notna().any():
            return level, code, row.iloc[0]["name"]
        level, code = areas.pack().level(level).parent or "", row.iloc[0]["parent_code"]
    return None


def empty_state(data: AreaData, rel: store.Release, lang: str, ctx: dict) -> html.Section:
    """What an area without a single published month shows instead of empty charts: what is
    hidden and why, and the nearest level that has numbers."""
    up = nearest_with_numbers(data, rel)
    parts = [html.H2(t("area.empty.title", lang, name=data.name)),
             html.P(t("area.empty.body", lang, name=data.name))]
    if up is not None:
        name = areas.country(lang) if up[0] == areas.pack().top.name else up[2]
        parts.append(html.P(html.A(t("area.empty.nearest", lang, name=name),
                                   href=area_href(*up[:2], name, lang, **ctx))))
    return html.Section(parts, className="panel empty-state", role="status")


def extra_panels(data: AreaData, rel: store.Release, lang: str) -> list:
    """The panels beside the trend, wired here and nowhere else: the change needed to reach
    the 1.5-degree path and how many of the area's residents take part."""
    return [pathway_panel(data, rel, lang), participation_panel(data, rel, lang)]


def trend_panel(data: AreaData, rel: store.Release, view: View) -> html.Section:
    lang, category = view.lang, view.category
    csv = f"/data{areas.level_path(data.level, data.code)}.csv"
    return html.Section(className="panel", children=[
        html.H2(t("k.trend.title", lang)),
        choice("k-category", [(c, i18n.category(c, lang)) for c in PUBLISHED_CATEGORIES],
               category, t("control.category", lang)),
        lazy_graph("k-trend", trend_figure(data, lang, category), trend_alt(data, rel, lang)),
        trend_details(data.series, data.name, category, lang, csv, "k-table"),
        html.P(t("k.trend.note", lang), className="note"),
        html.P(t("k.path.note", lang), className="note"),
        what_link(lang, "trend"),
    ])


def breakdown_panel(data: AreaData, rel: store.Release, lang: str) -> html.Section:
    """The categories at the page's month; a month hidden for the area says so instead of
    drawing bars that are not there."""
    month = data.period or rel.last_period
    own = data.series[data.series["period"] == month]
    national = data.national[data.national["period"] == month]
    shown = own[own["mean"].notna()]
    if shown.empty:
        return html.Section(className="panel", children=[
            html.H2(t("k.breakdown.title", lang)),
            html.P(t("k.suppressed", lang), className="muted")])
    return html.Section(className="panel", children=[
        html.H2(t("k.breakdown.title", lang)),
        lazy_graph("k-breakdown", charts.breakdown(own, national, data.name, lang),
                   t("chart.alt_breakdown", lang) + " " + "; ".join(
                       f"{i18n.category(r.category, lang)} {num(r.mean, lang)} t"
                       for r in shown.itertuples() if r.category != "total")),
        what_link(lang, "kategorier"),
    ])


def same_level(data: AreaData, rel: store.Release, lang: str, ctx: dict) -> list:
    """Neighbours and peers of the same level, where the pack has them."""
    national = (row_at(data.national, data.period or rel.last_period) or {}).get("mean")
    these = areas.pack().level(data.level).label(lang, True).lower()
    peer_label, peer_codes = geo.peers(data.code, data.level, lang=lang)
    return [
        comparison(t("area.neighbours", lang, these=these), data,
                   geo.neighbours(data.code, data.level), lang, "k-neighbours", national,
                   context=ctx),
        comparison(t("k.peers.title", lang, levels=these), data, peer_codes[:12], lang,
                   "k-peers", national,
                   t("k.peers.group", lang, label=peer_label) if peer_label else "",
                   context=ctx),
    ]


def actions(data: AreaData, view: View) -> html.P:
    """Compare and embed where those pages take this level (municipalities), and the CSV."""
    lang = view.lang
    base = data.level == areas.base().name
    compare = ",".join([data.code, *geo.neighbours(data.code)[:7]])
    return html.P(className="actions", children=[
        html.A(t("k.compare_link", lang), href=href("/sammenlign", lang, k=compare))
        if base else None,
        html.A(t("k.download", lang), href=f"/data{areas.level_path(data.level, data.code)}.csv"),
        html.A(t("k.embed", lang), href=builder_href("kommune", view, area=data.code),
               id="k-embed") if base else None,
    ])


def build(level: PackLevel, rel: store.Release, view: View) -> html.Div:
    """The page of the area `view` names at `level`, or a friendly not-found page."""
    lang, code = view.lang, code_of(level, view)
    data = load(rel, code, level.name, view.period, view.category) if code else None
    if data is None:
        return not_found(level, view, rel)
    if data.is_country:
        data.name = areas.country(lang)
    ctx = context(view, rel)
    parent = None
    if data.parent_level and areas.pack().level(data.parent_level).parent is not None:
        # the whole "County: Trøndelag" is the link, one target to tap on a phone
        parent = html.P(html.A(
            f"{areas.label(data.parent_level, lang)}: {data.parent_name}",
            href=area_href(data.parent_level, data.parent_code, data.parent_name, lang,
                           **ctx)), className="muted")
    numbers = [markup_headline(data, rel, view), trend_panel(data, rel, view),
               *extra_panels(data, rel, lang), breakdown_panel(data, rel, lang)] \
        if data.has_numbers() else [empty_state(data, rel, lang, ctx)]
    content = html.Div(className=f"page area area-{level.slug}", children=[
        dcc.Store(id="k-code", data=data.code),
        dcc.Store(id="k-level", data=data.level),
        dcc.Store(id="k-lang", data=lang),
        # the URL's month, kept in the URL when the category changes (none: the last)
        dcc.Store(id="k-period", data=ctx.get(params()["period"].name)),
        html.P(html.A("← " + t("k.back", lang), href=map_href(data, view, rel), id="k-back"),
               className="crumbs"),
        crumbs(data, lang, ctx),
        html.H1(pack_label(data.code, data.level) if not data.is_country else data.name),
        former_number(view.q, data.code, data.name, lang)
        if data.level == areas.base().name else None,
        html.P(t("area.lead", lang, name=data.name), className="lead")
        if data.has_numbers() else None,
        parent,
        *numbers,
        *[s for s in same_level(data, rel, lang, ctx) if s is not None],
        districts(data, rel, lang),
        children(data, rel, lang, ctx),
        actions(data, view),
    ])
    path = areas.level_path(data.level, data.code, "" if data.is_country else slug(data.name))
    return frame(lang, path, rel, content, ctx)


def markup_headline(data: AreaData, rel: store.Release, view: View):
    return markup(headline(data, rel, view.lang, view.period, view.category))


def not_found(level: PackLevel, view: View, rel: store.Release) -> html.Div:
    lang = view.lang
    base = level == areas.base()
    title = "k.notfound.title" if base else "area.notfound.title"
    body = t("k.notfound.body", lang, code=view.segment[:20]) if base else t(
        "area.notfound.body", lang, this=level.label(lang).lower(), code=view.segment[:20])
    return frame(lang, areas.level_path(level.name), rel, notice(lang, title, body, "alert"))
