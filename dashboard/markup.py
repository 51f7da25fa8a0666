"""Dash layouts as HTML: the page the server sends before scripts run, and `Markup`, one
React element for a static subtree (a table of 25 rows is ~180 Dash components, each costing
a phone script time on every render)."""

from __future__ import annotations

import json
import re
from html import escape

from dash.development.base_component import Component

#: Elements without a closing tag.
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
#: React prop names that differ from their HTML attribute.
ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex",
              "colSpan": "colspan", "rowSpan": "rowspan", "maxLength": "maxlength",
              "autoComplete": "autocomplete", "readOnly": "readonly"}
#: Dash-only props that are not attributes.
SKIP = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state",
        "setProps", "debounce", "persistence", "persisted_props", "persistence_type"}
#: Unitless numeric style properties (React adds "px" to the others).
UNITLESS = {"opacity", "zIndex", "flex", "flexGrow", "flexShrink", "order", "lineHeight",
            "fontWeight"}
#: dcc components that show nothing until scripts run.
INVISIBLE = {"Store", "Location", "Interval"}


class Markup(Component):
    """`html` (built by `to_html`, every text and attribute escaped) drawn by one element
    (assets/app.js); `tag` is its element, a div by default."""

    _namespace = "fotavtrykk_markup"
    _type = "Markup"
    _prop_names = ["id", "html", "tag", "className"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []
    _base_nodes: list[str] = []
    _children_props: list[str] = []

    def __init__(self, html: str = "", tag: str = "div", **kwargs):
        super().__init__(html=html, tag=tag, **kwargs)


class Range(Component):
    """The browser's own range input as a Dash component (assets/app.js): `value` is the
    number it stands on, set a moment after the last move (so a drag asks the server once);
    dcc.Slider's script costs a phone more, and dcc.Input treats a range as text."""

    _namespace = "fotavtrykk_markup"
    _type = "Range"
    _prop_names = ["id", "value", "min", "max", "step", "className"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []
    _base_nodes: list[str] = []
    _children_props: list[str] = []

    def __init__(self, value: int = 0, min: int = 0, max: int = 0, step: int = 1, **kwargs):
        super().__init__(value=value, min=min, max=max, step=step, **kwargs)


def markup(component, tag: str = "div", **kwargs) -> Markup:
    """A Dash subtree as one `Markup` element (no callbacks may target anything inside)."""
    return Markup(html=to_html(component), tag=tag, **kwargs)


def _css_name(name: str) -> str:
    return name if name.startswith("--") else re.sub(r"[A-Z]", lambda m: "-" + m[0].lower(),
                                                     name)


def _style(style: dict) -> str:
    parts = []
    for key, value in style.items():
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and key not in UNITLESS:
            value = f"{value}px"
        parts.append(f"{_css_name(key)}: {value}")
    return "; ".join(parts)


def _attrs(props: dict) -> str:
    out = []
    for key, value in props.items():
        if key in SKIP or value is None or value is False:
            continue
        name = ATTRIBUTES.get(key, key)
        if key == "id" and isinstance(value, dict):
            value = json.dumps(value, sort_keys=True, separators=(",", ":"))
        elif key == "style":
            value = _style(value)
        if value is True:
            out.append(f" {escape(name)}")
        else:
            out.append(f' {escape(name)}="{escape(str(value))}"')
    return "".join(out)


def _props(component: Component) -> dict:
    return {k: v for k, v in component.to_plotly_json()["props"].items() if v is not None}


def to_html(node) -> str:
    """The HTML a Dash layout renders to (dash.html elements, text, and the few dcc
    components pages use); text and attributes escaped."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, list | tuple):
        return "".join(to_html(n) for n in node)
    if not isinstance(node, Component):
        return escape(str(node))
    props = _props(node)
    if isinstance(node, Markup):
        own = _attrs({k: v for k, v in props.items() if k in ("id", "className")})
        return f"<{node.tag}{own}>{node.html}</{node.tag}>"
    if isinstance(node, Range):
        return f'<input type="range"{_attrs(props)}>'
    if node._namespace == "dash_html_components":
        tag = node._type.lower()
        inner = "" if tag in VOID else to_html(props.get("children"))
        return f"<{tag}{_attrs(props)}>" + ("" if tag in VOID else f"{inner}</{tag}>")
    if node._type in INVISIBLE:
        return ""
    if node._type == "Input":
        hidden = props.get("type") == "hidden"
        attrs = {k: props.get(k) for k in ("id", "type", "placeholder", "name", "maxLength",
                                           "autoComplete", "value")}
        return (f'<div class="dash-input-container dash-input'
                f'{" dash-input-hidden" if hidden else ""}">'
                f'<input class="dash-input-element"{_attrs(attrs)}></div>')
    if node._type == "Graph":
        return f'<div class="dash-graph"{_attrs({"id": props.get("id")})}></div>'
    # anything else (a slider): an empty box of the size it will have
    return f'<div class="shell-{escape(node._type.lower())}"></div>'
