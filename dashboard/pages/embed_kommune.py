"""Embeddable area chart (/embed/kommune/<code>?kategori=...): headline and trend, titled
with what, where and when, with source, licence, release and a link back."""

from __future__ import annotations

import dash
from dash import html

from dashboard import areas, store
from dashboard.components import embed
from dashboard.components.area import trend_alt, trend_figure
from dashboard.components.controls import graph
from dashboard.components.headline import headline
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame, notice
from dashboard.state import View
from dashboard.views import load

dash.register_page(__name__, path_template=areas.area_path("<code>", embed=True),
                   title="Folkets Fotavtrykk – " + areas.base().label("nb").lower())


@page(lambda view: areas.area_path(view.area, embed=True), embed=True)
def layout(rel: store.Release, view: View) -> html.Div:
    lang, path = view.lang, areas.area_path(view.area, embed=True)
    data = load(rel, view.area) if view.area else None
    if data is None:
        return frame(lang, path, rel, notice(lang, "k.notfound.title", t(
            "k.notfound.body", lang, code=view.segment[:20])), embed=True)
    target = embed.target_of("area", view)
    content = html.Div(className="page embed-kommune", children=[
        html.H1(embed.title(rel, target, view), className="embed-title"),
        headline(data, rel, lang),
        graph("embed-trend", trend_figure(data, lang, view.category),
              trend_alt(data, rel, lang)),
        html.P(t("k.path.note", lang), className="note"),
    ])
    return frame(lang, path, rel, content, embed.query_of(target, view), embed=True)
