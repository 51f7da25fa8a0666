"""Municipality page: headline, trend against Norway and the 1.5° path, categories, peers."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from sqlalchemy.exc import SQLAlchemyError

from core.contract import PUBLISHED_CATEGORIES
from dashboard import figures, geo, i18n, stats, store
from dashboard.i18n import num, t
from dashboard.layout import (
    choice,
    empty_store,
    frame,
    href,
    kommune_href,
    lazy_graph,
    notice,
    register_choice,
    register_lazy_graph,
    store_error,
    what_link,
)
from dashboard.markup import markup
from dashboard.state import category as parse_category
from dashboard.state import lang as parse_lang
from dashboard.state import parse_code
from dashboard.style import GRAPH_CONFIG
from dashboard.views import KommuneData, load

dash.register_page(__name__, path_template="/kommune/<code>", title="Kommune – Folkets Fotavtrykk")


def _row(frame: pd.DataFrame, period, category: str = "total") -> dict | None:
    rows = frame[(frame["period"] == period) & (frame["category"] == category)]
    return rows.iloc[0].to_dict() if not rows.empty else None


def headline(data: KommuneData, rel: store.Release, lang: str) -> html.Section:
    """Value, interval, reliability, rank and 12-month change for the latest month."""
    period = rel.last_period
    now = _row(data.series, period)
    then = _row(data.series, stats.months_back(period, 12))
    parts = [html.H2(t("k.headline", lang, month=i18n.month(period, lang)))]
    if now is None or pd.isna(now.get("mean")):
        parts.append(html.P(t("k.suppressed", lang), className="card-note muted"))
        return html.Section(parts, className="card headline")
    rank, n = stats.rank(data.latest_all, data.code)
    reliable = pd.isna(now.get("reliable")) or bool(now.get("reliable"))
    change = stats.change(now, then)
    parts += [
        html.P([num(now["mean"], lang), html.Span(" " + t("unit", lang), className="card-unit")],
               className="card-value"),
        html.P(t("card.interval", lang, low=num(now["ci_low"], lang),
                 high=num(now["ci_high"], lang)), className="card-note"),
        html.P(f"{now.get('count_band') or '–'} {t('map.svar', lang)}", className="card-note"),
        html.P(t("k.reliable" if reliable else "k.unreliable", lang),
               className="card-note" + ("" if reliable else " warn")),
    ]
    if rank is not None:
        parts.append(html.P(t("k.rank", lang, rank=rank, n=n), className="card-note"))
    if change.direction != "unknown":
        parts.append(html.P(
            f"{t('card.change', lang)}: {i18n.signed(change.delta, lang)} t – "
            f"{t('trend.' + change.direction, lang)}",
            className=f"card-note trend-{change.direction}"))
    return html.Section(parts, className="card headline")


def trend_alt(data: KommuneData, rel: store.Release, lang: str) -> str:
    now = _row(data.series, rel.last_period) or {}
    national = _row(data.national, rel.last_period) or {}
    change = stats.change(now, _row(data.series, stats.months_back(rel.last_period, 12)))
    return t("chart.alt_trend", lang, name=data.name, value=num(now.get("mean"), lang),
             month=i18n.month(rel.last_period, lang), national=num(national.get("mean"), lang),
             trend=t("trend." + change.direction, lang))


def trend_figure(data: KommuneData, lang: str, category: str = "total"):
    """The trend; a county that is the municipality itself (Oslo) is not drawn twice."""
    county = None if data.county_name == data.name else data.county
    return figures.trend(data.series, data.name, lang, data.national, county,
                         data.county_name, category=category)


def others(data: KommuneData, codes: list[str]) -> pd.DataFrame:
    """Name and latest total of the municipality and the given others."""
    names = data.areas[data.areas["level"] == "kommune"][["code", "name"]]
    wanted = names[names["code"].isin([data.code, *codes])]
    return figures.map_frame(wanted, data.latest_all)


def comparison(title: str, data: KommuneData, codes: list[str], lang: str, graph_id: str,
               national: float | None, note: str = "") -> html.Section | None:
    if not codes:
        return None
    rows = others(data, codes)
    items = [html.Li([html.A(r.name, href=kommune_href(r.code, r.name, lang)), ": ",
                      num(r.mean, lang) if pd.notna(r.mean) else t("table.suppressed", lang)])
             for r in rows.sort_values("name").itertuples() if r.code != data.code]
    return html.Section(className="panel", children=[
        html.H2(title), html.P(note, className="muted") if note else None,
        lazy_graph(graph_id, figures.ranking_bars(rows, data.code, lang, national),
                   t("chart.alt_compare", lang)),
        markup(html.Details([html.Summary(t("table.as_list", lang)), html.Ul(items)])),
        what_link(lang, "tall"),
    ])


def districts(data: KommuneData, rel: store.Release, lang: str) -> html.Section | None:
    """The city's districts: the embeddable district map in a lazy frame (its own geo-only
    plotly.js, so this page keeps the small one) and the same numbers as a list."""
    if data.code not in geo.CITIES:
        return None
    names = data.areas[(data.areas["level"] == "bydel") & (data.areas["parent_code"] == data.code)]
    if names.empty:
        return None
    values = store.map_values(rel.run_id, "bydel", rel.last_period, "total")
    rows = figures.map_frame(names, values)
    items = [html.Li(f"{r.name}: " + (num(r.mean, lang) + " t" if pd.notna(r.mean)
                                      else t("table.suppressed", lang)))
             for r in rows.itertuples()]
    title = t("map.alt", lang, level_lower=t("level.bydel", lang).lower(),
              category=i18n.category("total", lang).lower(),
              month=i18n.month(rel.last_period, lang))
    # assets/app.js sets src from data-lazy-src when the frame nears the viewport
    body = [html.Iframe(title=title, className="district-map",
                        **{"data-lazy-src": href("/embed/kart", lang, nivaa="bydel",
                                                 by=data.code)})
            ] if geo.boundary_path("bydel") else [html.P(t("map.unavailable", lang),
                                                         className="muted")]
    return html.Section(className="panel", children=[
        html.H2(t("k.districts.title", lang)), *body,
        markup(html.Ul(items, className="columns")),
        html.A(t("nav.map", lang), href=href("/", lang, nivaa="bydel", by=data.code)),
    ])


def not_found(lang: str, code: str, rel) -> html.Div:
    return frame(lang, "/kommune", rel, notice(lang, "k.notfound.title",
                                               t("k.notfound.body", lang, code=code[:20]),
                                               "alert"))


def layout(code: str = "", **query) -> html.Div:
    lang = parse_lang(query)
    category = parse_category(query)
    kommune = parse_code(code)
    path = f"/kommune/{code}"
    try:
        rel = store.current_release()
        if rel is None:
            return empty_store(lang, path)
        data = load(rel, kommune) if kommune else None
        if data is None:
            return not_found(lang, code or "", rel)
        national_now = _row(data.national, rel.last_period) or {}
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
    except SQLAlchemyError:
        return store_error(lang, path)
    path = kommune_href(data.code, data.name, "nb")
    compare_codes = ",".join([data.code, *neighbour_codes[:7]])
    content = html.Div(className="page kommune", children=[
        dcc.Store(id="k-code", data=data.code),
        dcc.Store(id="k-lang", data=lang),
        html.P(html.A("← " + t("k.back", lang), href=href("/", lang)), className="crumbs"),
        html.H1(data.name),
        html.P(t("k.lead", lang, name=data.name), className="lead"),
        html.P(f"{t('level1.fylke', lang)}: {data.county_name}", className="muted"),
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
                       figures.breakdown(own_latest, national_latest, data.name, lang),
                       t("chart.alt_breakdown", lang) + " " + "; ".join(
                           f"{i18n.category(r.category, lang)} {num(r.mean, lang)} t"
                           for r in own_latest.itertuples() if r.category != "total")),
            what_link(lang, "kategorier"),
        ]),
        *[s for s in sections if s is not None],
        html.P(className="actions", children=[
            html.A(t("k.compare_link", lang), href=href("/sammenlign", lang, k=compare_codes)),
            html.A(t("k.download", lang), href=f"/data/kommune/{data.code}.csv"),
            html.A(t("k.embed", lang), href=href(f"/embed/kommune/{data.code}", lang)),
        ]),
    ])
    return frame(lang, path, rel, content, {"kategori": category} if category != "total" else {})


@callback(
    Output("k-trend-figure", "data"),
    Input("k-category", "data"),
    State("k-code", "data"),
    State("k-lang", "data"),
    prevent_initial_call=True,
)
def update_trend(category, code, lang):
    rel = store.current_release()
    data = load(rel, parse_code(code)) if rel else None
    if data is None:
        return dash.no_update
    category = category if category in PUBLISHED_CATEGORIES else "total"
    return {"figure": trend_figure(data, i18n.lang_of(lang), category), "config": GRAPH_CONFIG}


register_choice("k-category")
for _graph in ("k-trend", "k-breakdown", "k-neighbours", "k-peers"):
    register_lazy_graph(_graph)

clientside_callback(
    """function (category, lang) {
        var q = {}; if (category && category !== "total") q.kategori = category;
        return window.dash_clientside.fotavtrykk.syncQuery(q, lang);
    }""",
    Output("lang-switch", "href", allow_duplicate=True),
    Input("k-category", "data"),
    State("k-lang", "data"),
    prevent_initial_call=True,
)
