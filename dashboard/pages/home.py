"""Front page: the national map of average footprint per resident."""

from __future__ import annotations

from datetime import date

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import figures, store
from dashboard.geo import boundaries
from dashboard.layout import empty_store
from etl.contract import PUBLISHED_CATEGORIES

dash.register_page(__name__, path="/", title="Folkets Fotavtrykk")

CATEGORY_LABELS = {
    "total": "Totalt", "housing": "Bolig", "transport": "Transport", "food": "Mat",
    "goods": "Varer og tjenester", "public": "Offentlig forbruk",
}


def month_options(first: date, last: date) -> list[date]:
    """Every month from first to last, inclusive."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def layout(**_query) -> html.Div:
    rel = store.current_release()
    if rel is None:
        return empty_store()
    months = month_options(rel.first_period, rel.last_period)
    marks = {i: f"{m:%Y}" for i, m in enumerate(months) if m.month == 1}
    return html.Div(className="page home", children=[
        html.H1("Klimafotavtrykk per innbygger, kommune for kommune"),
        html.Div(className="controls", children=[
            html.Label(["Kategori", dcc.Dropdown(
                id="home-category", clearable=False, value="total",
                options=[{"label": CATEGORY_LABELS[c], "value": c} for c in PUBLISHED_CATEGORIES],
            )]),
            html.Label(["Måned", dcc.Slider(
                id="home-period", min=0, max=len(months) - 1, step=1, value=len(months) - 1,
                marks=marks,
            )]),
        ]),
        dcc.Store(id="home-months", data=[m.isoformat() for m in months]),
        dcc.Graph(id="home-map", config={"displayModeBar": False, "scrollZoom": False,
                                         "topojsonURL": "/assets/topojson/"}),
    ])


@callback(
    Output("home-map", "figure"),
    Input("home-category", "value"),
    Input("home-period", "value"),
    Input("home-months", "data"),
)
def update_map(category: str, index: int, months: list[str]):
    rel = store.current_release()
    if rel is None:
        return dash.no_update
    period = date.fromisoformat(months[index])
    values = store.map_values(rel, "kommune", period, category)
    names = store.area_table(rel, "kommune")
    return figures.choropleth(boundaries("kommune"), values, names)
