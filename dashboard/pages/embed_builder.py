"""Embed builder (/bygg-inn?vis=<target>&...): the ready `<iframe>` for exactly the view a page
showed, a copy button, a live preview, the height advice and the optional resize script.

Reached from the "Embed" links of the map, area and compare pages (components.embed builds
their addresses); the snippet names this site as the reader reached it, so it works pasted.
"""

from __future__ import annotations

import dash
from dash import dcc, html
from flask import has_request_context, request

from dashboard import store
from dashboard.components import embed
from dashboard.guard import page
from dashboard.i18n import long_text, t
from dashboard.layout import frame, href, notice
from dashboard.places import titled
from dashboard.prose import prose
from dashboard.state import View
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path=embed.BUILDER,
                   title=titled("title.embed"))


def site() -> str:
    """This site's address as the reader reached it (the snippet must work when pasted)."""
    return request.host_url.rstrip("/") if has_request_context() else ""


def copy_box(box_id: str, label: str, value: str, rows: int, lang: str) -> html.Div:
    """A read-only code box with a copy button (assets/embed-copy.js) that says it copied."""
    return html.Div(className="embed-code", children=[
        html.Label(label, htmlFor=box_id, className="control-label"),
        dcc.Textarea(id=box_id, value=value, readOnly=True, rows=rows, spellCheck=False,
                     className="embed-snippet"),
        html.Div(className="embed-copy-row", children=[
            html.Button(t("embed.copy", lang), type="button", className="embed-copy",
                        **{"data-copy": box_id, "data-copied": t("embed.copied", lang),
                           "data-copy-failed": t("embed.copy_failed", lang),
                           "aria-describedby": f"{box_id}-status"}),
            html.Span(id=f"{box_id}-status", role="status", className="embed-copy-status"),
        ]),
    ])


#: Widths the preview can be seen at (CSS px; 0: the page's width), phone to desktop.
PREVIEW_WIDTHS = (320, 600, 0)


def preview_widths(lang: str) -> html.Div:
    """Buttons that show the preview as wide as a phone, a column or the page
    (assets/embed-copy.js sets the frame's width and which button is pressed)."""
    return html.Div(className="pills embed-widths", role="group",
                    **{"aria-label": t("embed.builder.width", lang)}, children=[
        html.Button(t("embed.builder.px", lang, px=w) if w else t("embed.builder.full", lang),
                    type="button", className="pill" + ("" if w else " on"),
                    **{"data-preview-width": str(w),
                       "aria-pressed": "false" if w else "true"})
        for w in PREVIEW_WIDTHS])


def layout(**query) -> html.Div:
    """The builder of the embed the address names; a notice when it names none."""
    found, code = embed.parse_target(query.pop(embed.TARGET_PARAM, ""))
    if found is None:
        lang = parse_lang(query)
        return frame(lang, embed.BUILDER, None, notice(lang, "embed.unknown.title",
                                                       t("embed.unknown.body", lang)))
    return page(embed.BUILDER, compare=found.kind == embed.COMPARE)(
        lambda rel, view: build(rel, view, found))(**query, code=code)


def build(rel: store.Release, view: View, target: embed.Target) -> html.Div:
    lang = view.lang
    what = embed.title(rel, target, view)
    if what is None:
        return frame(lang, embed.BUILDER, rel, notice(
            lang, "k.notfound.title", t("k.notfound.body", lang, code=view.segment[:20])))
    src = embed.embed_href(target, view)
    content = html.Div(className="page embed-builder", children=[
        html.H1(t("embed.builder.title", lang)),
        html.P(what, className="lead"),
        html.P(t("embed.builder.intro", lang)),
        copy_box("embed-code", t("embed.builder.code", lang),
                 embed.snippet(site() + src, what, target.height), 4, lang),
        html.P(t("embed.builder.height", lang, height=target.height), className="note"),
        html.H2(t("embed.builder.preview", lang), id="embed-preview-title"),
        preview_widths(lang),
        html.Iframe(src=src, title=what, className="embed-preview",
                    style={"height": f"{target.height}px"}),
        html.H2(t("embed.builder.resize", lang)),
        html.P(t("embed.builder.resize_note", lang)),
        copy_box("embed-resize", t("embed.builder.resize_code", lang),
                 embed.resize_snippet(site()), 2, lang),
        html.Details(className="embed-protocol", children=[
            html.Summary(t("embed.builder.protocol", lang)),
            prose(long_text("embed", lang).replace("{type}", embed.MESSAGE_TYPE)
                         .replace("{site}", site())),
        ]),
        html.P(html.A(t("embed.builder.back", lang),
                      href=href(target.embed_path.removeprefix(embed.EMBED)
                                if target.kind != embed.MAP else "/", lang,
                                **embed.query_of(target, view)))),
    ])
    return frame(lang, embed.BUILDER, rel, content, embed.builder_query(target, view))
