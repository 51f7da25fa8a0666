"""Page furniture shared by every page: header with search and language, footer, notices."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard import i18n
from dashboard.i18n import t
from dashboard.search import fold
from dashboard.store import Release
from dashboard.style import GRAPH_CONFIG


def href(path: str, lang: str = i18n.DEFAULT, **params: object) -> str:
    """A link inside the app keeping the language; empty parameters are left out."""
    query = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    if i18n.lang_of(lang) != i18n.DEFAULT:
        query["lang"] = lang
    return path + ("?" + urlencode(query, safe=",") if query else "")


def slug(name: str) -> str:
    return fold(name).replace(" ", "-") or "kommune"


def kommune_href(code: str, name: str, lang: str) -> str:
    return href(f"/kommune/{code}-{slug(name)}", lang)


def header(lang: str, path: str, params: dict | None = None) -> html.Header:
    """Brand, navigation, search (a plain GET form, works without scripts) and language."""
    other = "en" if lang == "nb" else "nb"
    return html.Header(className="site-header", children=[
        html.A(t("skip", lang), href="#content", className="skip-link"),
        html.Div(className="brand-row", children=[
            html.A(t("site", lang), href=href("/", lang), className="brand"),
            html.Span(t("tagline", lang), className="tagline"),
        ]),
        html.Nav(className="site-nav", **{"aria-label": "main"}, children=[
            html.A(t("nav.map", lang), href=href("/", lang)),
            html.A(t("nav.compare", lang), href=href("/sammenlign", lang)),
            html.A(t("nav.method", lang), href=href("/metode", lang)),
            html.A(t("lang.switch", lang), id="lang-switch", lang=other,
                   href=href(path, other, **(params or {})),
                   title=t("lang.switch_label", lang), className="lang-switch"),
        ]),
        html.Form(className="search", action="/finn", method="get", role="search", children=[
            html.Label(t("search.label", lang), htmlFor="search-q", className="visually-hidden"),
            html.Div(className="search-row", children=[
                dcc.Input(id="search-q", name="q", type="search", debounce=True,
                          placeholder=t("search.placeholder", lang), autoComplete="off",
                          maxLength=80),
                dcc.Input(id="search-lang", name="lang", type="hidden", value=lang),
                html.Button(t("search.button", lang), type="submit"),
            ]),
        ]),
    ])


def footer(lang: str, rel: Release | None) -> html.Footer:
    """Source, licence and the release every number comes from."""
    lines = [html.P(t("source", lang))]
    if rel is not None:
        lines.append(html.P(t("updated", lang, date=i18n.day(rel.published_at.date(), lang),
                              run=rel.run_id), className="release"))
    lines.append(html.P(html.A(t("what", lang), href=href("/metode", lang))))
    return html.Footer(className="site-footer", children=lines)


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


def lazy_graph(graph_id: str, figure, alt: str) -> html.Figure:
    """A chart drawn only when it nears the viewport (assets/app.js): its figure comes with
    the page, but plotly.js does the drawing work only for charts a person scrolls to."""
    height = figure.layout.height
    return html.Figure(className="chart", style={"minHeight": f"{height}px"}, children=[
        html.Div(id=f"{graph_id}-slot", style={"minHeight": f"{height}px"},
                 **{"data-lazy-graph": graph_id}),  # its height: how much of it is in view
        dcc.Store(id=f"{graph_id}-figure", data={"figure": figure, "config": GRAPH_CONFIG}),
        dcc.Store(id=f"{graph_id}-visible", data=False),
        html.Figcaption(alt, className="visually-hidden"),
    ])


def register_lazy_graph(graph_id: str) -> None:
    """The client-side callback that mounts a `lazy_graph` when it becomes visible."""
    clientside_callback(
        ClientsideFunction("fotavtrykk", "lazyGraph"),
        Output(f"{graph_id}-slot", "children"),
        Input(f"{graph_id}-visible", "data"),
        Input(f"{graph_id}-figure", "data"),  # a new figure (another category) redraws
        prevent_initial_call=True,
    )


def _full_view(embed_path: str) -> str:
    """The full page an embed comes from: /embed/kart -> /, /embed/kommune/x -> /kommune/x."""
    path = embed_path.removeprefix("/embed")
    return "/" if path in ("/kart", "") else path


def notice(lang: str, title_key: str, body: str, role: str = "status") -> html.Div:
    return html.Div(className="notice", role=role, children=[
        html.H1(t(title_key, lang)), html.P(body),
        html.P(html.A(t("k.back", lang), href=href("/", lang))),
    ])


def empty_store(lang: str, path: str = "/") -> html.Div:
    """What a visitor sees before the first release: a message, never a traceback."""
    return frame(lang, path, None, notice(lang, "empty.title", t("empty.body", lang)))


def store_error(lang: str, path: str = "/") -> html.Div:
    return frame(lang, path, None, notice(lang, "error.title", t("error.body", lang), "alert"))


def what_link(lang: str, anchor: str = "") -> dcc.Link:
    """The 'what does this show?' link under every chart."""
    return html.A(t("what", lang), href=href("/metode", lang) + (f"#{anchor}" if anchor else ""),
                    className="what-link")


def legend(items: list[tuple[str, str]], lang: str) -> html.Div:
    """The map legend as HTML: the map's own discrete classes, then the suppressed grey."""
    return html.Div(className="legend", role="group",
                    **{"aria-label": t("legend.title", lang)}, children=[
        html.Span(t("legend.title", lang), className="legend-title"),
        html.Ul([html.Li([html.Span(className="swatch" + (" swatch-hidden" if i == len(items) - 1
                                                            else ""),
                                    style={"background": color}), label])
                 for i, (color, label) in enumerate(items)]),
    ])


def graph(graph_id: str, figure, alt: str, **kwargs) -> html.Figure:
    """A chart with its text alternative in a figcaption screen readers read; its height is
    reserved before plotly.js draws it, so the text below does not jump."""
    height = figure.layout.height if hasattr(figure, "layout") else None
    style = {"minHeight": f"{height}px"} if height else {}
    return html.Figure(className="chart", style=style, children=[
        dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, **kwargs),
        html.Figcaption(alt, className="visually-hidden"),
    ])


def choice(group_id: str, options: list[tuple[str, str]], value: str, label: str) -> html.Div:
    """A labelled group of toggle buttons holding one value in a dcc.Store `group_id`.

    Plain buttons with aria-pressed: keyboard reachable and read correctly by screen readers.
    """
    return html.Div(className="control", children=[
        html.Span(label, id=f"{group_id}-label", className="control-label"),
        html.Div(className="pills", role="group", **{"aria-labelledby": f"{group_id}-label"},
                 children=[html.Button(text, id={"choice": group_id, "value": key}, type="button",
                                       className="pill" + (" on" if key == value else ""),
                                       **{"aria-pressed": "true" if key == value else "false"})
                           for key, text in options]),
        dcc.Store(id=group_id, data=value),
    ])


def register_choice(group_id: str) -> None:
    """The client-side callback that makes a `choice` group's buttons set its value."""
    clientside_callback(
        ClientsideFunction("fotavtrykk", "choose"),
        Output(group_id, "data"),
        Output({"choice": group_id, "value": ALL}, "aria-pressed"),
        Output({"choice": group_id, "value": ALL}, "className"),
        Input({"choice": group_id, "value": ALL}, "n_clicks"),
        State(group_id, "data"),
        prevent_initial_call=True,
    )
