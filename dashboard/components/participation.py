"""How many of us take part, and whether those who stay lower their footprint: a panel for
every area page, built from the release's participation and stayers' change.

`participation_panel(data, rel, lang)` takes the area page's data (its code, name, series
and the country's) and reads the rest itself; the sentences and the chart are pure
functions of data frames, tested on their own.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard import areas, i18n, mobilisation, stats, store, style
from dashboard.components.controls import lazy_graph, register_lazy_graph, what_link
from dashboard.components.headline import row_at
from dashboard.components.stayers_chart import stayers_figure
from dashboard.i18n import num, signed, t
from dashboard.prose import prose

#: The stayers' published trend, in words.
TREND_WORDS = {"falling": "part.stay_falling", "rising": "part.stay_rising",
               "steady": "part.stay_steady"}


def _at(frame: pd.DataFrame, period: date) -> dict | None:
    rows = frame[frame["period"] == period]
    return rows.iloc[0].to_dict() if not rows.empty else None


def participation_line(series: pd.DataFrame, name: str, period: date, lang: str) -> str:
    """One sentence: how many per 1,000 adults take part now, and a year before."""
    now = _at(series, period)
    if now is None or pd.isna(now.get("per_1000")):
        return t("part.line_none", lang, name=name, month=i18n.month(period, lang))
    text = t("part.line", lang, name=name, month=i18n.month(period, lang),
             rate=num(now["per_1000"], lang), band=now.get("count_band") or "–")
    then = _at(series, stats.months_back(period, 12))
    if then is not None and pd.notna(then.get("per_1000")):
        text += " " + t("part.line_then", lang, rate=num(then["per_1000"], lang))
    return text


def change_lines(change: pd.DataFrame, series: pd.DataFrame, name: str, period: date,
                 lang: str) -> list[str]:
    """The stayers' change, then everyone's change over the same year beside it, so a
    reader sees how much of a fall comes from people changing and how much from who answers."""
    own = _at(change, period)
    if own is None or pd.isna(own.get("mean_change")):
        return [t("part.stay_none", lang, name=name)]
    lines = [t("part.stay_line", lang, name=name, band=own.get("count_band") or "–",
               change=signed(own["mean_change"], lang), low=num(own["ci_low"], lang),
               high=num(own["ci_high"], lang)) + " " + t(TREND_WORDS[own["trend"]], lang)]
    everyone = stats.change(row_at(series, period),
                            row_at(series, stats.months_back(period, 12)))
    if everyone.delta is not None:
        lines.append(t("part.all_line", lang, change=signed(everyone.delta, lang)))
    return lines


def participation_figure(series: pd.DataFrame, national: pd.DataFrame | None, name: str,
                         lang: str) -> go.Figure:
    """Respondents per 1,000 adults month by month, the country's beside it; gaps where
    the count is suppressed, never zeros."""
    fig = go.Figure()
    hover = "%{y:.1f}<extra>%{fullData.name}</extra>"
    lines = [(series, name, style.AREA, 3)]
    if national is not None and not national.empty:
        lines.append((national, t("series.national", lang), style.NATIONAL, 1.5))
    for frame, label, color, width in lines:
        ordered = frame.sort_values("period")
        fig.add_trace(go.Scatter(x=list(ordered["period"]), y=list(ordered["per_1000"]),
                                 mode="lines", name=label, hovertemplate=hover,
                                 line={"color": color, "width": width}, connectgaps=False))
    fig.update_layout(template=style.TEMPLATE, height=300,
                      separators=i18n.plotly_separators(lang),
                      yaxis={"title": {"text": t("part.unit", lang)}})
    return fig


def _country_series(rel: store.Release) -> pd.DataFrame:
    top = areas.pack().top
    countries = store.area_table(rel.run_id, top.name)
    code = countries["code"].iloc[0] if not countries.empty else areas.pack().country_code
    return mobilisation.series(rel.run_id, top.name, code)


def _stayers_chart(change: pd.DataFrame, name: str, lang: str) -> html.Figure | None:
    """The stayers' change month by month, where any month is published."""
    fig = stayers_figure(change, name, lang)
    return None if fig is None else lazy_graph("part-stayers", fig,
                                               t("part.stay_chart_alt", lang, name=name))


def participation_panel(data, rel: store.Release, lang: str) -> html.Section:
    """The panel: a line, the trend against the country, and the stayers' change explained.

    `data` is the area page's data: code, name and the footprint `series` are used, and
    `level` where the page has one (a municipality's page has not: the base level)."""
    level = getattr(data, "level", None) or areas.base().name
    series = mobilisation.series(rel.run_id, level, data.code)
    change = mobilisation.change(rel.run_id, level, data.code)
    period = rel.last_period
    national = None if level == areas.pack().top.name else _country_series(rel)
    return html.Section(className="panel participation", children=[
        html.H2(t("part.title", lang)),
        html.P(participation_line(series, data.name, period, lang), className="lead-line"),
        lazy_graph("part-trend", participation_figure(series, national, data.name, lang),
                   t("part.chart_alt", lang, name=data.name)),
        html.P(t("part.note", lang), className="note"),
        html.H3(t("part.stay_title", lang)),
        *[html.P(line) for line in change_lines(change, data.series, data.name, period, lang)],
        _stayers_chart(change, data.name, lang),
        html.Details([html.Summary(t("part.stay_what", lang)),
                      prose(i18n.long_text("stayers", lang))]),
        what_link(lang, "deltakelse"),
    ])


register_lazy_graph("part-trend")
register_lazy_graph("part-stayers")
