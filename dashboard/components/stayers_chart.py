"""The stayers' change over time: one point per month where it is published, with its 95 %
interval, against a zero line. Months that are not published are left out, not drawn as no
change, and no line joins the points across them (a line would suggest the months between)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n, style
from dashboard.i18n import t


def published(change: pd.DataFrame) -> pd.DataFrame:
    """The months whose change was released (the disclosure stage left a number)."""
    if change.empty:
        return change
    shown = change[~change["suppressed"].astype(bool) & change["mean_change"].notna()]
    return shown.sort_values("period")


def stayers_figure(change: pd.DataFrame, name: str, lang: str) -> go.Figure | None:
    """The chart, or None when no month is published (then the panel says why in words)."""
    shown = published(change)
    if shown.empty:
        return None
    mean = shown["mean_change"].astype(float)
    fig = go.Figure(go.Scatter(
        x=list(shown["period"]), y=list(mean), mode="markers", name=name,
        marker={"color": style.AREA, "size": 8},
        error_y={"type": "data", "symmetric": False, "color": style.AREA,
                 "array": list(shown["ci_high"].astype(float) - mean),
                 "arrayminus": list(mean - shown["ci_low"].astype(float))},
        hovertemplate="%{y:+.2f} t<extra></extra>"))
    fig.add_hline(y=0, line={"color": style.NATIONAL, "width": 1, "dash": "dot"})
    fig.update_layout(template=style.TEMPLATE, height=240, showlegend=False,
                      separators=i18n.plotly_separators(lang),
                      yaxis={"title": {"text": t("part.stay_unit", lang)}})
    return fig
