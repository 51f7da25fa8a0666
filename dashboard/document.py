"""The HTML document Dash serves, shaped only through Dash's documented extension points:
`index_string` (the template), a `dash.hooks.index` hook (per request: the language, the
page sent rendered and the plotly.js bundle) and `app.renderer` (started by our loader).

Checked against Dash 4.4.1: Dash requires `{%app_entry%}` and `{%scripts%}` in the template.
Its entry point (a "Loading..." box) and its script tags are parked in inert `<template>`
elements — browsers neither show nor run what a template holds — so our own entry point
carries the first paint and the loader below runs the scripts once that paint is on screen.
"""

from __future__ import annotations

import json
from html import escape as html_escape

import dash
from flask import request

from dashboard import i18n, routes
from dashboard.i18n import t
from dashboard.markup import to_html
from dashboard.state import client_params

#: Pages whose only charts are maps get plotly.js's geo-only bundle; every other page draws
#: only lines and bars (the district map is an embedded frame) and gets the basic bundle.
#: Links between pages are full page loads, so each page gets the bundle it needs.
MAP_ONLY_PATHS = ("/", "/embed/kart")

#: Scripts Dash sends that the loader leaves out: no page has a DataTable (a phone spends
#: ~50 ms running dash_table's loader for nothing).
SKIP_SCRIPTS = ("/dash_table/",)
#: Dash's components need only the regenerator runtime out of the babel polyfill bundle it
#: ships for old browsers; the rest costs a phone about a second of script time.
POLYFILL = "/dash/deps/polyfill@"

#: Loads the app's scripts, in order, once the page sent rendered has painted (a phone shows
#: the numbers ~2 s before React, Dash and the components have run), then starts Dash.
LOADER = """(function () {
  var spec = @SPEC@;
  window.fotavtrykkView = spec.view;
  var bundle = {%plotly_bundle%};
  // dcc.Graph fetches plotly.js from window._dashPlotlyJSURL when a chart first mounts (so
  // text renders before it): pin that URL to the page's partial bundle.
  if (bundle) Object.defineProperty(window, "_dashPlotlyJSURL", {configurable: true,
    get: function () { return bundle; }, set: function () {}});
  var started = false;
  function source(tag) {
    var src = tag.getAttribute("src");
    if (!src) return URL.createObjectURL(new Blob([tag.text], {type: "text/javascript"}));
    if (spec.skip.some(function (part) { return src.indexOf(part) !== -1; })) return null;
    if (spec.polyfill && src.indexOf(spec.polyfill[0]) !== -1) return spec.polyfill[1];
    return src;
  }
  function load() {
    if (started) return; started = true;
    var tags = document.getElementById("after-paint").content.querySelectorAll("script");
    var srcs = Array.prototype.map.call(tags, source).filter(Boolean);
    srcs.forEach(function (src, i) {
      var s = document.createElement("script");
      s.src = src; s.async = false;  // run in order, as Dash listed them
      if (i === srcs.length - 1) s.onload = function () { window.fotavtrykkStart(); };
      document.body.appendChild(s);
    });
  }
  window.requestAnimationFrame(function () { setTimeout(load, 0); });
  setTimeout(load, 200);  // a hidden tab draws no frames
})();"""

TEMPLATE = """<!DOCTYPE html>
<html lang="{%lang%}">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body><div id="react-entry-point">{%first_paint%}</div>
<template>{%app_entry%}</template>
<div>{%config%}<script>@LOADER@</script>
<template id="after-paint">{%scripts%}</template>{%renderer%}</div></body>
</html>"""

#: Started by the loader once every script has run.
RENDERER = "window.fotavtrykkStart = function () { window.renderer = new DashRenderer(); };"


def index_string() -> str:
    """The app's template; the loader's settings (which scripts to leave out or swap, the
    view's URL encoding from dashboard/state.py) are fixed when the app starts."""
    regenerator = routes.VENDOR["regenerator-runtime.js"].exists()
    spec = {"skip": list(SKIP_SCRIPTS), "view": client_params(),
            "polyfill": [POLYFILL, "/vendor/regenerator-runtime.js"] if regenerator else None}
    loader = LOADER.replace("@SPEC@", json.dumps(spec).replace("</", "<\\/"))
    return TEMPLATE.replace("@LOADER@", loader)


def bundle_for(path: str) -> str | None:
    """The partial plotly.js bundle a page needs, if installed (else dcc's full bundle)."""
    name = "plotly-geo.min.js" if path in MAP_ONLY_PATHS else "plotly-basic.min.js"
    return f"/vendor/{name}" if routes.VENDOR[name].exists() else None


def per_request(index: str) -> str:
    """Fill the template's per-request parts: the document's language (screen readers pick
    their voice by it), the bundle, and the page itself on the pages sent rendered."""
    lang = i18n.lang_of(request.args.get("lang"))
    index = index.replace("{%lang%}", lang, 1)
    index = index.replace("{%plotly_bundle%}", json.dumps(bundle_for(request.path)), 1)
    index = with_page_title(index, request.path)
    # last: the page's text is a visitor's to choose and must not be searched again
    return index.replace("{%first_paint%}", app_shell(lang, request.path), 1)


def with_page_title(index: str, path: str) -> str:
    """The document's <title> from the page's own (what and where, in the page's language);
    Dash writes the app's title there and sets the page's only once its scripts run."""
    for entry in dash.page_registry.values():
        variables = _path_variables(entry, path)
        if variables is None or not callable(entry.get("title")):
            continue
        try:
            title = entry["title"](**variables)
        except Exception:  # noqa: BLE001 - never fail the page for its title
            return index
        app_title = f"<title>{html_escape(dash.get_app().title)}</title>"
        return index.replace(app_title, f"<title>{html_escape(title)}</title>", 1)
    return index


def app_shell(lang: str, path: str) -> str:
    """What the page shows while the app loads: the whole page on the pages registered with
    `first_paint=True`, else the header; replaced when Dash renders."""
    page = rendered_page(path)
    if page:
        return f'<div class="_dash-loading">{page}</div>'
    return ('<div class="_dash-loading app-shell">'
            f'<header class="site-header"><div class="brand-row">'
            f'<span class="brand">{html_escape(t("site", lang))}</span>'
            f'<span class="tagline">{html_escape(t("tagline", lang))}</span></div></header>'
            "</div>")


def _path_variables(entry: dict, path: str) -> dict | None:
    """The page's path variables when `path` is its address, else None."""
    template = entry.get("path_template")
    if not template:
        return {} if entry.get("path") == path else None
    prefix, _, name = template.partition("<")
    if not path.startswith(prefix):
        return None
    return {name.rstrip(">"): path.removeprefix(prefix)}


def rendered_page(path: str) -> str:
    """The page's own layout as HTML, for pages that declare `first_paint=True` when they
    register (their layout reads only the URL and the cached store, so the text paints at
    once and is the same, to the pixel, when Dash takes over); empty on any failure (the
    app then renders it as usual)."""
    for entry in dash.page_registry.values():
        variables = _path_variables(entry, path) if entry.get("first_paint") else None
        if variables is None:
            continue
        query = {k: v for k, v in request.args.to_dict().items() if k not in variables}
        try:
            return to_html(entry["layout"](**variables, **query))
        except Exception:  # noqa: BLE001 - never fail the page for its preview
            return ""
    return ""


def register(app: dash.Dash) -> None:
    """Give the app its template, renderer and per-request hook."""
    app.index_string = index_string()
    app.renderer = RENDERER
    dash.hooks.index()(per_request)
