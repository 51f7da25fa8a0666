"""Embeddable municipality chart (/embed/kommune/<code>): headline and trend, with source."""

from __future__ import annotations

import sys

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import store
from dashboard.i18n import t
from dashboard.layout import frame, graph, notice
from dashboard.state import lang as parse_lang
from dashboard.state import parse_code
from dashboard.views import load

dash.register_page(__name__, path_template="/embed/kommune/<code>",
                   title="Folkets Fotavtrykk – kommune")


def layout(code: str = "", **query) -> html.Div:
    page = sys.modules["pages.kommune"]  # the municipality page's builders
    lang = parse_lang(query)
    path = f"/embed/kommune/{parse_code(code)}"
    try:
        rel = store.current_release()
        data = load(rel, parse_code(code)) if rel and parse_code(code) else None
    except SQLAlchemyError:
        rel, data = None, None
    if data is None:
        key, body = ("empty.title", t("empty.body", lang)) if rel is None else \
            ("k.notfound.title", t("k.notfound.body", lang, code=(code or "")[:20]))
        return frame(lang, path, rel, notice(lang, key, body), embed=True)
    content = html.Div(className="page embed-kommune", children=[
        html.H1(data.name, className="embed-title"),
        page.headline(data, rel, lang),
        graph("embed-trend", page.trend_figure(data, lang), page.trend_alt(data, rel, lang)),
        html.P(t("k.path.note", lang), className="note"),
    ])
    return frame(lang, path, rel, content, embed=True)
