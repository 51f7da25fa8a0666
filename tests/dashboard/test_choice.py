"""Toggle-button groups: one element for a phone's scripts to render, still buttons a keyboard
and a screen reader use."""

from __future__ import annotations

import re
from datetime import date

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.components.controls import choice, period_control
from dashboard.markup import Markup, to_html


def _components(node) -> list[Component]:
    """Every Dash component a renderer would create for `node`."""
    if isinstance(node, list | tuple):
        return [c for n in node for c in _components(n)]
    if not isinstance(node, Component):
        return []
    return [node, *_components(getattr(node, "children", None))]


def test_a_group_of_many_buttons_is_a_few_components():
    group = choice("g", [(str(i), f"Option {i}") for i in range(12)], "3", "Pick")
    found = _components(group)
    assert len(found) <= 4  # wrapper, label, the buttons' one element, the store
    assert sum(isinstance(c, html.Button) for c in found) == 0
    assert [c.data for c in found if isinstance(c, dcc.Store)] == ["3"]
    assert sum(isinstance(c, Markup) for c in found) == 1


def test_buttons_say_which_is_pressed_and_name_their_group():
    out = to_html(choice("home-sort", [("low", "Lav"), ("high", "Høy <1>")], "high", "Sorter"))
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", out)
    assert len(buttons) == 2
    assert 'aria-pressed="false"' in buttons[0] and 'value="low"' in buttons[0]
    assert 'aria-pressed="true"' in buttons[1] and 'class="pill on"' in buttons[1]
    assert "Høy &lt;1&gt;" in buttons[1]
    assert 'data-choice="home-sort"' in out and 'aria-labelledby="home-sort-label"' in out
    assert 'type="button"' in buttons[0]


def test_the_period_is_the_browsers_own_range_input_standing_on_its_month():
    months = [date(2024, m, 1) for m in range(1, 13)]
    control = period_control("home", months, 5, "juni", "nb")
    assert not any(isinstance(c, dcc.Slider) for c in _components(control))
    out = to_html(control)
    ranges = re.findall(r'<input type="range"[^>]*>', out)
    assert len(ranges) == 1
    for attribute in ('id="home-period"', 'min="0"', 'max="11"', 'step="1"', 'value="5"'):
        assert attribute in ranges[0]
    assert 'data-slider-label="Måned"' in out  # its name, given by assets/app.js
