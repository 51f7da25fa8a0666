"""The map as a table: every area of the view ranked, suppressed areas last, never as zero."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import areas, i18n
from dashboard.i18n import num, t
from dashboard.layout import kommune_href
from dashboard.state import View

#: Rows the table shows until "show all" is pressed (all 357 cost seconds on a slow phone).
TABLE_ROWS = 25


def _sorted(data: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "name":
        return data.sort_values("name", key=lambda s: s.str.lower())
    return data.sort_values(["mean", "name"], ascending=[sort != "high", True],
                            na_position="last")


def ranking_table(data: pd.DataFrame, view: View, limit: int | None = None) -> html.Table:
    """The map as a table: every area (or the first `limit`), its value, interval and count
    band; suppressed areas last."""
    lang = view.lang
    ranks = data["mean"].rank(method="min")
    rows = []
    ordered = _sorted(data.assign(rank=ranks), view.sort)
    for row in ordered.head(limit).itertuples() if limit else ordered.itertuples():
        name = (html.A(row.name, href=kommune_href(row.code, row.name, lang))
                if view.level == areas.base().name else row.name)
        if pd.isna(row.mean):
            cells = [html.Td("–"), html.Td(name),
                     html.Td(t("table.suppressed", lang), colSpan=3, className="muted")]
        else:
            value = num(row.mean, lang)
            if not pd.isna(row.reliable) and not row.reliable:
                value = [value, html.Span(f" ({t('table.uncertain', lang)})", className="muted")]
            cells = [html.Td(int(row.rank)), html.Td(name), html.Td(value, className="num"),
                     html.Td(f"{num(row.ci_low, lang)}–{num(row.ci_high, lang)}",
                             className="num"),
                     html.Td(row.count_band or "–", className="num")]
        rows.append(html.Tr(cells))
    sort_attr = {"low": "ascending", "high": "descending"}.get(view.sort, "none")
    name_sort = "ascending" if view.sort == "name" else "none"
    return html.Table(className="ranking", children=[
        html.Caption(t("table.caption", lang, level=areas.label(view.level, lang, True),
                       category=i18n.category(view.category, lang).lower(),
                       month=i18n.month(view.period, lang))),
        html.Thead(html.Tr([
            html.Th(t("table.rank", lang), scope="col"),
            html.Th(t("table.name", lang), scope="col", **{"aria-sort": name_sort}),
            html.Th(t("table.value", lang), scope="col", **{"aria-sort": sort_attr}),
            html.Th(t("table.interval", lang), scope="col"),
            html.Th(t("table.respondents", lang), scope="col"),
        ])),
        html.Tbody(rows),
    ])
