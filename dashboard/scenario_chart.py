"""The scenario chart as a pure function: the scenario's household total by year against the
1.5° path and today's pace, from a `scenarios.Scenario`; no store, no callbacks."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import i18n, style
from dashboard.i18n import t
from dashboard.scenarios import Scenario


def path_figure(result: Scenario, lang: str) -> go.Figure:
    """Three lines by year (1 January; today's month as the first point): scenario, path,
    today's pace (where it can be measured)."""
    fig = go.Figure()
    if not result.available:
        return fig.update_layout(template=style.TEMPLATE, height=320)
    x = list(result.dates)
    hover = "%{y:.1f} t<extra>%{fullData.name}</extra>"
    trend = [v for v in result.trend]
    if all(v is not None for v in trend[1:]) and len(trend) > 1:
        fig.add_trace(go.Scatter(x=x, y=trend, mode="lines", name=t("series.pace", lang),
                                 hovertemplate=hover,
                                 line={"color": style.NATIONAL, "width": 2, "dash": "dot"}))
    fig.add_trace(go.Scatter(x=x, y=list(result.target), mode="lines+markers",
                             name=t("series.path", lang), hovertemplate=hover,
                             line={"color": style.PATH, "width": 2, "dash": "dash"}))
    fig.add_trace(go.Scatter(x=x, y=list(result.scenario), mode="lines+markers",
                             name=t("series.scenario", lang), hovertemplate=hover,
                             line={"color": style.AREA, "width": 3}))
    return fig.update_layout(
        template=style.TEMPLATE, height=360, separators=i18n.plotly_separators(lang),
        hovermode="x unified", legend={"orientation": "h", "y": -0.15},
        xaxis={"tickformat": "%Y", "hoverformat": "%Y-%m", "dtick": "M12"},
        yaxis={"title": {"text": t("unit_short", lang)}, "rangemode": "tozero"})
