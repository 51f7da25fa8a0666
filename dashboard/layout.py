"""Page furniture shared by every page: links, header with search and language, footer,
notices (the controls and charts inside pages are in dashboard.components)."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboard import areas, i18n
from dashboard.i18n import t
from dashboard.markup import markup
from dashboard.search import fold
from dashboard.store import Release


def href(path: str, lang: str = i18n.DEFAULT, **params: object) -> str:
    """A link inside the app keeping the language; empty parameters are left out."""
    query = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    if i18n.lang_of(lang) != i18n.DEFAULT:
        query["lang"] = lang
    return path + ("?" + urlencode(query, safe=",") if query else "")


def slug(name: str) -> str:
    return fold(name).replace(" ", "-") or areas.base().slug


def kommune_href(code: str, name: str, lang: str, **context: object) -> str:
    """The page of a base-level area (/kommune/5001-trondheim; the name is decoration), with
    the view's context (category, month) when a map links to it."""
    return href(areas.area_path(code, slug(name)), lang, **context)


def header(lang: str, path: str, params: dict | None = None) -> html.Header:
    """Brand, navigation, search (a plain GET form, works without scripts) and language."""
    other = "en" if lang == "nb" else "nb"
    return html.Header(className="site-header", children=[
        html.A(t("skip", lang), href="#content", className="skip-link"),
        # static parts as one element each (markup.py): the same HTML, without a Dash
        # component per tag for a phone to render on every page
        markup([html.A(t("site", lang), href=href("/", lang), className="brand"),
                html.Span(t("tagline", lang), className="tagline")], className="brand-row"),
        html.Nav(className="site-nav", **{"aria-label": "main"}, children=[
            html.A(t("nav.map", lang), href=href("/", lang)),
            html.A(t("nav.compare", lang), href=href("/sammenlign", lang)),
            html.A(t("nav.method", lang), href=href("/metode", lang)),
            html.A(t("lang.switch", lang), id="lang-switch", lang=other,
                   href=href(path, other, **(params or {})),
                   title=t("lang.switch_label", lang), className="lang-switch"),
        ]),
        html.Form(className="search", action="/finn", method="get", role="search",
                  children=markup([
            html.Label(t("search.label", lang), htmlFor="search-q", className="visually-hidden"),
            html.Div(className="search-row", children=[
                dcc.Input(id="search-q", name="q", type="search",
                          placeholder=t("search.placeholder", lang), autoComplete="off",
                          maxLength=80),
                dcc.Input(id="search-lang", name="lang", type="hidden", value=lang),
                html.Button(t("search.button", lang), type="submit"),
            ]),
        ])),
    ])


def footer(lang: str, rel: Release | None) -> html.Footer:
    """Source, licence and the release every number comes from."""
    lines = [html.P(t("source", lang))]
    if rel is not None:
        lines.append(html.P(t("updated", lang, date=i18n.day(rel.published_at.date(), lang),
                              run=rel.run_id), className="release"))
    lines.append(html.P([html.A(t("what", lang), href=href("/metode", lang)), " · ",
                         html.A(t("api.title", lang), href=href("/api", lang))]))
    return markup(lines, tag="footer", className="site-footer")


def frame(lang: str, path: str, rel: Release | None, children, params: dict | None = None,
          embed: bool = False) -> html.Div:
    """A whole page: header, main content, footer (embeds keep only a slim footer)."""
    if embed:
        return html.Div(className=f"page-frame embed lang-{lang}", lang=lang, children=[
            html.Main(children, id="content"),
            html.Footer(className="embed-footer", children=[
                html.P(t("source", lang)),
                html.P(t("updated", lang, date=i18n.day(rel.published_at.date(), lang),
                         run=rel.run_id) if rel else ""),
                html.A(t("embed.open", lang), href=href(_full_view(path), lang, **(params or {})),
                       target="_blank", rel="noopener"),
            ]),
        ])
    return html.Div(className=f"page-frame lang-{lang}", lang=lang, children=[
        header(lang, path, params),
        html.Main(children, id="content", tabIndex="-1"),
        footer(lang, rel),
    ])


def _full_view(embed_path: str) -> str:
    """The full page an embed comes from: /embed/kart -> /, /embed/kommune/x -> /kommune/x."""
    path = embed_path.removeprefix("/embed")
    return "/" if path in ("/kart", "") else path


def notice(lang: str, title_key: str, body: str, role: str = "status") -> html.Div:
    return html.Div(className="notice", role=role, children=[
        html.H1(t(title_key, lang)), html.P(body),
        html.P(html.A(t("k.back", lang), href=href("/", lang))),
    ])


def empty_store(lang: str, path: str = "/", embed: bool = False) -> html.Div:
    """What a visitor sees before the first release: a message, never a traceback."""
    return frame(lang, path, None, notice(lang, "empty.title", t("empty.body", lang)),
                 embed=embed)


def store_error(lang: str, path: str = "/", embed: bool = False) -> html.Div:
    """What a visitor sees when the store cannot be read."""
    return frame(lang, path, None, notice(lang, "error.title", t("error.body", lang), "alert"),
                 embed=embed)
