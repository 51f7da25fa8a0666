"""Front page: the national map of average footprint per resident, with its table."""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)
from sqlalchemy.exc import SQLAlchemyError

from core.contract import PUBLISHED_CATEGORIES
from dashboard import figures, geo, i18n, stats, store
from dashboard.i18n import num, t
from dashboard.layout import (
    choice,
    empty_store,
    frame,
    graph,
    href,
    kommune_href,
    legend,
    register_choice,
    store_error,
    what_link,
)
from dashboard.markup import markup, to_html
from dashboard.state import LEVELS, MapView, parse_map

dash.register_page(__name__, path="/", title="Folkets Fotavtrykk")

MAP_HEIGHT = 560
#: Rows the table shows until "show all" is pressed (all 357 cost seconds on a slow phone).
TABLE_ROWS = 25


# ---------------------------------------------------------------- data for a view


def country_code(run_id: int) -> str:
    countries = store.area_table(run_id, "country")
    return countries["code"].iloc[0] if not countries.empty else "NO"


def map_data(rel: store.Release, view: MapView) -> tuple[pd.DataFrame, list[float]]:
    """The areas of the view with their values, and the level's class breaks."""
    names = store.area_table(rel.run_id, view.level)
    values = store.map_values(rel.run_id, view.level, view.period, view.category)
    if view.level == "bydel":
        names = names[names["parent_code"] == view.city]
    return figures.map_frame(names, values), store.breaks(rel.run_id, view.level, view.category)


def national_rows(rel: store.Release, view: MapView) -> tuple[dict | None, dict | None]:
    """The national row for the view's month and the one twelve months earlier."""
    national = store.series(rel.run_id, "country", country_code(rel.run_id))
    rows = national[national["category"] == view.category].set_index("period")

    def row(period: date) -> dict | None:
        return rows.loc[period].to_dict() if period in rows.index else None

    return row(view.period), row(stats.months_back(view.period, 12))


def boundaries_for(view: MapView) -> str | None:
    """The URL of the view's boundaries (the browser caches them; callbacks never send them)."""
    return geo.boundary_url(view.level)


# ---------------------------------------------------------------- pure builders


def cards(now: dict | None, then: dict | None, view: MapView) -> list:
    """Headline cards: national average with interval, 12-month change, respondents."""
    lang = view.lang
    month = i18n.month(view.period, lang)
    if now is None or pd.isna(now.get("mean")):
        value = [html.P(t("map.suppressed", lang), className="card-value")]
    else:
        value = [html.P([num(now["mean"], lang), html.Span(" " + t("unit_short", lang),
                                                          className="card-unit")],
                        className="card-value"),
                 html.P(t("card.interval", lang, low=num(now["ci_low"], lang),
                          high=num(now["ci_high"], lang)), className="card-note")]
    change = stats.change(now, then)
    if change.direction == "unknown":
        change_body = [html.P(t("card.no_change_data", lang), className="card-note")]
    else:
        change_body = [
            html.P([f"{i18n.signed(change.delta, lang)} ", html.Span(t("t", lang),
                                                                    className="card-unit")],
                   className="card-value"),
            html.P(change_note(change, lang), className=f"card-note trend-{change.direction}"),
        ]
    respondents = now.get("respondents") if now else None
    return [
        html.Section(className="card", children=[
            html.H2(t("card.national", lang, month=month)), *value,
            html.P(i18n.category(view.category, lang), className="card-note")]),
        html.Section(className="card", children=[html.H2(t("card.change", lang)), *change_body]),
        html.Section(className="card", children=[
            html.H2(t("card.respondents", lang)),
            html.P(num(respondents, lang, 0), className="card-value"),
            html.P(t("card.respondents_note", lang), className="card-note")]),
    ]


def change_note(change: stats.Change, lang: str) -> str:
    """'falling (95 % interval −0,6 to −0,2 t)'; the interval left out when it rounds to a
    single number, rather than showing more precision than the data hold."""
    low, high = i18n.signed(change.low, lang), i18n.signed(change.high, lang)
    word = t("trend." + change.direction, lang)
    return word if low == high else t("card.change_interval", lang, trend=word, low=low,
                                      high=high)


def _sorted(data: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "name":
        return data.sort_values("name", key=lambda s: s.str.lower())
    return data.sort_values(["mean", "name"], ascending=[sort != "high", True],
                            na_position="last")


def ranking_table(data: pd.DataFrame, view: MapView, limit: int | None = None) -> html.Table:
    """The map as a table: every area (or the first `limit`), its value, interval and count
    band; suppressed areas last."""
    lang = view.lang
    ranks = data["mean"].rank(method="min")
    rows = []
    ordered = _sorted(data.assign(rank=ranks), view.sort)
    for row in ordered.head(limit).itertuples() if limit else ordered.itertuples():
        name = (html.A(row.name, href=kommune_href(row.code, row.name, lang))
                if view.level == "kommune" else row.name)
        if pd.isna(row.mean):
            cells = [html.Td("–"), html.Td(name),
                     html.Td(t("table.suppressed", lang), colSpan=3, className="muted")]
        else:
            value = num(row.mean, lang)
            if not pd.isna(row.reliable) and not row.reliable:
                value = [value, html.Span(f" ({t('table.uncertain', lang)})", className="muted")]
            cells = [html.Td(int(row.rank)), html.Td(name), html.Td(value, className="num"),
                     html.Td(f"{num(row.ci_low, lang)}–{num(row.ci_high, lang)}",
                             className="num"),
                     html.Td(row.count_band or "–", className="num")]
        rows.append(html.Tr(cells))
    sort_attr = {"low": "ascending", "high": "descending"}.get(view.sort, "none")
    name_sort = "ascending" if view.sort == "name" else "none"
    return html.Table(className="ranking", children=[
        html.Caption(t("table.caption", lang, level=t(f"level.{view.level}", lang),
                       category=i18n.category(view.category, lang).lower(),
                       month=i18n.month(view.period, lang))),
        html.Thead(html.Tr([
            html.Th(t("table.rank", lang), scope="col"),
            html.Th(t("table.name", lang), scope="col", **{"aria-sort": name_sort}),
            html.Th(t("table.value", lang), scope="col", **{"aria-sort": sort_attr}),
            html.Th(t("table.interval", lang), scope="col"),
            html.Th(t("table.respondents", lang), scope="col"),
        ])),
        html.Tbody(rows),
    ])


def map_alt(view: MapView) -> str:
    lang = view.lang
    return t("map.alt", lang, level_lower=t(f"level.{view.level}", lang).lower(),
             category=i18n.category(view.category, lang).lower(),
             month=i18n.month(view.period, lang))


def map_figure(geojson: str | dict | None, data: pd.DataFrame, brks: list[float], view: MapView):
    if geojson is None:
        return {"data": [], "layout": {"height": 80, "xaxis": {"visible": False},
                                       "yaxis": {"visible": False},
                                       "annotations": [{"text": t("map.unavailable", view.lang),
                                                        "showarrow": False}]}}
    return figures.choropleth(geojson, data, brks, view.lang, MAP_HEIGHT)


def map_patch(data: pd.DataFrame, brks: list[float], lang: str) -> Patch:
    """Only the new values for the map: classes, hover texts and the colour scale."""
    update = figures.map_update(data, brks, lang)
    patch = Patch()
    for key, value in update.items():
        patch["data"][0][key] = value
    return patch


# ---------------------------------------------------------------- layout


def layout(**query) -> html.Div:
    view = parse_map(query, [])
    lang = view.lang
    try:
        rel = store.current_release()
        if rel is None:
            return empty_store(lang, "/")
        months = stats.months_between(rel.first_period, rel.last_period)
        view = parse_map(query, months)
        data, brks = map_data(rel, view)
        now, then = national_rows(rel, view)
    except SQLAlchemyError:
        return store_error(lang, "/")
    index = months.index(view.period)
    marks = {i: f"{m:%Y}" for i, m in enumerate(months) if m.month == 1}
    content = html.Div(className="page home", children=[
        dcc.Store(id="home-nav"),
        dcc.Store(id="home-months", data=[f"{m:%Y-%m}" for m in months]),
        dcc.Store(id="home-lang", data=lang),
        html.H1(t("home.title", lang)),
        html.P(t("home.lead", lang), className="lead"),
        html.Div(className="controls", children=[
            choice("home-level", [(lv, t(f"level.{lv}", lang)) for lv in LEVELS], view.level,
                   t("control.level", lang)),
            html.Div(id="home-city-wrap", hidden=view.level != "bydel", children=choice(
                "home-city", [(c, n) for c, n in geo.CITIES.items()], view.city,
                t("control.city", lang))),
            choice("home-category", [(c, i18n.category(c, lang)) for c in PUBLISHED_CATEGORIES],
                   view.category, t("control.category", lang)),
            html.Div(className="control period", children=[
                html.Div(className="period-head", children=[
                    html.Span(t("control.period", lang) + ": ", id="home-period-title"),
                    html.Output(i18n.month(view.period, lang), id="home-period-label",
                                **{"aria-live": "polite"}),
                    html.Button(t("control.play", lang), id="home-play", n_clicks=0,
                                className="play", **{"aria-pressed": "false",
                                                     "data-play": t("control.play", lang),
                                                     "data-pause": t("control.pause", lang)}),
                ]),
                html.Div(dcc.Slider(id="home-period", min=0, max=len(months) - 1, step=1,
                                    value=index, marks=marks, included=False,
                                    updatemode="mouseup", allow_direct_input=False),
                         **{"data-slider-label": t("control.period", lang),
                            "data-slider-valuetext": "home-period-label"}),
                dcc.Interval(id="home-tick", interval=1200, disabled=True),
            ]),
        ]),
        markup(cards(now, then, view), id="home-cards", className="cards"),
        html.Div(className="map-and-table", children=[
            html.Div(className="map-col", children=[
                # The map mounts when it scrolls into view (assets/app.js), so a phone shows
                # the numbers before it loads plotly.js and the boundaries.
                dcc.Store(id="home-map-visible", data=False),
                html.Div(id="home-map-slot", className="map-slot", children=html.Div(
                    t("map.loading", lang), className="map-placeholder",
                    style={"height": f"{MAP_HEIGHT}px"})),
                markup(legend(figures.legend_items(brks, lang), lang), id="home-legend"),
                html.P(className="actions", children=[
                    what_link(lang, "kart"),
                    html.A(t("k.download", lang), id="home-csv",
                           href=href("/data/kart.csv", "nb", **view.query())),
                    html.A(t("k.embed", lang), id="home-embed",
                           href=href("/embed/kart", lang, **view.query())),
                ]),
            ]),
            html.Div(className="table-col", children=[
                choice("home-sort", [("low", "↑ " + t("table.value", lang)),
                                     ("high", "↓ " + t("table.value", lang)),
                                     ("name", t("table.name", lang))], view.sort,
                       t("table.sort_value", lang)),
                html.Div(markup(ranking_table(data, view, TABLE_ROWS)), id="home-table",
                         className="table-scroll",
                         tabIndex="0", role="region",
                         **{"aria-label": t("table.caption", lang,
                                            level=t(f"level.{view.level}", lang),
                                            category=i18n.category(view.category, lang).lower(),
                                            month=i18n.month(view.period, lang))}),
                html.Button(t("table.show_all", lang, n=len(data)), id="home-all", n_clicks=0,
                            type="button", className="show-all",
                            hidden=len(data) <= TABLE_ROWS),
            ]),
        ]),
    ])
    return frame(lang, "/", rel, content, view.query())


# ---------------------------------------------------------------- callbacks (thin)


def _view(level, city, category, index, months, lang, sort="low") -> tuple | None:
    rel = store.current_release()
    if rel is None or not months:
        return None
    index = min(max(int(index or 0), 0), len(months) - 1)
    period = date.fromisoformat(months[index] + "-01")
    view = MapView(level if level in LEVELS else "kommune", city if city in geo.CITIES
                   else "0301", category if category in PUBLISHED_CATEGORIES else "total",
                   period, sort, i18n.lang_of(lang))
    return rel, view


@callback(
    Output("home-map-slot", "children"),
    Input("home-map-visible", "data"),
    State("home-level", "data"),
    State("home-city", "data"),
    State("home-category", "data"),
    State("home-period", "value"),
    State("home-months", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
def show_map(visible, level, city, category, index, months, lang):
    """The whole map, once, when it first scrolls into view."""
    found = _view(level, city, category, index, months, lang)
    if not visible or found is None:
        return dash.no_update
    rel, view = found
    data, brks = map_data(rel, view)
    return graph("home-map", map_figure(boundaries_for(view), data, brks, view), map_alt(view))


@callback(
    Output("home-map", "figure"),
    Input("home-level", "data"),
    Input("home-city", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    State("home-months", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
def update_map(level, city, category, index, months, lang):
    """A period or category change sends only new values; a level change sends new geometry."""
    found = _view(level, city, category, index, months, lang)
    if found is None:
        return dash.no_update
    rel, view = found
    data, brks = map_data(rel, view)
    geojson = boundaries_for(view)
    if ctx.triggered_id in {"home-level", "home-city"} or geojson is None:
        return map_figure(geojson, data, brks, view)
    return map_patch(data, brks, view.lang)


@callback(
    Output("home-cards", "html"),
    Output("home-table", "children"),
    Output("home-all", "hidden"),
    Output("home-legend", "html"),
    Output("home-period-label", "children"),
    Output("home-city-wrap", "hidden"),
    Input("home-level", "data"),
    Input("home-city", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    Input("home-sort", "data"),
    Input("home-all", "n_clicks"),
    State("home-months", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
def update_table(level, city, category, index, sort, show_all, months, lang):
    found = _view(level, city, category, index, months, lang, sort if sort in
                  ("low", "high", "name") else "low")
    if found is None:
        return (dash.no_update,) * 6
    rel, view = found
    data, brks = map_data(rel, view)
    now, then = national_rows(rel, view)
    limit = None if show_all else TABLE_ROWS
    return (to_html(cards(now, then, view)), markup(ranking_table(data, view, limit)),
            limit is None or len(data) <= TABLE_ROWS,
            to_html(legend(figures.legend_items(brks, view.lang), view.lang)),
            i18n.month(view.period, view.lang), view.level != "bydel")


for _group in ("home-level", "home-city", "home-category", "home-sort"):
    register_choice(_group)

clientside_callback(
    ClientsideFunction("fotavtrykk", "syncHomeUrl"),
    Output("lang-switch", "href", allow_duplicate=True),
    Output("home-csv", "href"),
    Output("home-embed", "href"),
    Input("home-level", "data"),
    Input("home-city", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    Input("home-sort", "data"),
    State("home-months", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("fotavtrykk", "openArea"),
    Output("home-nav", "data"),
    Input("home-map", "clickData"),
    State("home-level", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("fotavtrykk", "togglePlay"),
    Output("home-tick", "disabled"),
    Output("home-play", "children"),
    Output("home-play", "aria-pressed"),
    Input("home-play", "n_clicks"),
    State("home-tick", "disabled"),
    State("home-play", "data-play"),
    State("home-play", "data-pause"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction("fotavtrykk", "nextMonth"),
    Output("home-period", "value"),
    Input("home-tick", "n_intervals"),
    State("home-period", "value"),
    State("home-period", "max"),
    prevent_initial_call=True,
)
