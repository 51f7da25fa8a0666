"""Search results: every municipality matching a name, an alternative name or a postcode."""

from __future__ import annotations

import dash
from dash import html

from dashboard import areas, geo, search, store
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame, kommune_href
from dashboard.state import View

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


@page("/sok")
def layout(rel: store.Release, view: View) -> html.Div:
    lang, text = view.lang, view.q[: search.MAX_QUERY]
    kommuner = store.area_table(rel.run_id, areas.base().name)
    hits = search.search(text, kommuner, geo.postcodes())
    content = html.Div(className="page search-page", children=[
        html.H1(t("search.title", lang)), results(text, hits, lang)])
    return frame(lang, "/sok", rel, content, view.with_(q=text).query("q"))
