"""Headline numbers: the front page's national cards and an area's headline card (value,
interval, reliability, rank and the 12-month change in trend language)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, i18n, stats, store
from dashboard.i18n import num, t
from dashboard.state import View
from dashboard.views import KommuneData


def row_at(frame: pd.DataFrame, period, category: str = "total") -> dict | None:
    """The series' row for one month and category, if published."""
    rows = frame[(frame["period"] == period) & (frame["category"] == category)]
    return rows.iloc[0].to_dict() if not rows.empty else None


def cards(now: dict | None, then: dict | None, view: View) -> list:
    """Headline cards: national average with interval, 12-month change, respondents."""
    lang = view.lang
    month = i18n.month(view.period, lang)
    if now is None or pd.isna(now.get("mean")):
        value = [html.P(t("map.suppressed", lang), className="card-value")]
    else:
        value = [html.P([num(now["mean"], lang), html.Span(" " + t("unit_short", lang),
                                                          className="card-unit")],
                        className="card-value"),
                 html.P(t("card.interval", lang, **dict(zip(("low", "high"), i18n.interval_ends(
                     now["ci_low"], now["ci_high"], lang), strict=True))),
                        className="card-note")]
    change = stats.change(now, then)
    if change.direction == "unknown":
        change_body = [html.P(t("card.no_change_data", lang), className="card-note")]
    else:
        change_body = [
            html.P([f"{i18n.signed(change.delta, lang)} ", html.Span(t("t", lang),
                                                                    className="card-unit")],
                   className="card-value"),
            html.P(change_note(change, lang), className=f"card-note trend-{change.direction}"),
        ]
    respondents = now.get("respondents") if now else None
    return [
        html.Section(className="card", children=[
            html.H2(t("card.national", lang, month=month)), *value,
            html.P(i18n.category(view.category, lang), className="card-note")]),
        html.Section(className="card", children=[html.H2(t("card.change", lang)), *change_body]),
        html.Section(className="card", children=[
            html.H2(t("card.respondents", lang)),
            html.P(num(respondents, lang, 0), className="card-value"),
            html.P(t("card.respondents_note", lang), className="card-note")]),
    ]


def change_note(change: stats.Change, lang: str) -> str:
    """'falling (95 % interval −0,6 to −0,2 t)'; the interval left out when it rounds to a
    single number, rather than showing more precision than the data hold."""
    low, high = i18n.signed(change.low, lang), i18n.signed(change.high, lang)
    word = t("trend." + change.direction, lang)
    return word if low == high else t("card.change_interval", lang, trend=word, low=low,
                                      high=high)


def headline(data: KommuneData, rel: store.Release, lang: str, period=None,
             category: str = "total") -> html.Section:
    """Value, interval, reliability, rank among the areas of its level and 12-month change
    for one month (the release's last by default) and category."""
    period = period or rel.last_period
    now = row_at(data.series, period, category)
    then = row_at(data.series, stats.months_back(period, 12), category)
    title = t("k.headline", lang, month=i18n.month(period, lang))
    if category != "total":
        title += f" – {i18n.category(category, lang).lower()}"
    parts = [html.H2(title)]
    if now is None or pd.isna(now.get("mean")):
        parts.append(html.P(t("k.suppressed", lang), className="card-note muted"))
        return html.Section(parts, className="card headline")
    best, worst, n = stats.rank_range(data.latest_all, data.code)
    reliable = pd.isna(now.get("reliable")) or bool(now.get("reliable"))
    change = stats.change(now, then)
    low, high = i18n.interval_ends(now["ci_low"], now["ci_high"], lang)
    if stats.too_wide(now["ci_low"], now["ci_high"]):
        # Too uncertain for one number: the interval is the headline.
        parts.append(html.P(t("k.too_wide", lang, low=low, high=high), className="card-value"))
    else:
        parts += [
            html.P([num(now["mean"], lang),
                    html.Span(" " + t("unit", lang), className="card-unit")],
                   className="card-value"),
            html.P(t("card.interval", lang, low=low, high=high), className="card-note")]
    parts += [
        html.P(f"{now.get('count_band') or '–'} {t('map.svar', lang)}", className="card-note"),
        html.P(t("k.reliable" if reliable else "k.unreliable", lang),
               className="card-note" + ("" if reliable else " warn")),
    ]
    if isinstance(now.get("vs_country"), str) and not data.is_country:
        parts.append(html.P(t(f"vs.{now['vs_country']}", lang), className="card-note"))
    if best is not None and n > 1:  # the country alone is ranked against nobody
        key = "k.rank" if best == worst else "k.rank_range"
        these = areas.pack().level(data.level).label(lang, True).lower()
        parts.append(html.P(t(key, lang, rank=best, low=best, high=worst, n=n, levels=these),
                            className="card-note"))
    if change.direction != "unknown":
        parts.append(html.P(
            f"{t('card.change', lang)}: {i18n.signed(change.delta, lang)} t – "
            f"{t('trend.' + change.direction, lang)}",
            className=f"card-note trend-{change.direction}"))
    return html.Section(parts, className="card headline")
