"""API page: how to fetch every published number (curl, pandas, R), with the unit, licence
and release, for analysts and journalists. The words are Markdown, one file per language
(`dashboard/texts/api.<lang>.md`); the examples name the site they are read on."""

from __future__ import annotations

import dash
from dash import html
from flask import has_request_context, request

from dashboard.components.sources import source_list
from dashboard.guard import release_or_none
from dashboard.i18n import long_text, t
from dashboard.layout import frame
from dashboard.places import titled
from dashboard.prose import prose
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path="/api", title=titled("title.api"))


def site() -> str:
    """This site's address as the reader reached it (examples must work when pasted)."""
    return request.host_url.rstrip("/") if has_request_context() else ""


def layout(**query) -> html.Div:
    lang = parse_lang(query)
    rel = release_or_none()
    content = html.Article(className="page method api", children=[
        html.H1(t("api.title", lang)),
        prose(long_text("api", lang).replace("{site}", site())),
        html.Section(id="kilder", children=[html.H2(t("sources.title", lang)),
                                            *source_list(rel, lang)]),
    ])
    return frame(lang, "/api", rel, content)
