"""Embeddable map (/embed/kart?...): the front page's map and legend with source and release."""

from __future__ import annotations

import sys

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import figures, i18n, stats, store
from dashboard.i18n import t
from dashboard.layout import frame, graph, legend, notice
from dashboard.state import parse_map

dash.register_page(__name__, path="/embed/kart", title="Folkets Fotavtrykk – kart")


def layout(**query) -> html.Div:
    home = sys.modules["pages.home"]  # the front page's builders, as Dash loaded them
    view = parse_map(query, [])
    try:
        rel = store.current_release()
        if rel is None:
            return frame(view.lang, "/embed/kart", None,
                         notice(view.lang, "empty.title", t("empty.body", view.lang)), embed=True)
        view = parse_map(query, stats.months_between(rel.first_period, rel.last_period))
        data, brks = home.map_data(rel, view)
    except SQLAlchemyError:
        return frame(view.lang, "/embed/kart", None,
                     notice(view.lang, "error.title", t("error.body", view.lang)), embed=True)
    content = html.Div(className="page embed-map", children=[
        html.H1(f"{i18n.category(view.category, view.lang)}, "
                f"{i18n.month(view.period, view.lang)}", className="embed-title"),
        graph("embed-map", home.map_figure(home.boundaries_for(view), data, brks, view),
              home.map_alt(view)),
        legend(figures.legend_items(brks, view.lang), view.lang),
    ])
    return frame(view.lang, "/embed/kart", rel, content, view.query(), embed=True)
