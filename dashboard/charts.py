"""Line and bar charts as pure functions from data frames to plotly figures: an area's trend
and categories, areas side by side; no store, no callbacks."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from core.contract import CATEGORIES
from dashboard import i18n, stats, style
from dashboard.i18n import t


def _layout(fig: go.Figure, lang: str, height: int, **extra) -> go.Figure:
    fig.update_layout(template=style.TEMPLATE, height=height, legend_traceorder="normal",
                      separators=i18n.plotly_separators(lang), **extra)
    return fig


def _band(x: list, low: list, high: list, color: str, name: str) -> go.Scatter:
    return go.Scatter(x=x + x[::-1], y=high + low[::-1], fill="toself", fillcolor=color,
                      line={"width": 0}, hoverinfo="skip", name=name, showlegend=True)


def _total(frame: pd.DataFrame, category: str = "total") -> pd.DataFrame:
    return frame[frame["category"] == category].sort_values("period")


def trend(area: pd.DataFrame, name: str, lang: str, national: pd.DataFrame | None = None,
          county: pd.DataFrame | None = None, county_name: str = "",
          category: str = "total", show_path: bool = True) -> go.Figure:
    """Monthly line with its 95 % band, Norway and the county for context, and the 1.5° path.

    Suppressed months leave a gap; the path is compared with the household footprint
    (total without public consumption), which is what it covers.
    """
    own = _total(area, category)
    months = list(own["period"])
    fig = go.Figure()
    shown = own[own["mean"].notna()]
    if not shown.empty:
        fig.add_trace(_band(list(shown["period"]), list(shown["ci_low"]),
                            list(shown["ci_high"]), style.AREA_BAND, t("series.interval", lang)))
    hover = "%{y:.1f} t<extra>%{fullData.name}</extra>"
    fig.add_trace(go.Scatter(x=months, y=list(own["mean"]), mode="lines", name=name,
                             line={"color": style.AREA, "width": 3}, hovertemplate=hover,
                             connectgaps=False))
    for frame, label, color in ((national, t("series.national", lang), style.NATIONAL),
                                (county, county_name, style.COUNTY)):
        if frame is not None and not frame.empty:
            line = _total(frame, category)
            fig.add_trace(go.Scatter(x=list(line["period"]), y=list(line["mean"]), mode="lines",
                                     name=label, hovertemplate=hover,
                                     line={"color": color, "width": 1.5}))
    if show_path and category == "total":
        home = stats.household(area)
        if not home.empty:
            fig.add_trace(go.Scatter(
                x=list(home["period"]), y=list(home["mean"]), mode="lines",
                name=t("series.household", lang, name=name), hovertemplate=hover,
                line={"color": style.HOUSEHOLD, "width": 2, "dash": "dot"}))
            last = home.iloc[-1]
            points = stats.path_points(last["period"], last["mean"])
            fig.add_trace(go.Scatter(
                x=[p[0] for p in points], y=[p[1] for p in points], mode="lines+markers",
                name=t("series.path", lang), hovertemplate=hover,
                line={"color": style.PATH, "width": 2, "dash": "dash"}, marker={"size": 7}))
    drawn_path = any(trace.name == t("series.path", lang) for trace in fig.data)
    end = date(2031, 1, 1) if drawn_path else None
    xrange = [months[0], end] if months and end else None
    return _layout(fig, lang, 400, xaxis={"range": xrange, "tickformat": "%Y",
                                          "hoverformat": "%Y-%m"},
                   yaxis={"title": {"text": t("unit_short", lang)}},
                   hovermode="x unified", legend={"orientation": "h", "y": -0.12, "yanchor": "top"})


def breakdown(area_latest: pd.DataFrame, national_latest: pd.DataFrame, name: str,
              lang: str) -> go.Figure:
    """Horizontal bars per category: the area against Norway, with 95 % intervals."""
    cats = list(CATEGORIES)
    labels = [i18n.category(c, lang) for c in cats]
    fig = go.Figure()
    for frame, label, color in ((area_latest, name, style.AREA),
                                (national_latest, t("series.national", lang), style.NATIONAL)):
        rows = frame.set_index("category").reindex(cats)
        fig.add_trace(go.Bar(
            y=labels, x=list(rows["mean"]), orientation="h", name=label, marker_color=color,
            error_x={"type": "data", "symmetric": False,
                     "array": list(rows["ci_high"] - rows["mean"]),
                     "arrayminus": list(rows["mean"] - rows["ci_low"]), "color": "#333"},
            hovertemplate="%{y}: %{x:.1f} t<extra>%{fullData.name}</extra>"))
    return _layout(fig, lang, 340, barmode="group",
                   yaxis={"autorange": "reversed", "rangemode": "normal", "automargin": True},
                   xaxis={"title": {"text": t("unit_short", lang)}},
                   margin={"l": 140, "r": 10, "t": 10, "b": 40})


def ranking_bars(frame: pd.DataFrame, focus: str, lang: str,
                 national: float | None = None) -> go.Figure:
    """Areas side by side (name, mean, ci), the focus area highlighted; suppressed as a note."""
    frame = frame.sort_values("mean", na_position="last")
    colors = [style.AREA if c == focus else "#9fb8cc" for c in frame["code"]]
    labels = [n if pd.notna(m) else f"{n} ({t('table.suppressed', lang)})"
              for n, m in zip(frame["name"], frame["mean"], strict=True)]
    fig = go.Figure(go.Bar(
        y=labels, x=list(frame["mean"]), orientation="h", marker_color=colors,
        error_x={"type": "data", "symmetric": False,
                 "array": list(frame["ci_high"] - frame["mean"]),
                 "arrayminus": list(frame["mean"] - frame["ci_low"]), "color": "#333"},
        hovertemplate="%{y}: %{x:.1f} t<extra></extra>", showlegend=False))
    if national is not None and pd.notna(national):
        fig.add_vline(x=national, line_dash="dash", line_color=style.NATIONAL,
                      annotation_text=t("series.national", lang),
                      annotation_position="top right")
    return _layout(fig, lang, 60 + 28 * len(frame), yaxis={"autorange": "reversed",
                                                            "rangemode": "normal",
                                                            "automargin": True},
                   xaxis={"title": {"text": t("unit_short", lang)}},
                   margin={"l": 160, "r": 10, "t": 20, "b": 40})
