"""The compare page's figure and table as pure functions of data frames: each area's line
with its 95 % band and the country's line for reference, and the latest values with their
intervals in a table. Areas whose numbers are all hidden are left out of the figures (an empty
trace draws repeated ticks on a clipped axis) and named by the page instead."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import html

from core.contract import CATEGORIES
from dashboard import i18n, style
from dashboard.i18n import num, t
from dashboard.layout import kommune_href

ROW_COLUMNS = ("code", "name", "mean", "ci_low", "ci_high", "count_band", "country")


def _one(frame: pd.DataFrame, code: str, category: str) -> pd.DataFrame:
    rows = frame[(frame["area_code"] == code) & (frame["category"] == category)]
    return rows.sort_values("period")


def shown(frame: pd.DataFrame, codes: list[str], category: str) -> list[str]:
    """The codes, in order, with at least one published month in the category."""
    return [c for c in codes if _one(frame, c, category)["mean"].notna().any()]


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _band(line: pd.DataFrame, colour: str, group: str, name: str) -> go.Scatter:
    line = line[line["mean"].notna()]
    x = list(line["period"])
    return go.Scatter(x=x + x[::-1], y=list(line["ci_high"]) + list(line["ci_low"])[::-1],
                      fill="toself", fillcolor=_rgba(colour, 0.14), line={"width": 0},
                      hoverinfo="skip", legendgroup=group, showlegend=False, name=name)


def lines(frame: pd.DataFrame, names: dict[str, str], category: str, lang: str,
          national: pd.DataFrame | None = None) -> go.Figure:
    """One line per area with published numbers, each over its 95 % band, and the country as
    a dashed line; hidden months leave gaps rather than joining across them."""
    fig = go.Figure()
    hover = "%{y:.1f} t (%{customdata[0]:.1f}–%{customdata[1]:.1f})<extra>%{fullData.name}" \
            "</extra>"
    for i, code in enumerate(shown(frame, list(names), category)):
        line, colour = _one(frame, code, category), style.SERIES[i % len(style.SERIES)]
        fig.add_trace(_band(line, colour, code, t("series.interval", lang)))
        fig.add_trace(go.Scatter(
            x=list(line["period"]), y=list(line["mean"]), mode="lines", name=names[code],
            legendgroup=code, line={"color": colour, "width": 2}, connectgaps=False,
            customdata=line[["ci_low", "ci_high"]].to_numpy(), hovertemplate=hover))
    if national is not None and not national.empty:
        line = national[national["category"] == category].sort_values("period")
        fig.add_trace(go.Scatter(
            x=list(line["period"]), y=list(line["mean"]), mode="lines",
            name=t("series.national", lang), line={"color": style.NATIONAL, "width": 2,
                                                   "dash": "dash"},
            customdata=line[["ci_low", "ci_high"]].to_numpy(), hovertemplate=hover))
    fig.update_layout(template=style.TEMPLATE, height=380, hovermode="x unified",
                      separators=i18n.plotly_separators(lang),
                      legend={"orientation": "h", "y": -0.15},
                      xaxis={"hoverformat": "%Y-%m", "tickformat": "%Y"},
                      yaxis={"title": {"text": t("unit_short", lang)}, "rangemode": "tozero"})
    return fig


def bars(latest: pd.DataFrame, names: dict[str, str], lang: str) -> go.Figure:
    """Stacked category bars per area for one month; the legend sits above the bars, clear
    of the axis title it used to cover."""
    fig = go.Figure()
    order = list(names)
    for i, cat in enumerate(CATEGORIES):
        rows_ = latest[latest["category"] == cat].set_index("area_code").reindex(order)
        fig.add_trace(go.Bar(
            y=[names[c] for c in order], x=list(rows_["mean"]), orientation="h",
            name=i18n.category(cat, lang), marker_color=style.category_colour(i),
            hovertemplate="%{y}: %{x:.1f} t<extra>%{fullData.name}</extra>"))
    fig.update_layout(template=style.TEMPLATE, height=150 + 40 * len(order), barmode="stack",
                      separators=i18n.plotly_separators(lang), legend_traceorder="normal",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                      yaxis={"autorange": "reversed", "automargin": True},
                      xaxis={"title": {"text": t("unit_short", lang)}},
                      margin={"l": 10, "r": 10, "t": 70, "b": 40})
    return fig


def rows(latest: pd.DataFrame, names: dict[str, str], category: str,
         national_latest: pd.DataFrame | None = None, country: str = "") -> pd.DataFrame:
    """The table beside the chart: each area's latest value, interval and respondents (NaN
    where hidden), in the order chosen, then the country marked `country=True`."""
    out = []
    for code, name in names.items():
        row = latest[(latest["area_code"] == code) & (latest["category"] == category)]
        value = row.iloc[0] if not row.empty else None
        hidden = value is None or pd.isna(value["mean"])
        out.append({"code": code, "name": name, "country": False,
                    **{k: None if hidden else value[k]
                       for k in ("mean", "ci_low", "ci_high", "count_band")}})
    if national_latest is not None:
        row = national_latest[national_latest["category"] == category]
        if not row.empty and pd.notna(row.iloc[0]["mean"]):
            value = row.iloc[0]
            out.append({"code": value["area_code"], "name": country, "country": True,
                        **{k: value[k] for k in ("mean", "ci_low", "ci_high", "count_band")}})
    return pd.DataFrame(out, columns=list(ROW_COLUMNS))


def alt_lines(names: list[str], category: str, lang: str) -> str:
    """The line chart's text alternative, naming what it draws."""
    return t("chart.alt_compare_lines", lang, names=", ".join(names),
             category=i18n.category(category, lang).lower())


def alt_bars(names: list[str], month: str, lang: str) -> str:
    """The stacked bar chart's text alternative."""
    return t("chart.alt_compare_bars", lang, names=", ".join(names), month=month)


def _row(row, lang: str) -> html.Tr:
    hidden = pd.isna(row.mean)
    name = row.name if row.country else html.A(row.name, href=kommune_href(row.code, row.name,
                                                                          lang))
    return html.Tr(className="country" if row.country else None, children=[
        html.Th(name, scope="row"),
        html.Td(t("table.suppressed", lang) if hidden else num(row.mean, lang), className="num"),
        html.Td("–" if hidden else f"{num(row.ci_low, lang)}–{num(row.ci_high, lang)}",
                className="num"),
        html.Td("–" if hidden else (row.count_band or "–"), className="num"),
    ])


def values_table(rows: pd.DataFrame, caption: str, lang: str) -> html.Table:
    """The compared values with their intervals, the country last."""
    return html.Table(className="ranking", children=[
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(t("table.name", lang), scope="col"),
                            html.Th(t("table.value", lang), scope="col"),
                            html.Th(t("table.interval", lang), scope="col"),
                            html.Th(t("table.respondents", lang), scope="col")])),
        html.Tbody([_row(r, lang) for r in rows.itertuples(index=False)])])
