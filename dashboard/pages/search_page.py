"""Search results: every municipality matching a name, an alternative name or a postcode."""

from __future__ import annotations

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import geo, search, store
from dashboard.i18n import t
from dashboard.layout import empty_store, frame, kommune_href, store_error
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path="/sok", title="Søk – Folkets Fotavtrykk")


def results(query: str, hits: list[search.Hit], lang: str) -> html.Div:
    """The hit list (or a friendly 'nothing found'); the query is shown as text, never markup."""
    if not query.strip():
        return html.P(t("search.empty", lang))
    if not hits:
        return html.P(t("search.none", lang, q=query), role="status")
    items = []
    for hit in hits:
        extra = t("search.postcode", lang, code=hit.postcode, place=hit.matched) \
            if hit.postcode else (hit.matched if hit.matched != hit.name else "")
        items.append(html.Li([html.A(hit.name, href=kommune_href(hit.code, hit.name, lang)),
                              html.Span(f" ({extra})" if extra else "", className="muted")]))
    return html.Div([html.H2(t("search.results", lang, q=query)), html.Ul(items)])


def layout(q: str = "", **query) -> html.Div:
    lang = parse_lang(query)
    text = q if isinstance(q, str) else ""
    text = text[: search.MAX_QUERY]
    try:
        rel = store.current_release()
        if rel is None:
            return empty_store(lang, "/sok")
        kommuner = store.area_table(rel.run_id, "kommune")
    except SQLAlchemyError:
        return store_error(lang, "/sok")
    hits = search.search(text, kommuner, geo.postcodes())
    content = html.Div(className="page search-page", children=[
        html.H1(t("search.title", lang)), results(text, hits, lang)])
    return frame(lang, "/sok", rel, content, {"q": text})
