"""Embeds and their builder, without a browser: every "Embed" link opens the builder for
exactly its view, the builder's snippet shows that view, and embeds say what, where, when."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from dash import dcc, html

import dashboard.app  # noqa: F401  (creates the app, which registers the pages)
from dashboard import i18n, store
from dashboard.components import embed
from dashboard.pages import compare, embed_builder, embed_compare, embed_kommune, embed_map, home
from dashboard.pages import kommune as kommune_page
from tests.dashboard.test_pages import text_of


def nodes(component):
    """Every component in a layout tree."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from nodes(child)


def embed_link(layout) -> str:
    links = [n.href for n in nodes(layout) if isinstance(n, html.A)
             and n.children in (i18n.t("k.embed", "nb"), i18n.t("k.embed", "en"))]
    assert len(links) == 1, links
    return links[0]


def query_of(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


def builder(query: dict, site: str = "http://news.example"):
    """The builder page for a query, as a reader on `site` would get it."""
    with dashboard.app.server.test_request_context("/bygg-inn", base_url=site):
        return embed_builder.layout(**query)


def snippet_src(page) -> str:
    boxes = [n.value for n in nodes(page) if isinstance(n, dcc.Textarea) and n.id == "embed-code"]
    assert len(boxes) == 1
    return boxes[0].split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_front_page_embed_link_opens_the_builder_for_its_view(app):
    link = embed_link(home.layout(kategori="transport", nivaa="fylke", lang="en"))
    assert urlsplit(link).path == embed.BUILDER
    assert query_of(link) == {"nivaa": "fylke", "kategori": "transport", "lang": "en",
                              "periode": f"{store.current_release().last_period:%Y-%m}"}


def test_area_and_compare_embed_links_name_their_view(app):
    area = embed_link(kommune_page.layout(code="0301-oslo", kategori="food"))
    assert query_of(area) == {"vis": "kommune/0301", "kategori": "food"}
    both = embed_link(compare.layout(k="0301,4601", kategori="transport", lang="en"))
    assert query_of(both) == {"vis": "sammenlign", "k": "0301,4601", "kategori": "transport",
                              "lang": "en"}


@pytest.mark.parametrize("query, path", [
    ({"kategori": "transport", "nivaa": "fylke"}, "/embed/kart"),
    ({"vis": "kommune/0301", "kategori": "food", "lang": "en"}, "/embed/kommune/0301"),
    ({"vis": "sammenlign", "k": "0301,4601"}, "/embed/sammenlign"),
])
def test_builder_snippet_embeds_exactly_the_view_with_this_sites_address(app, query, path):
    src = snippet_src(builder(query))
    assert src.startswith("http://news.example" + path)
    wanted = {k: v for k, v in query.items() if k != "vis"}
    assert query_of(src).items() >= wanted.items()
    # the embed named by the snippet is the view the builder was opened for
    assert "vis" not in query_of(src)


def test_builder_has_copy_button_preview_height_note_and_resize_script(app):
    page = builder({"vis": "kommune/0301"})
    found = list(nodes(page))
    preview = [n for n in found if isinstance(n, html.Iframe)]
    assert [p.src for p in preview] == ["/embed/kommune/0301"]
    height = embed.HEIGHTS["area"]
    assert f'height="{height}"' in [n.value for n in found if isinstance(n, dcc.Textarea)][0]
    buttons = [n for n in found if getattr(n, "className", "") == "embed-copy"]
    assert len(buttons) == 2  # the snippet and the resize script
    assert {b.to_plotly_json()["props"]["data-copied"] for b in buttons} == {"Kopiert"}
    text = text_of(page)
    assert f"{height} piksler" in text
    assert "http://news.example/assets/embed-resize.js" in text
    assert embed.MESSAGE_TYPE in text  # the height protocol is documented


@pytest.mark.parametrize("target", ["../../etc/passwd", "kommune/9999", "kommune/", "x" * 500])
def test_builder_for_no_such_view_says_so(app, target):
    page = text_of(builder({"vis": target}))
    assert "embed-code" not in page
    assert "Ingen slik visning" in page or "Fant ikke" in page


def test_snippet_escapes_what_a_title_or_address_could_break():
    text = embed.snippet('/embed/kart?a=1&b="x"', 'Oslo "<b>"', 980)
    assert '"x"' not in text and "<b>" not in text
    assert text.startswith('<iframe src="/embed/kart?a=1&amp;b=&quot;x&quot;"')


def test_embed_titles_say_what_where_and_when(app):
    rel = store.current_release()
    first, last = rel.first_period, rel.last_period
    heading = [n.children for n in nodes(embed_map.layout(kategori="transport"))
               if isinstance(n, html.H1)]
    assert heading == [f"Klimafotavtrykk per innbygger, transport, kommuner, "
                       f"{i18n.month(last, 'nb')}"]
    area = [n.children for n in nodes(embed_kommune.layout(code="0301", lang="en"))
            if isinstance(n, html.H1)]
    assert area == [f"Climate footprint per resident, total, Oslo, "
                    f"{i18n.month(first, 'en')}–{i18n.month(last, 'en')}"]


def test_compare_embed_draws_the_chosen_areas_with_source_and_a_link_back(app):
    page = embed_compare.layout(k="0301,4601", kategori="transport")
    text = text_of(page)
    assert "Oslo" in text and "Bergen" in text and "Kilde:" in text
    back = [n.href for n in nodes(page) if isinstance(n, html.A)]
    assert back == ["/sammenlign?k=0301,4601&kategori=transport"]


def _figure(layout, graph_id: str):
    graphs = [n.figure for n in nodes(layout) if isinstance(n, dcc.Graph) and n.id == graph_id]
    assert len(graphs) == 1, graph_id
    return graphs[0]


def test_compare_embed_draws_what_the_compare_page_draws(app):
    # A journalist embeds the view they saw: the intervals and the country's line included.
    query = {"k": "0301,4601", "kategori": "transport", "lang": "en"}
    embedded = _figure(embed_compare.layout(**query), "embed-compare")
    on_page = _figure(compare.layout(**query), "c-lines")
    assert [tr.name for tr in embedded.data] == [tr.name for tr in on_page.data]
    assert i18n.t("series.national", "en") in {tr.name for tr in embedded.data}
    assert sum(tr.fill == "toself" for tr in embedded.data) == 2  # one band per area


def test_compare_embed_names_an_area_it_cannot_draw(app):
    # Utsira's numbers are hidden (too few respondents): named with the reason, not dropped.
    page = embed_compare.layout(k="0301,1151", lang="en")
    text = text_of(page)
    assert "Utsira" in text
    assert "Utsira" not in {tr.name for tr in _figure(page, "embed-compare").data}


def test_embedded_map_text_alternative_points_to_numbers_it_can_reach(app):
    captions = [n.children for n in nodes(embed_map.layout(kategori="food", lang="en"))
                if isinstance(n, html.Figcaption)]
    assert len(captions) == 1
    assert "food" in captions[0] and "table beside" not in captions[0]
    assert "front page" in captions[0]
