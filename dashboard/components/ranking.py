"""The map as a table: areas ranked with their rank ranges; areas too uncertain to rank come
after them, suppressed areas last, never as zero."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, i18n, stats
from dashboard.components import map_words
from dashboard.components.map import area_href, city_name
from dashboard.i18n import num, t
from dashboard.layout import kommune_href
from dashboard.state import View

#: Rows the table shows until "show all" is pressed (all 357 cost seconds on a slow phone).
TABLE_ROWS = 25


def _sorted(data: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "name":
        return data.sort_values("name", key=lambda s: s.map(i18n.sort_key))
    # Areas too uncertain to rank never top or tail the list: they follow the ranked ones.
    data = data.assign(_name=data["name"].map(i18n.sort_key))
    return data.sort_values(["unranked", "mean", "_name"],
                            ascending=[True, sort != "high", True],
                            na_position="last").drop(columns="_name")


def _ranks(data: pd.DataFrame, sort: str) -> pd.Series:
    """'3' or '3–12' (the ranks an area could hold given the intervals), empty if unranked;
    counted from the top of the order shown, so the first row of "highest first" is 1."""
    ranges = stats.rank_ranges(data)
    if sort == "high":
        n = int(ranges["best"].notna().sum())
        ranges = pd.DataFrame({"best": n + 1 - ranges["worst"], "worst": n + 1 - ranges["best"]})
    text = ranges["best"].astype(str).where(ranges["best"] == ranges["worst"],
                                            ranges["best"].astype(str) + "–"
                                            + ranges["worst"].astype(str))
    return text.where(ranges["best"].notna(), "")


def table_label(view: View) -> str:
    """'Bydeler i Oslo etter fotavtrykk, transport, januar 2025': what the table holds."""
    return t("table.caption", view.lang, level=map_words.where(view, city_name(view), True),
             category=i18n.category(view.category, view.lang).lower(),
             month=i18n.month(view.period, view.lang))


def ranking_table(data: pd.DataFrame, view: View, limit: int | None = None) -> html.Table:
    """The map as a table: every area (or the first `limit`), its value, interval and count
    band; suppressed areas last."""
    lang, context = view.lang, view.context()
    rows = []
    ordered = _sorted(data.assign(rank=_ranks(data, view.sort), unranked=~stats.rankable(data)),
                      view.sort)
    for row in ordered.head(limit).itertuples() if limit else ordered.itertuples():
        name = html.A(row.name, href=(kommune_href(row.code, row.name, lang, **context)
                                      if view.level == areas.base().name
                                      else area_href(view.level, row.code, lang, **context)))
        if pd.isna(row.mean):
            cells = [html.Td("–"), html.Td(name),
                     html.Td(t("table.suppressed", lang), colSpan=3, className="muted")]
        else:
            value = num(row.mean, lang)
            if row.unranked:
                value = [value, html.Span(f" ({t('table.uncertain', lang)})", className="muted")]
            rank = row.rank or html.Span("–", title=t("table.unranked", lang))
            cells = [html.Td(rank, className="rank"), html.Td(name),
                     html.Td(value, className="num"),
                     html.Td(i18n.interval(row.ci_low, row.ci_high, lang),
                             className="num ci"),
                     html.Td(i18n.band(row.count_band), className="num band")]
        rows.append(html.Tr(cells))
    sort_attr = {"low": "ascending", "high": "descending"}.get(view.sort, "none")
    name_sort = "ascending" if view.sort == "name" else "none"
    return html.Table(className="ranking", children=[
        html.Caption(table_label(view)),
        html.Thead(html.Tr([
            html.Th(t("table.rank", lang), scope="col"),
            html.Th(t("table.name", lang), scope="col", **{"aria-sort": name_sort}),
            html.Th(t("table.value", lang), scope="col", **{"aria-sort": sort_attr}),
            html.Th(t("table.interval", lang), scope="col"),
            html.Th(t("table.respondents", lang), scope="col"),
        ])),
        html.Tbody(rows),
    ])
