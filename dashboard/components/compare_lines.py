"""The compare lines for chosen areas, shared by the compare page and its embed: a line with
its interval per area that has numbers, the country's dashed line, and a note naming the
areas whose numbers are hidden, so neither drops one without a word."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from dash import html

from dashboard import areas, compare_charts, store
from dashboard.components.controls import graph
from dashboard.i18n import t
from dashboard.places import places


def national(rel: store.Release) -> pd.DataFrame:
    """The country's series, drawn and listed beside the chosen areas for reference."""
    pack = areas.pack()
    table = store.area_table(rel.run_id, pack.top.name)
    code = table.iloc[0]["code"] if not table.empty else pack.country_code
    return store.series(rel.run_id, pack.top.name, code)


class Lines(NamedTuple):
    """What the compare lines show: the chart (None when no area has numbers), the note
    naming hidden areas, and the data and names the rest of the page reuses."""

    chart: html.Figure | None
    note: html.P | None
    data: pd.DataFrame
    country: pd.DataFrame
    names: dict[str, str]
    drawn: list[str]


def compare_lines(rel: store.Release, codes: list[str] | tuple[str, ...], category: str,
                  lang: str, graph_id: str) -> Lines:
    """Lines with intervals and the country's line for the chosen areas; areas whose numbers
    are hidden are named with the reason, not drawn (the page and its embed both)."""
    labels = places(rel).labels()
    names = {c: labels[c] for c in codes}
    data, country = store.series_many(rel.run_id, areas.base().name, codes), national(rel)
    drawn = compare_charts.shown(data, list(codes), category)
    hidden = [names[c] for c in codes if c not in drawn]
    note = html.P(t("compare.all_hidden" if not drawn else "compare.some_hidden", lang,
                    names=", ".join(hidden)), className="warn", role="status") if hidden \
        else None
    chart = graph(graph_id, compare_charts.lines(data, {c: names[c] for c in drawn}, category,
                                                 lang, country),
                  compare_charts.alt_lines([names[c] for c in drawn], category, lang)) \
        if drawn else None
    return Lines(chart, note, data, country, names, drawn)
