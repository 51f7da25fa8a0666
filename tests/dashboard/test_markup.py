"""Pages sent rendered before scripts run, and static subtrees drawn as one element."""

from __future__ import annotations

import re

from dash import dcc, html

from dashboard.markup import Markup, markup, to_html


def test_text_and_attributes_are_escaped():
    page = html.Div(['<img src=x onerror=alert(1)>', html.A('"x"', href='/"><script>')],
                    className="a&b", **{"aria-label": "<b>"})
    out = to_html(page)
    assert "<img" not in out and "<script>" not in out
    assert out == ('<div class="a&amp;b" aria-label="&lt;b&gt;">&lt;img src=x onerror=alert(1)'
                   '&gt;<a href="/&quot;&gt;&lt;script&gt;">&quot;x&quot;</a></div>')


def test_react_names_styles_and_void_elements_become_html():
    out = to_html(html.Label("Søk", htmlFor="q", style={"minHeight": "400px", "zIndex": 2,
                                                         "height": 10}))
    assert out == '<label for="q" style="min-height: 400px; z-index: 2; height: 10px">Søk</label>'
    assert to_html(html.Br()) == "<br>"
    assert to_html([dcc.Store(id="s", data=1), None, "a", 1.5]) == "a1.5"


def test_markup_is_one_component_holding_the_subtree():
    table = html.Table(html.Tbody([html.Tr([html.Td(i), html.Td(f"<{i}>")]) for i in range(3)]))
    element = markup(table, id="t", className="c")
    assert isinstance(element, Markup)
    props = element.to_plotly_json()
    assert props["namespace"] == "fotavtrykk_markup"
    assert props["props"]["html"].count("<tr>") == 3 and "&lt;2&gt;" in props["props"]["html"]
    assert to_html(element).startswith('<div id="t" class="c"><table>')


def test_front_page_arrives_rendered_with_its_numbers(app):
    body = app.test_client().get("/").get_data(as_text=True)
    entry = body.split('<div id="react-entry-point">', 1)[1]
    assert '<main id="content"' in entry and 'class="ranking"' in entry
    assert re.search(r'class="card-value">\d+,\d', entry)  # the national number, no script


def test_municipality_page_arrives_rendered_with_its_headline(app):
    body = app.test_client().get("/kommune/5001-trondheim?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "<h1>Trondheim</h1>" in body and 'class="card-value"' in body
    assert 'data-lazy-graph="k-trend"' in body  # the chart draws later, its height reserved


def test_unknown_or_hostile_addresses_are_never_echoed(app):
    body = app.test_client().get("/kommune/%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                                 "?lang=%3Cscript%3E").get_data(as_text=True)
    assert "<script>alert" not in body


def test_scripts_wait_in_a_template_until_the_first_paint(app):
    body = app.test_client().get("/").get_data(as_text=True)
    held = body.split('<template id="after-paint">', 1)[1].split("</template>", 1)[0]
    outside = body.replace(held, "")
    assert 'src="/_dash-component-suites/dash/dash-renderer' in held
    assert "<script src=" not in outside  # nothing Dash lists runs before the loader
    assert '"skip": ["/dash_table/"]' in body  # ...which leaves dash_table's loader out
