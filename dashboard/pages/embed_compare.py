"""Embeddable comparison (/embed/sammenlign?k=...&kategori=...): the compare page's lines for
the chosen areas (intervals, the country's line, hidden areas named), titled with what, where
and when, with source, licence and release."""

from __future__ import annotations

import dash
from dash import html

from dashboard import store
from dashboard.components import embed
from dashboard.components.compare_lines import compare_lines
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame
from dashboard.state import View

PATH = f"{embed.EMBED}/{embed.COMPARE}"

dash.register_page(__name__, path=PATH, title="Folkets Fotavtrykk – sammenlign")


@page(PATH, embed=True, compare=True)
def layout(rel: store.Release, view: View) -> html.Div:
    lang = view.lang
    target = embed.target_of(embed.COMPARE, view)
    what = embed.title(rel, target, view)
    if not view.compare:
        body = [html.P(t("compare.empty", lang), className="muted")]
    else:
        lines = compare_lines(rel, view.compare, view.category, lang, "embed-compare")
        body = [lines.note, lines.chart]
    content = html.Div(className="page embed-compare", children=[
        html.H1(what, className="embed-title"), *body])
    return frame(lang, PATH, rel, content, embed.query_of(target, view), embed=True)
