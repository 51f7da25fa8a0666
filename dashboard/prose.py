"""The site's own Markdown texts (dashboard/texts) as HTML built on the server.

dcc.Markdown would fetch two more scripts on every page that shows a text (its Markdown
parser and highlight.js) and parse the text again on a phone; the texts are ours and fixed
per release, so the server renders them once into one `Markup` element.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from dashboard.markup import Markup

#: CommonMark with tables (the API page lists its addresses in one); raw HTML in a text is
#: shown as text, never passed through, so a text file cannot inject markup.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")


@lru_cache(maxsize=256)
def to_html(text: str) -> str:
    """`text` (Markdown) as HTML."""
    return _PARSER.render(text)


def prose(text: str, className: str = "prose", **kwargs) -> Markup:
    """A Markdown text as one element: paragraphs, lists, links, tables and code."""
    return Markup(html=to_html(text), className=className, **kwargs)
