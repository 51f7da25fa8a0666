"""Embeddable map (/embed/kart?...): the front page's map and legend, titled with what, where
and when, with source, licence, release and a link back."""

from __future__ import annotations

import dash
from dash import html

from dashboard import areas, figures, i18n, store
from dashboard.components import embed
from dashboard.components.controls import graph, legend
from dashboard.components.map import boundaries_for, layer_data, map_alt, map_figure, map_legend
from dashboard.components.participation_map import PARTICIPATION
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame
from dashboard.state import View

dash.register_page(__name__, path="/embed/kart", title="Folkets Fotavtrykk – kart")


@page("/embed/kart", embed=True)
def layout(rel: store.Release, view: View) -> html.Div:
    data, brks = layer_data(rel, view)
    target = embed.target_of(embed.MAP, view)
    participation = view.layer == PARTICIPATION
    content = html.Div(className="page embed-map", children=[
        html.H1(embed.title(rel, target, view), className="embed-title"),
        # the front page's text alternative points at a table beside the map: an embed has none
        graph("embed-map", map_figure(boundaries_for(view), data, brks, view),
              map_alt(view) if participation else
              t("embed.map_alt", view.lang, level_lower=areas.label(view.level, view.lang,
                                                                    True).lower(),
                category=i18n.category(view.category, view.lang).lower(),
                month=i18n.month(view.period, view.lang))),
        # the layer's own legend: participation's blues with their unit, or the footprint's
        map_legend(rel, view, brks) if participation
        else legend(figures.legend_items(brks, view.lang), view.lang),
    ])
    return frame(view.lang, "/embed/kart", rel, content, embed.query_of(target, view),
                 embed=True)
