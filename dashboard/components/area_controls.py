"""The area pages' layouts behind the release guard and the callbacks of their controls,
shared by every level's page (registered in dashboard/pages/area.py and kommune.py)."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback

from core.geography import PackLevel
from dashboard import areas, geo
from dashboard.components.area import trend_figure
from dashboard.components.area_page import build, map_href
from dashboard.components.controls import register_lazy_graph
from dashboard.components.embed import builder_href
from dashboard.components.trend_table import trend_table
from dashboard.guard import months_of, needs_release, page
from dashboard.markup import markup
from dashboard.state import from_controls, parse
from dashboard.style import GRAPH_CONFIG
from dashboard.views import load


def layout_for(level: PackLevel):
    """The page layout of one level: the template, behind the release guard."""
    @page(lambda view: areas.level_path(level.name, view.segment))
    def layout(rel, view):
        return build(level, rel, view)
    return layout


def _data(code: object, lang: object, level: object, category: object, rel):
    """The validated view and area a callback's controls name, or (view, None)."""
    view = parse(from_controls(category=category, lang=lang))
    names = {lv.name for lv in areas.page_levels()}
    level = level if isinstance(level, str) and level in names else areas.base().name
    code = code.split("-", 1)[0] if isinstance(code, str) else ""
    code = code if code in geo.codes(level) else ""
    if level == areas.pack().top.name:
        code = areas.pack().country_code
    data = load(rel, code, level) if code else None
    if data is not None and data.is_country:
        data.name = areas.country(view.lang)
    return view, data


@callback(
    Output("k-trend-figure", "data"),
    Output("k-table", "children"),
    Output("k-back", "href"),
    Input("k-category", "data"),
    State("k-code", "data"),
    State("k-lang", "data"),
    State("k-level", "data"),
    State("k-period", "data"),
    prevent_initial_call=True,
)
@needs_release(outputs=3)
def follow_category(rel, category, code, lang, level=None, period=None):
    """A category chosen on the page: its trend, its table, and "back to the map" in that
    category at the page's month, in one request rather than three."""
    view, data = _data(code, lang, level, category, rel)
    if data is None:
        return (dash.no_update,) * 3
    return (trend_data(data, view), trend_rows(data, view), back_href(rel, data, view, period))


def trend_data(data, view) -> dict:
    """The trend chart's figure for the view's category (drawn by the lazy graph)."""
    return {"figure": trend_figure(data, view.lang, view.category), "config": GRAPH_CONFIG}


def trend_rows(data, view):
    """The trend's table for the view's category."""
    return markup(trend_table(data.series, data.name, view.category, view.lang))


def back_href(rel, data, view, period: object) -> str:
    """'Back to the map' follows the category chosen on the page, in the page's month."""
    months = months_of(rel)
    month = parse(from_controls(period=period), months).period if isinstance(
        period, str) else None
    return map_href(data, view.with_(period=month or rel.last_period), rel)


@callback(
    Output("k-embed", "href"),
    Input("k-category", "data"),
    State("k-code", "data"),
    State("k-lang", "data"),
    State("k-level", "data"),
    prevent_initial_call=True,
)
@needs_release()
def update_embed(rel, category, code, lang, level=None):
    """'Embed' builds the embed of the category chosen on the page, like 'back to the map'
    (a callback of its own: only municipality pages have the link)."""
    view, data = _data(code, lang, level, category, rel)
    if data is None or data.level != areas.base().name:
        return dash.no_update
    return builder_href("kommune", view, area=data.code)


for _graph in ("k-trend", "k-breakdown", "k-neighbours", "k-peers"):
    register_lazy_graph(_graph)


clientside_callback(
    ClientsideFunction("fotavtrykk", "syncView"),
    Output("lang-switch", "href", allow_duplicate=True),
    Input("k-category", "data"),
    State("k-period", "data"),
    State("k-lang", "data"),
    prevent_initial_call=True,
)
