"""An area's sections: its trend against the country, county and 1.5-degree path, comparison
bars with its neighbours or peers, and a city's districts."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, charts, figures, geo, i18n, stats, store
from dashboard.components.controls import lazy_graph, what_link
from dashboard.components.headline import row_at
from dashboard.i18n import num, t
from dashboard.layout import href, kommune_href
from dashboard.markup import markup
from dashboard.state import parse
from dashboard.views import KommuneData


def trend_alt(data: KommuneData, rel: store.Release, lang: str) -> str:
    now = row_at(data.series, rel.last_period) or {}
    national = row_at(data.national, rel.last_period) or {}
    change = stats.change(now, row_at(data.series, stats.months_back(rel.last_period, 12)))
    return t("chart.alt_trend", lang, name=data.name, value=num(now.get("mean"), lang),
             month=i18n.month(rel.last_period, lang), national=num(national.get("mean"), lang),
             trend=t("trend." + change.direction, lang))


def trend_figure(data: KommuneData, lang: str, category: str = "total"):
    """The trend; a county that is the municipality itself (Oslo) is not drawn twice."""
    county = None if data.county_name == data.name else data.county
    return charts.trend(data.series, data.name, lang, data.national, county,
                         data.county_name, category=category)


def others(data: KommuneData, codes: list[str]) -> pd.DataFrame:
    """Name and latest total of the municipality and the given others."""
    names = data.areas[data.areas["level"] == areas.base().name][["code", "name"]]
    wanted = names[names["code"].isin([data.code, *codes])]
    return figures.map_frame(wanted, data.latest_all)


def comparison(title: str, data: KommuneData, codes: list[str], lang: str, graph_id: str,
               national: float | None, note: str = "") -> html.Section | None:
    """Bars of the area against the given others (a note, a list for screen readers)."""
    if not codes:
        return None
    rows = others(data, codes)
    items = [html.Li([html.A(r.name, href=kommune_href(r.code, r.name, lang)), ": ",
                      num(r.mean, lang) if pd.notna(r.mean) else t("table.suppressed", lang)])
             for r in rows.sort_values("name").itertuples() if r.code != data.code]
    return html.Section(className="panel", children=[
        html.H2(title), html.P(note, className="muted") if note else None,
        lazy_graph(graph_id, charts.ranking_bars(rows, data.code, lang, national),
                   t("chart.alt_compare", lang)),
        markup(html.Details([html.Summary(t("table.as_list", lang)), html.Ul(items)])),
        what_link(lang, "tall"),
    ])


def districts(data: KommuneData, rel: store.Release, lang: str) -> html.Section | None:
    """The city's districts: the embeddable district map in a lazy frame (its own geo-only
    plotly.js, so this page keeps the small one) and the same numbers as a list."""
    sub = areas.within()
    if sub is None or data.code not in geo.cities():
        return None
    names = data.areas[(data.areas["level"] == sub.name)
                       & (data.areas["parent_code"] == data.code)]
    if names.empty:
        return None
    values = store.map_values(rel.run_id, sub.name, rel.last_period, "total")
    # the map of this city's districts, its address written by the one URL encoder
    view = parse({}).with_(level=sub.name, city=data.code)
    query = view.query("level", "city")
    rows = figures.map_frame(names, values)
    items = [html.Li(f"{r.name}: " + (num(r.mean, lang) + " t" if pd.notna(r.mean)
                                      else t("table.suppressed", lang)))
             for r in rows.itertuples()]
    title = t("map.alt", lang, level_lower=sub.label(lang, True).lower(),
              category=i18n.category("total", lang).lower(),
              month=i18n.month(rel.last_period, lang))
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
