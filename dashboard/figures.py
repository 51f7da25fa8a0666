"""Pure functions from data frames to plotly figures; no store, no callbacks."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.style import COLOR_SCALE, SUPPRESSED_COLOR, TEMPLATE

UNIT = "t CO₂e per innbygger per år"


def choropleth(geojson: dict, values: pd.DataFrame, names: pd.DataFrame) -> go.Figure:
    """Areas coloured by mean footprint; suppressed areas drawn grey, never as zero."""
    frame = names[["code", "name"]].merge(
        values.rename(columns={"area_code": "code"}), on="code", how="left"
    )
    shown = frame[frame["mean"].notna()]
    hidden = frame[frame["mean"].isna()]
    fig = go.Figure()
    fig.add_trace(go.Choropleth(
        geojson=geojson, locations=shown["code"], featureidkey="id", z=shown["mean"],
        colorscale=COLOR_SCALE, marker_line_width=0.3, marker_line_color="white",
        customdata=shown[["name", "ci_low", "ci_high", "count_band"]].to_numpy(),
        hovertemplate="<b>%{customdata[0]}</b><br>%{z:.1f} t (95 %: %{customdata[1]:.1f}–"
                      "%{customdata[2]:.1f})<br>%{customdata[3]} svar<extra></extra>",
        colorbar={"title": {"text": "t CO₂e"}, "thickness": 12},
        name="publisert",
    ))
    if len(hidden):
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=hidden["code"], featureidkey="id",
            z=[0] * len(hidden), colorscale=[[0, SUPPRESSED_COLOR], [1, SUPPRESSED_COLOR]],
            showscale=False, marker_line_width=0.3, marker_line_color="white",
            customdata=hidden[["name"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>For få svar til å publisere"
                          "<extra></extra>",
            name="skjult",
        ))
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(template=TEMPLATE, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      height=560, dragmode=False)
    return fig


def trend(series: pd.DataFrame, title: str) -> go.Figure:
    """A monthly line with its 95 % interval as a band; suppressed months leave a gap."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=list(series["period"]) + list(series["period"])[::-1],
        y=list(series["ci_high"]) + list(series["ci_low"])[::-1],
        fill="toself", line={"width": 0}, fillcolor="rgba(33,102,172,0.18)",
        hoverinfo="skip", name="95 %-intervall",
    ))
    fig.add_trace(go.Scatter(
        x=series["period"], y=series["mean"], mode="lines", line={"color": "#2166ac", "width": 2},
        name="gjennomsnitt", hovertemplate="%{x|%b %Y}: %{y:.1f} t<extra></extra>",
    ))
    fig.update_layout(template=TEMPLATE, title=title, yaxis_title=UNIT,
                      margin={"l": 50, "r": 10, "t": 40, "b": 30}, height=380,
                      yaxis_rangemode="tozero", legend={"orientation": "h"})
    return fig
