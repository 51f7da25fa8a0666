"""The current release's data partners with their shares, as every page that lists a
download shows them (method page, API page), and a link to the same numbers as CSV."""

from __future__ import annotations

from dash import html
from sqlalchemy.exc import SQLAlchemyError

from core.contract import NO_SOURCE
from dashboard import areas, store
from dashboard.i18n import num, t


def source_items(frame, lang: str) -> list[str]:
    """One line per data partner: its name, share of the records and rounded count."""
    return [t("sources.item", lang, source=t("sources.none", lang) if s == NO_SOURCE else s,
              share=num(100 * share, lang, 0), records=num(records, lang, 0))
            for s, records, share in frame[["source", "records", "share"]].itertuples(
                index=False)]


def source_list(rel, lang: str) -> list:
    """The partners country-wide and the CSV link, or a sentence saying there are none."""
    frame = None
    if rel is not None:
        try:
            frame = store.sources(rel.run_id, areas.pack().top.name, areas.pack().country_code)
        except SQLAlchemyError:  # a store from before per-source counts
            frame = None
    if frame is None or frame.empty:
        return [html.P(t("sources.empty", lang))]
    return [html.Ul([html.Li(line) for line in source_items(frame, lang)],
                    className="sources", **{"aria-label": t("sources.label", lang)}),
            html.P(html.A(t("sources.csv", lang), href="/data/sources.csv",
                          className="sources-csv"))]
