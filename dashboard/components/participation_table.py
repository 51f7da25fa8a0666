"""The participation layer as a table and in words: what the front page lists beside the map
and says above it when the map shows how many take part instead of the footprint.

Apart from dashboard/components/ranking.py: participation has no interval to rank by, and
its numbers are counts and a rate, not tonnes; the table keeps the same accessible shape
(caption, column headers with scope, sort order announced)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, i18n
from dashboard.components import map_words
from dashboard.components import participation_map as layer
from dashboard.components.map import area_href, city_name
from dashboard.components.ranking import ranking_table
from dashboard.components.ranking import table_label as footprint_label
from dashboard.i18n import num, t
from dashboard.layout import kommune_href
from dashboard.state import View


def lead(view: View) -> str:
    """The sentence under the front page's title: what the colours of the layer shown mean."""
    return t("part.lead" if view.layer == layer.PARTICIPATION else "home.lead", view.lang)


def table_label(view: View) -> str:
    """'Kommuner etter deltakelse, januar 2025' or the footprint's caption."""
    if view.layer != layer.PARTICIPATION:
        return footprint_label(view)
    return t("part.table_caption", view.lang,
             level=map_words.where(view, city_name(view), True),
             month=i18n.month(view.period, view.lang))


def _sorted(data: pd.DataFrame, sort: str) -> pd.DataFrame:
    """By rate (or name); areas with no published rate last, never as zero."""
    data = data.assign(_name=data["name"].map(i18n.sort_key))
    if sort == "name":
        return data.sort_values("_name")
    return data.sort_values(["per_1000", "_name"], ascending=[sort != "high", True],
                            na_position="last")


def participation_table(data: pd.DataFrame, view: View, limit: int | None = None) -> html.Table:
    """Every area (or the first `limit`) with respondents per 1,000 adults, the count band it
    rests on and the adults counted; suppressed areas last."""
    lang = view.lang
    ordered = _sorted(data, view.sort)
    rows = []
    for rank, row in enumerate(ordered.head(limit).itertuples() if limit
                               else ordered.itertuples(), start=1):
        name = html.A(row.name, href=(kommune_href(row.code, row.name, lang)
                                      if view.level == areas.base().name
                                      else area_href(view.level, row.code, lang)))
        if pd.isna(row.per_1000):
            cells = [html.Td("–"), html.Td(name),
                     html.Td(t("table.suppressed", lang), colSpan=3, className="muted")]
        else:
            cells = [html.Td(str(rank) if view.sort != "name" else "–", className="rank"),
                     html.Td(name), html.Td(num(row.per_1000, lang), className="num"),
                     html.Td(i18n.band(row.count_band), className="num band"),
                     html.Td(num(row.adults, lang, 0), className="num")]
        rows.append(html.Tr(cells))
    sort_attr = {"low": "ascending", "high": "descending"}.get(view.sort, "none")
    return html.Table(className="ranking participation", children=[
        html.Caption(table_label(view)),
        html.Thead(html.Tr([
            html.Th(t("table.rank", lang), scope="col"),
            html.Th(t("table.name", lang), scope="col",
                    **{"aria-sort": "ascending" if view.sort == "name" else "none"}),
            html.Th(t("part.unit_title", lang), scope="col", **{"aria-sort": sort_attr}),
            html.Th(t("table.respondents", lang), scope="col"),
            html.Th(t("part.adults_title", lang), scope="col"),
        ])),
        html.Tbody(rows),
    ])


def table_for(data: pd.DataFrame, view: View, limit: int | None = None) -> html.Table:
    """The table of the layer shown (`data` from components.map.layer_data)."""
    if view.layer == layer.PARTICIPATION:
        return participation_table(data, view, limit)
    return ranking_table(data, view, limit)
