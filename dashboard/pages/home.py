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
from dashboard.components import map_words
from dashboard.components.controls import (
    choice,
    period_control,
    register_period,
    what_link,
)
from dashboard.components.embed import builder_href
from dashboard.components.headline import cards
from dashboard.components.map import (
    boundaries_for,
    by_city,
    city_name,
    layer_data,
    map_alt,
    map_data,
    map_figure,
    map_legend,
    map_patch,
    national_rows,
)
from dashboard.components.map_panel import highlight_patch, map_box, map_graph, pick_card
from dashboard.components.participation_map import category_choice
from dashboard.components.participation_table import lead, table_for, table_label
from dashboard.components.ranking import TABLE_ROWS
from dashboard.guard import months_of, needs_release, page
from dashboard.i18n import t
from dashboard.layout import frame, href
from dashboard.markup import markup, to_html
from dashboard.places import titled
from dashboard.state import MAP_FIELDS, View, from_controls, parse, period_text

dash.register_page(__name__, path="/", title=titled("title.home"), first_paint=True)


@page("/")
def layout(rel: store.Release, view: View) -> html.Div:
    lang = view.lang
    months = months_of(rel)
    data, brks = map_data(rel, view)
    now, then = national_rows(rel, view)
    index = months.index(view.period)
    city = city_name(view)
    content = html.Div(className="page home", children=[
        dcc.Store(id="home-months", data=[f"{m:%Y-%m}" for m in months]),
        dcc.Store(id="home-lang", data=lang),
        dcc.Store(id="home-picked", data=view.area),
        html.H1(t("home.title", lang)),
        html.P(lead(view), id="home-lead", className="lead"),
        html.Div(className="controls", children=[
            choice("home-level", [(lv.slug, lv.label(lang, plural=True))
                                  for lv in areas.map_levels()],
                   areas.pack().level(view.level).slug, t("control.level", lang)),
            html.Div(id="home-city-wrap", hidden=not by_city(view), children=choice(
                "home-city", list(geo.cities().items()), view.city, t("control.city", lang))),
            # The categories, and beside them participation as a map layer of its own.
            choice("home-category", *category_choice(view), t("control.category", lang)),
            period_control("home", months, index, i18n.month(view.period, lang), lang),
        ]),
        markup(cards(now, then, view), id="home-cards", className="cards"),
        html.Div(className="map-and-table", children=[
            html.Div(className="map-col", children=[
                # The map mounts when it scrolls into view (assets/app.js), so a phone shows
                # the numbers before it loads plotly.js and the boundaries.
                dcc.Store(id="home-map-visible", data=False),
                map_box(lang, map_words.map_title(view, city), map_alt(view, table=True)),
                html.Div(pick_card(data, view.area, view), id="home-pick", className="pick",
                         **{"aria-live": "polite"}),
                markup(map_legend(rel, view, brks), id="home-legend"),
                html.P(className="actions", children=[
                    what_link(lang, "kart"),
                    html.A(t("k.download", lang), id="home-csv",
                           href=href("/data/kart.csv", "nb", **view.query(*MAP_FIELDS))),
                    html.A(t("k.embed", lang), id="home-embed", href=builder_href("kart", view)),
                ]),
            ]),
            html.Div(className="table-col", children=[
                choice("home-sort", [("low", "↑ " + t("table.value", lang)),
                                     ("high", "↓ " + t("table.value", lang)),
                                     ("name", t("table.name", lang))], view.sort,
                       t("table.sort_value", lang)),
                html.Div(markup(table_for(layer_data(rel, view)[0], view, TABLE_ROWS)),
                         id="home-table", className="table-scroll", tabIndex="0", role="region",
                         **{"aria-label": table_label(view)}),
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
    State("home-picked", "data"),
    prevent_initial_call=True,
)
@needs_release()
def show_map(rel, visible, level, city, category, index, lang, picked):
    """The whole map, once, when it first scrolls into view (the area searched for or
    picked outlined)."""
    if not visible:
        return dash.no_update
    view = view_of(rel, index, lang, level=level, city=city, category=category)
    data, brks = layer_data(rel, view)
    shown = [picked] if isinstance(picked, str) and picked in set(data["code"]) else []
    return map_graph(map_figure(boundaries_for(view), data, brks, view, None, shown))


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
        return map_figure(geojson, data, brks, view, None)
    return map_patch(data, brks, view.lang, view.layer)


@callback(
    Output("home-pick", "children"),
    Output("home-map", "figure", allow_duplicate=True),
    Input("home-picked", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    State("home-level", "data"),
    State("home-city", "data"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
@needs_release(outputs=2)
def pick_area(rel, picked, category, index, level, city, lang):
    """A tap shows the area's value and a link to its page, and outlines it; the card follows
    the month and category until another area is tapped."""
    view = view_of(rel, index, lang, level=level, city=city, category=category)
    data, _ = map_data(rel, view)
    code = picked if isinstance(picked, str) and picked in set(data["code"]) else ""
    outline = (highlight_patch(code, geo.bounds(view.level, code) if code else None)
               if ctx.triggered_id == "home-picked" else dash.no_update)
    return pick_card(data, code, view), outline


@callback(
    Output("home-cards", "html"),
    Output("home-table", "children"),
    Output("home-all", "hidden"),
    Output("home-legend", "html"),
    Output("home-period-label", "children"),
    Output("home-city-wrap", "hidden"),
    Output("home-map-title", "children"),
    Output("home-map-alt", "children"),
    Output("home-table", "aria-label"),
    Output("home-lead", "children"),
    Input("home-level", "data"),
    Input("home-city", "data"),
    Input("home-category", "data"),
    Input("home-period", "value"),
    Input("home-sort", "data"),
    Input("home-all", "n_clicks"),
    State("home-lang", "data"),
    prevent_initial_call=True,
)
@needs_release(outputs=10)
def update_table(rel, level, city, category, index, sort, show_all, lang):
    """Everything beside the map that follows the view: cards, table, legend and the words."""
    view = view_of(rel, index, lang, level=level, city=city, category=category, sort=sort)
    data, brks = layer_data(rel, view)
    now, then = national_rows(rel, view)
    limit = None if show_all else TABLE_ROWS
    place = city_name(view)
    return (to_html(cards(now, then, view)), markup(table_for(data, view, limit)),
            limit is None or len(data) <= TABLE_ROWS,
            to_html(map_legend(rel, view, brks)),
            i18n.month(view.period, view.lang), not by_city(view),
            map_words.map_title(view, place), map_alt(view, True), table_label(view), lead(view))


register_period("home")

clientside_callback(
    ClientsideFunction("fotavtrykk", "pickedArea"),
    Output("home-picked", "data"),
    Input("home-map", "clickData"),
    prevent_initial_call=True,
)

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
