"""Municipality page: headline, trend against Norway and the 1.5° path, categories, peers."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from core.contract import PUBLISHED_CATEGORIES
from dashboard import areas, charts, geo, i18n, store
from dashboard.components.area import comparison, districts, trend_alt, trend_figure
from dashboard.components.controls import (
    choice,
    lazy_graph,
    register_choice,
    register_lazy_graph,
    what_link,
)
from dashboard.components.embed import builder_href
from dashboard.components.headline import headline, row_at
from dashboard.guard import needs_release, page
from dashboard.i18n import num, t
from dashboard.layout import frame, href, kommune_href, notice
from dashboard.markup import markup
from dashboard.places import former_number, pack_label, page_title
from dashboard.state import View, from_controls, parse
from dashboard.style import GRAPH_CONFIG
from dashboard.views import load

dash.register_page(__name__, path_template=areas.area_path("<code>"),
                   title=lambda code="": page_title(code),
                   first_paint=True)


def not_found(lang: str, code: str, rel) -> html.Div:
    return frame(lang, areas.area_path("").rstrip("/"), rel, notice(lang, "k.notfound.title",
                                               t("k.notfound.body", lang, code=code[:20]),
                                               "alert"))


@page(lambda view: areas.area_path(view.segment))
def layout(rel: store.Release, view: View) -> html.Div:
    lang, category = view.lang, view.category
    data = load(rel, view.area) if view.area else None
    if data is None:
        return not_found(lang, view.segment, rel)
    national_now = row_at(data.national, rel.last_period) or {}
    national_latest = data.national[data.national["period"] == rel.last_period]
    own_latest = data.series[data.series["period"] == rel.last_period]
    neighbour_codes = geo.neighbours(data.code)
    peer_label, peer_codes = geo.peers(data.code)
    sections = [
        comparison(t("k.neighbours.title", lang), data, neighbour_codes, lang,
                   "k-neighbours", national_now.get("mean")),
        comparison(t("k.peers.title", lang), data, peer_codes[:12], lang, "k-peers",
                   national_now.get("mean"),
                   t("k.peers.group", lang, label=peer_label) if peer_label else ""),
        districts(data, rel, lang),
    ]
    path = kommune_href(data.code, data.name, "nb")
    compare_codes = ",".join([data.code, *neighbour_codes[:7]])
    content = html.Div(className="page kommune", children=[
        dcc.Store(id="k-code", data=data.code),
        dcc.Store(id="k-lang", data=lang),
        html.P(html.A("← " + t("k.back", lang), href=href("/", lang)), className="crumbs"),
        html.H1(pack_label(data.code) or data.name),
        former_number(view.q, data.code, data.name, lang),
        html.P(t("k.lead", lang, name=data.name), className="lead"),
        html.P(f"{areas.label(areas.base().parent, lang)}: {data.county_name}",
               className="muted"),
        markup(headline(data, rel, lang)),
        html.Section(className="panel", children=[
            html.H2(t("k.trend.title", lang)),
            choice("k-category", [(c, i18n.category(c, lang)) for c in PUBLISHED_CATEGORIES],
                   category, t("control.category", lang)),
            lazy_graph("k-trend", trend_figure(data, lang, category), trend_alt(data, rel, lang)),
            html.P(t("k.trend.note", lang), className="note"),
            html.P(t("k.path.note", lang), className="note"),
            what_link(lang, "trend"),
        ]),
        html.Section(className="panel", children=[
            html.H2(t("k.breakdown.title", lang)),
            lazy_graph("k-breakdown",
                       charts.breakdown(own_latest, national_latest, data.name, lang),
                       t("chart.alt_breakdown", lang) + " " + "; ".join(
                           f"{i18n.category(r.category, lang)} {num(r.mean, lang)} t"
                           for r in own_latest.itertuples() if r.category != "total")),
            what_link(lang, "kategorier"),
        ]),
        *[s for s in sections if s is not None],
        html.P(className="actions", children=[
            html.A(t("k.compare_link", lang), href=href("/sammenlign", lang, k=compare_codes)),
            html.A(t("k.download", lang), href=f"/data{areas.area_path(data.code)}.csv"),
            html.A(t("k.embed", lang), href=builder_href("kommune", view)),
        ]),
    ])
    return frame(lang, path, rel, content, view.query("category"))


@callback(
    Output("k-trend-figure", "data"),
    Input("k-category", "data"),
    State("k-code", "data"),
    State("k-lang", "data"),
    prevent_initial_call=True,
)
@needs_release()
def update_trend(rel, category, code, lang):
    view = parse(from_controls(category=category, code=code, lang=lang))
    data = load(rel, view.area) if view.area else None
    if data is None:
        return dash.no_update
    return {"figure": trend_figure(data, view.lang, view.category), "config": GRAPH_CONFIG}


register_choice("k-category")
for _graph in ("k-trend", "k-breakdown", "k-neighbours", "k-peers"):
    register_lazy_graph(_graph)

clientside_callback(
    ClientsideFunction("fotavtrykk", "syncView"),
    Output("lang-switch", "href", allow_duplicate=True),
    Input("k-category", "data"),
    State("k-lang", "data"),
    prevent_initial_call=True,
)
