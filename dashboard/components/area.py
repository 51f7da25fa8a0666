"""An area's sections: its trend against the country, its parent and the 1.5-degree path,
comparison bars with its neighbours or peers, the areas within it and a city's districts."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, charts, figures, geo, i18n, stats, store
from dashboard.components import map_words
from dashboard.components.controls import lazy_graph, what_link
from dashboard.components.headline import row_at
from dashboard.i18n import num, t
from dashboard.layout import href, slug
from dashboard.markup import markup
from dashboard.state import parse
from dashboard.views import AreaData


def area_href(level: str, code: str, name: str, lang: str, **context: object) -> str:
    """The page of any area, the name as decoration, keeping the language and the view's
    context (category, month) so it travels from page to page."""
    return href(areas.level_path(level, code, slug(name)), lang, **context)


def trend_alt(data: AreaData, rel: store.Release, lang: str) -> str:
    """The trend in words at the latest month with a published value (a thin area's last
    month may be hidden: its alt text never reads 'Røst – t')."""
    total = data.series[(data.series["category"] == "total") & data.series["mean"].notna()]
    period = total["period"].max() if not total.empty else rel.last_period
    now = row_at(data.series, period) or {}
    national = row_at(data.national, period) or {}
    change = stats.change(now, row_at(data.series, stats.months_back(period, 12)))
    return t("chart.alt_trend", lang, name=data.name, value=num(now.get("mean"), lang),
             month=i18n.month(period, lang), national=num(national.get("mean"), lang),
             trend=t("trend." + change.direction, lang))


def trend_figure(data: AreaData, lang: str, category: str = "total"):
    """The trend with the country and the parent; the country's own page draws itself once,
    and a parent that is the area itself (Oslo the county and the city) is not drawn twice."""
    national = None if data.is_country else data.national
    parent = None if data.is_country or data.parent_name == data.name else data.parent
    return charts.trend(data.series, data.name, lang, national, parent,
                        data.parent_name, category=category)


def others(data: AreaData, codes: list[str]) -> pd.DataFrame:
    """Name and latest total of the area and the given others of its level."""
    names = data.areas[data.areas["level"] == data.level][["code", "name"]]
    wanted = names[names["code"].isin([data.code, *codes])]
    return figures.map_frame(wanted, data.latest_all)


def _by_name(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in Norwegian alphabetical order (Æ Ø Å after Z)."""
    return rows.sort_values("name", key=lambda names: names.map(i18n.sort_key))


def _value(mean, lang: str) -> str:
    return num(mean, lang) + " t" if pd.notna(mean) else t("table.suppressed", lang)


def comparison(title: str, data: AreaData, codes: list[str], lang: str, graph_id: str,
               national: float | None, note: str = "", context: dict | None = None
               ) -> html.Section | None:
    """Bars of the area against the given others (a note, a list for screen readers)."""
    if not codes:
        return None
    rows = others(data, codes)
    items = [html.Li([html.A(r.name, href=area_href(data.level, r.code, r.name, lang,
                                                   **(context or {}))),
                      ": ", _value(r.mean, lang)])
             for r in _by_name(rows).itertuples() if r.code != data.code]
    return html.Section(className="panel", children=[
        html.H2(title), html.P(note, className="muted") if note else None,
        lazy_graph(graph_id, charts.ranking_bars(rows, data.code, lang, national),
                   t("chart.alt_compare", lang)),
        markup(html.Details([html.Summary(t("table.as_list", lang)), html.Ul(items)])),
        what_link(lang, "tall"),
    ])


def children(data: AreaData, rel: store.Release, lang: str, context: dict
             ) -> html.Section | None:
    """The areas one level down with numbers (a county's municipalities, the country's
    counties), each linked to its page with its latest total; the base level's districts
    are drawn by `districts` instead."""
    level = next((lv for lv in areas.page_levels() if lv.parent == data.level), None)
    if level is None or level == areas.within():
        return None
    names = data.children(level.name)
    if names.empty:
        return None
    month = data.period or rel.last_period
    values = store.map_values(rel.run_id, level.name, month, "total")
    rows = _by_name(figures.map_frame(names, values))
    items = [html.Li([html.A(r.name, href=area_href(level.name, r.code, r.name, lang,
                                                   **context)),
                      ": ", _value(r.mean, lang)]) for r in rows.itertuples()]
    return html.Section(className="panel", children=[
        html.H2(level.label(lang, True)),
        html.P(t("area.children.note", lang, month=i18n.month(month, lang)),
               className="muted"),
        html.Ul(items, className="columns"),
    ])


def districts(data: AreaData, rel: store.Release, lang: str) -> html.Section | None:
    """The city's districts: the embeddable district map in a lazy frame (its own geo-only
    plotly.js, so this page keeps the small one) and the same numbers, each linked to the
    district's page."""
    sub = areas.within()
    if sub is None or data.level != areas.base().name or data.code not in geo.cities():
        return None
    names = data.children(sub.name)
    if names.empty:
        return None
    values = store.map_values(rel.run_id, sub.name, rel.last_period, "total")
    # the map of this city's districts, its address written by the one URL encoder
    view = parse({}).with_(level=sub.name, city=data.code)
    query = view.query("level", "city")
    rows = figures.map_frame(names, values)
    items = [html.Li([html.A(r.name, href=area_href(sub.name, r.code, r.name, lang)),
                      ": ", _value(r.mean, lang)]) for r in rows.itertuples()]
    title = map_words.map_alt(view.with_(period=rel.last_period, lang=lang), data.name)
    # assets/app.js puts the frame in this box when it nears the viewport: even an empty
    # frame builds a document, which a phone pays for before the page's first paint
    body = [html.Div(className="district-map", **{"data-lazy-frame": href("/embed/kart", lang,
                                                                           **query),
                                                  "data-title": title})
            ] if geo.boundary_path(sub.name) else [html.P(t("map.unavailable", lang),
                                                         className="muted")]
    return html.Section(className="panel", children=[
        html.H2(t("k.districts.title", lang)), *body,
        markup(html.Ul(items, className="columns")),
        html.A(t("nav.map", lang), href=href("/", lang, **query)),
    ])
