"""Method page: what the number means, in words for a resident.

The words are one Markdown file per language (`dashboard/texts/method.<lang>.md`); each
`## Heading {#anchor}` starts a section, and the anchors are what other pages link to
(`/metode#skjuling`), so they stay the same in every language.
"""

from __future__ import annotations

import re

import dash
from dash import html

from dashboard import geo
from dashboard.components.sources import source_list
from dashboard.guard import release_or_none
from dashboard.i18n import long_text, t
from dashboard.layout import frame
from dashboard.places import titled
from dashboard.prose import prose
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path="/metode", title=titled("title.method"))

#: A section heading with its anchor, in the attribute syntax Pandoc and kramdown read.
HEADING = re.compile(r"^## +(.+?) +\{#([a-z0-9-]+)\} *$", re.MULTILINE)


def sections(lang: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, Markdown body) of each section of the method text in `lang`."""
    parts = HEADING.split(long_text("method", lang))
    # split() gives [before the first heading, heading, anchor, body, heading, anchor, body, …]
    return [(anchor, heading, body.strip())
            for heading, anchor, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)]


#: The section the release's list of data partners follows.
SOURCES_ANCHOR = "kilder-data"


def layout(**query) -> html.Div:
    lang = parse_lang(query)
    rel = release_or_none()
    parts = sections(lang)
    extra = [html.Li(line) for line in geo.attribution()]
    content = html.Article(className="page method", children=[
        html.H1(t("method.title", lang)),
        html.Nav(html.Ul([html.Li(html.A(heading, href=f"#{anchor}"))
                          for anchor, heading, _ in parts]), className="toc",
                 **{"aria-label": t("method.title", lang)}),
        *[html.Section(id=anchor, children=[
            html.H2(heading), prose(body),
            *(source_list(rel, lang) if anchor == SOURCES_ANCHOR else [])])
          for anchor, heading, body in parts],
        html.Ul(extra) if extra else None,
    ])
    return frame(lang, "/metode", rel, content)
