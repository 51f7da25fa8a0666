"""The front page's map box: zoom buttons, the slot the map mounts in, its text alternative,
and the card a tap opens with the area's value and a link to its page (a tap that navigated at
once left no way to read a value on a phone, where there is no hover)."""

from __future__ import annotations

import pandas as pd
from dash import Patch, dcc, html

from dashboard import i18n
from dashboard.components.map import area_href
from dashboard.i18n import num, t
from dashboard.state import View
from dashboard.style import GRAPH_CONFIG

#: The map's own chart settings: a double tap must not reset a zoom the buttons made.
MAP_CONFIG = {**GRAPH_CONFIG, "doubleClick": False}


def zoom_buttons(lang: str) -> html.Div:
    """+, − and 'whole map' (assets/app.js zooms within figures.MAX_ZOOM)."""
    def button(action: str, text: str, key: str) -> html.Button:
        return html.Button(text, type="button", className="zoom-button",
                           title=t(key, lang), **{"data-map-zoom": action,
                                                  "aria-label": t(key, lang)})

    return html.Div(className="map-zoom", role="group", **{"aria-label": t("map.zoom", lang)},
                    children=[button("in", "+", "map.zoom_in"),
                              button("out", "−", "map.zoom_out"),
                              button("reset", "⤢", "map.zoom_reset")])


def map_box(lang: str, title: str, alt: str) -> html.Figure:
    """The map's heading, zoom buttons, slot and text alternative: all but the map itself
    are in the page from the start, so their words can follow the view."""
    return html.Figure(className="chart map-figure", children=[
        html.H2(title, id="home-map-title", className="map-title"),
        html.Div(className="map-box", children=[
            zoom_buttons(lang),
            html.Div(id="home-map-slot", className="map-slot", children=html.Div(
                t("map.loading", lang), className="map-placeholder")),
        ]),
        html.Figcaption(alt, id="home-map-alt", className="visually-hidden"),
    ])


def map_graph(figure) -> dcc.Graph:
    """The map itself, filling its box."""
    return dcc.Graph(id="home-map", figure=figure, config=MAP_CONFIG,
                     style={"height": "100%", "width": "100%"}, responsive=True)


def pick_card(data: pd.DataFrame, code: str, view: View) -> list:
    """What a tap on an area shows: name, value with interval and count, and its page."""
    lang = view.lang
    rows = data[data["code"] == code]
    if rows.empty:
        return [html.P(t("map.pick_hint", lang), className="muted")]
    row = rows.iloc[0]
    if pd.isna(row["mean"]):
        lines = [html.P(t("map.suppressed", lang))]
    else:
        lines = [html.P([html.Strong(f"{num(row['mean'], lang)} {t('unit_short', lang)}"),
                         f" (95 %: {i18n.interval(row['ci_low'], row['ci_high'], lang)})"]),
                 html.P(f"{i18n.band(row['count_band'])} {t('map.svar', lang)}"
                        + (f" · {t('map.uncertain', lang)}" if _unreliable(row) else ""),
                        className="muted")]
    return [html.H3(row["name"]), *lines,
            html.A(t("map.open", lang, name=row["name"]) + " →",
                   href=area_href(view.level, code, lang, **view.context()),
                   className="pick-link")]


def _unreliable(row: pd.Series) -> bool:
    flag = row.get("reliable")
    return flag is not None and not pd.isna(flag) and not bool(flag)


def highlight_patch(code: str, bounds: tuple[float, float, float, float] | None = None
                    ) -> Patch:
    """Outline the picked area (trace 1 of figures.choropleth), or none; its middle is where
    the zoom buttons zoom in (assets/app.js), so '+' after a tap goes to that area."""
    patch = Patch()
    patch["data"][1]["locations"] = [code] if code else []
    patch["data"][1]["z"] = [1] if code else []
    patch["layout"]["meta"]["pick"] = ({"lon": (bounds[0] + bounds[1]) / 2,
                                        "lat": (bounds[2] + bounds[3]) / 2}
                                       if bounds else None)
    return patch
