"""Search results: every place matching a name, a number or a postcode, each reading of an
ambiguous query offered with what tells them apart (county, postcode, former number)."""

from __future__ import annotations

import dash
from dash import html

from dashboard import search, store
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame
from dashboard.places import Places, hit_href, places, titled
from dashboard.state import View

dash.register_page(__name__, path="/sok", title=titled("title.search"))


def why(hit: search.Hit, lang: str, split: bool = False) -> str:
    """How the hit matched, in words: 'Postnummer 3201 Sandefjord', '1601 er Trondheims
    nummer før 2018', 'bydel i Oslo', or the alternative name that matched."""
    if hit.kind == "postcode":
        return t("search.postcode", lang, code=hit.postcode, place=hit.matched)
    if hit.kind == "number":
        return t("search.number", lang, code=hit.code)
    if hit.kind == "old" and split:
        return t("search.old_split", lang, code=hit.old_code, year=hit.until)
    if hit.kind == "old":
        return t("search.old", lang, code=hit.old_code, name=hit.name, year=hit.until)
    if hit.kind == "district":
        return t("search.district", lang, city=hit.county)
    return hit.matched if hit.matched != hit.name else ""


def results(query: str, hits: list[search.Hit], lang: str,
            where: Places | None = None) -> html.Div:
    """The hit list (or a friendly 'nothing found'); the query is shown as text, never markup."""
    if not query.strip():
        return html.P(t("search.empty", lang))
    if not hits:
        return html.P(t("search.none", lang, q=query), role="status")
    items, split = [], sum(h.kind == "old" for h in hits) > 1
    for hit in hits:
        name = hit.name if hit.kind == "district" else hit.label
        extra = why(hit, lang, split)
        items.append(html.Li([html.A(name, href=hit_href(hit, lang)),
                              html.Span(f" ({extra})" if extra else "", className="muted")],
                             className=f"hit hit-{hit.kind}"))
    asks = len(hits) > 1 and search.unambiguous(hits) is None and hits[1].score >= 1.0
    postcode_in_city = where is not None and any(
        h.kind == "postcode" and where.has_districts(h.code) for h in hits)
    return html.Div([
        html.H2(t("search.results", lang, q=query)),
        html.P(t("search.ask", lang, q=query), role="status") if asks else None,
        html.Ul(items, className="hits"),
        html.P(t("search.no_district", lang), className="muted") if postcode_in_city else None,
    ])


@page("/sok")
def layout(rel: store.Release, view: View) -> html.Div:
    lang, text = view.lang, view.q[: search.MAX_QUERY]
    where = places(rel)
    content = html.Div(className="page search-page", children=[
        html.H1(t("search.title", lang)), results(text, where.find(text), lang, where)])
    return frame(lang, "/sok", rel, content, view.with_(q=text).query("q"))
