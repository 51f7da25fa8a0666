"""Front page: the national map of average footprint per resident, with its table."""

from __future__ import annotations

import dash
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)

from dashboard import areas, geo, i18n, store
from dashboard.components.controls import choice, graph, register_choice, what_link
from dashboard.components.headline import cards
from dashboard.components.map import (
    MAP_HEIGHT,
    boundaries_for,
    by_city,
    layer_data,
    map_alt,
    map_data,
    map_figure,
    map_legend,
    map_patch,
    national_rows,
)
from dashboard.components.participation_map import category_choice
from dashboard.components.ranking import TABLE_ROWS, ranking_table
from dashboard.guard import months_of, needs_release, page
from dashboard.i18n import t
from dashboard.layout import frame, href
from dashboard.markup import markup, to_html
from dashboard.state import MAP_FIELDS, View, from_controls, parse, period_text

dash.register_page(__name__, path="/", title="Folkets Fotavtrykk", first_paint=True)


@page("/")
def layout(rel: store.Release, view: View) -> html.Div:
    lang = view.lang
    months = months_of(rel)
    data, _ = map_data(rel, view)
    now, then = national_rows(rel, view)
    index = months.index(view.period)
    marks = {i: f"{m:%Y}" for i, m in enumerate(months) if m.month == 1}
    content = html.Div(className="page home", children=[
        dcc.Store(id="home-nav"),
        dcc.Store(id="home-months", data=[f"{m:%Y-%m}" for m in months]),
        dcc.Store(id="home-lang", data=lang),
        html.H1(t("home.title", lang)),
        html.P(t("home.lead", lang), className="lead"),
        html.Div(className="controls", children=[
            choice("home-level", [(lv.slug, lv.label(lang, plural=True))
                                  for lv in areas.map_levels()],
                   areas.pack().level(view.level).slug, t("control.level", lang)),
            html.Div(id="home-city-wrap", hidden=not by_city(view), children=choice(
                "home-city", list(geo.cities().items()), view.city, t("control.city", lang))),
            # The categories, and beside them participation as a map layer of its own.
            choice("home-category", *category_choice(view), t("control.category", lang)),
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
                markup(map_legend(rel, view), id="home-legend"),
                html.P(className="actions", children=[
                    what_link(lang, "kart"),
                    html.A(t("k.download", lang), id="home-csv",
                           href=href("/data/kart.csv", "nb", **view.query(*MAP_FIELDS))),
                    html.A(t("k.embed", lang), id="home-embed",
                           href=href("/embed/kart", lang, **view.query(*MAP_FIELDS))),
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
                                            level=areas.label(view.level, lang, True),
                                            category=i18n.category(view.category, lang).lower(),
                                            month=i18n.month(view.period, lang))}),
                html.Button(t("table.show_all", lang, n=len(data)), id="home-all", n_clicks=0,
                            type="button", className="show-all",
                            hidden=len(data) <= TABLE_ROWS),
            ]),
        ]),
    ])
    return frame(lang, "/", rel, content, view.query(*MAP_FIELDS))


# ---------------------------------------------------------------- callbacks (thin)


def view_of(rel: store.Release, index, lang, **controls) -> View:
    """The view the controls show, validated by the one parser (the month by its slider
    index into the release's own months)."""
    months = months_of(rel)
    return parse(from_controls([period_text(m) for m in months], index, lang=lang, **controls),
                 months)


@callback(
    Output("home-map-slot", "children"),
    Input("home-map-visible", "data"),
    State("home-level", "data"),
    State("home-city", "data"),
    State("home-category", "data"),
    State("home-period", "value"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
@needs_release()
def show_map(rel, visible, level, city, category, index, lang):
    """The whole map, once, when it first scrolls into view."""
    if not visible:
        return dash.no_update
    view = view_of(rel, index, lang, level=level, city=city, category=category)
    data, brks = layer_data(rel, view)
    return graph("home-map", map_figure(boundaries_for(view), data, brks, view), map_alt(view))


@callback(
    Output("home-map", "figure"),
    Input("home-level", "data"),
    Input("home-city", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
@needs_release()
def update_map(rel, level, city, category, index, lang):
    """A period or category change sends only new values; a level change sends new geometry."""
    view = view_of(rel, index, lang, level=level, city=city, category=category)
    data, brks = layer_data(rel, view)
    geojson = boundaries_for(view)
    if ctx.triggered_id in {"home-level", "home-city"} or geojson is None:
        return map_figure(geojson, data, brks, view)
    return map_patch(data, brks, view.lang, view.layer)


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
    State("home-lang", "data"),
    prevent_initial_call=True,
)
@needs_release(outputs=6)
def update_table(rel, level, city, category, index, sort, show_all, lang):
    view = view_of(rel, index, lang, level=level, city=city, category=category, sort=sort)
    data, _ = map_data(rel, view)
    now, then = national_rows(rel, view)
    limit = None if show_all else TABLE_ROWS
    return (to_html(cards(now, then, view)), markup(ranking_table(data, view, limit)),
            limit is None or len(data) <= TABLE_ROWS,
            to_html(map_legend(rel, view)),
            i18n.month(view.period, view.lang), not by_city(view))


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
