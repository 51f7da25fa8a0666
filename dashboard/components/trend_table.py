"""The trend's numbers as a table beside the chart: what the line shows, month by month, for
people who read tables rather than lines (and screen readers, which cannot read a chart)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import i18n
from dashboard.i18n import num, t
from dashboard.markup import markup

#: The columns, by catalogue key; the month is the row's header.
HEADERS = ("table.month", "table.mean", "table.interval", "table.reliability",
           "table.hidden")


def rows(series: pd.DataFrame, category: str) -> pd.DataFrame:
    """One category's months, newest first (what a reader looks for first)."""
    own = series[series["category"] == category]
    return own.sort_values("period", ascending=False)


def _cells(row, lang: str) -> list:
    hidden = bool(row.suppressed) or pd.isna(row.mean)
    if hidden:
        # Nothing of a hidden month is shown: no number stands in for it.
        return [html.Td("–"), html.Td("–"), html.Td("–"), html.Td(t("table.yes", lang))]
    reliable = pd.isna(row.reliable) or bool(row.reliable)
    return [html.Td(num(row.mean, lang)),
            html.Td(t("table.range", lang, low=num(row.ci_low, lang),
                      high=num(row.ci_high, lang))),
            html.Td(t("table.reliable" if reliable else "table.unreliable", lang)),
            html.Td(t("table.no", lang))]


def trend_table(series: pd.DataFrame, name: str, category: str, lang: str) -> html.Table:
    """Month, mean, interval, reliability and whether the month is hidden, with a caption
    saying whose numbers and which category."""
    body = [html.Tr([html.Th(i18n.month(row.period, lang), scope="row"), *_cells(row, lang)])
            for row in rows(series, category).itertuples()]
    return html.Table(className="trend-table", children=[
        html.Caption(t("table.trend_caption", lang, name=name,
                       category=i18n.category(category, lang).lower())),
        html.Thead(html.Tr([html.Th(t(key, lang), scope="col") for key in HEADERS])),
        html.Tbody(body),
    ])


def trend_details(series: pd.DataFrame, name: str, category: str, lang: str,
                  csv_href: str, table_id: str) -> html.Details:
    """The table folded under the chart, with the same numbers as CSV. `table_id` holds the
    table, so a change of category redraws only the table."""
    return html.Details(className="trend-numbers", children=[
        html.Summary(t("table.trend_summary", lang)),
        html.Div(id=table_id, className="table-scroll",
                 children=markup(trend_table(series, name, category, lang))),
        html.P(html.A(t("k.download", lang), href=csv_href, download="")),
    ])
