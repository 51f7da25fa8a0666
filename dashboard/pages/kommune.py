"""Municipality page: its monthly trend with uncertainty."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import figures, store
from dashboard.layout import empty_store

dash.register_page(__name__, path_template="/kommune/<code>", title="Kommune")


def layout(code: str = "", **_query) -> html.Div:
    rel = store.current_release()
    if rel is None:
        return empty_store()
    code = code.split("-", 1)[0]
    areas = store.area_table(rel, "kommune")
    match = areas[areas["code"] == code]
    if match.empty:
        return html.Div(className="notice", role="alert", children=[
            html.H1("Fant ikke kommunen"),
            html.P("Koden finnes ikke i kommuneinndelingen fra 2024."),
            dcc.Link("Til kartet", href="/"),
        ])
    name = match.iloc[0]["name"]
    series = store.series(rel, "kommune", code, "total")
    return html.Div(className="page kommune", children=[
        html.H1(name),
        dcc.Graph(figure=figures.trend(series, f"{name}: totalt fotavtrykk"),
                  config={"displayModeBar": False}),
        dcc.Link("Tilbake til kartet", href="/"),
    ])
