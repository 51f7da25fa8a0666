"""Create the Dash app; gunicorn serves `server` (`gunicorn dashboard.app:server`)."""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

import dash
from dash import Dash, dcc, html
from flask import has_request_context, request
from flask_compress import Compress

from dashboard import cache, health, i18n, routes
from dashboard.i18n import t
from dashboard.markup import to_html

ASSETS = Path(__file__).resolve().parent.parent / "assets"

INDEX = """<!DOCTYPE html>
<html lang="nb">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<div>{%config%}{%scripts%}{%renderer%}</div></body>
</html>"""


#: Pages whose only charts are maps get plotly.js's geo-only bundle; every other page draws
#: only lines and bars (the district map is an embedded frame) and gets the basic bundle.
#: Links between pages are full page loads, so each page gets the bundle it needs.
MAP_ONLY_PATHS = ("/", "/embed/kart")


_POLYFILL = re.compile(r'<script src="[^"]*/dash/deps/polyfill@[^"]*"></script>')
#: Dash always sends dash_table's loader; no page has a DataTable (a phone spends ~50 ms
#: running it for nothing).
_DASH_TABLE = re.compile(r'<script src="[^"]*/dash_table/bundle[^"]*"></script>\n?')


def bundle_for(path: str) -> str | None:
    """The partial plotly.js bundle a page needs, if installed (else dcc's full bundle)."""
    name = "plotly-geo.min.js" if path in MAP_ONLY_PATHS else "plotly-basic.min.js"
    return name if routes.VENDOR[name].exists() else None


def pin_bundle(name: str) -> str:
    """dcc.Graph fetches plotly.js from window._dashPlotlyJSURL when a chart first mounts
    (so text renders before it); pin that URL to the partial bundle."""
    return ('<script>Object.defineProperty(window, "_dashPlotlyJSURL", {configurable: true, '
            f'get: function () {{ return "/vendor/{name}"; }}, set: function () {{}}}});'
            "</script>\n")


#: Loads the app's scripts, in order, once the page sent rendered has painted (a phone shows
#: the numbers ~2 s before React, Dash and the components have run), then starts Dash. The
#: script tags stay in the page with a type browsers do not run, so the loader reads them.
LOADER = """<script>(function () {
  var started = false;
  function load() {
    if (started) return; started = true;
    var tags = document.querySelectorAll('script[type="text/x-after-paint"]');
    tags.forEach(function (tag, i) {
      var s = document.createElement("script");
      s.src = tag.getAttribute("src"); s.async = false;
      if (i === tags.length - 1) s.onload = function () { window.fotavtrykkStart(); };
      document.body.appendChild(s);
    });
  }
  window.requestAnimationFrame(function () { setTimeout(load, 0); });
  setTimeout(load, 200);  // a hidden tab draws no frames
})();</script>
"""


def after_first_paint(scripts: str) -> str:
    """Dash's script tags, kept for the loader (LOADER) to run after the first paint."""
    if "<script src=" not in scripts:
        return scripts
    return scripts.replace("<script src=", '<script type="text/x-after-paint" src=') + LOADER


class App(Dash):
    """Dash that serves each page the smallest plotly.js bundle it needs, and an app shell."""

    def _generate_scripts_html(self) -> str:
        scripts = super()._generate_scripts_html()
        if routes.VENDOR["regenerator-runtime.js"].exists():
            scripts = _POLYFILL.sub('<script src="/vendor/regenerator-runtime.js"></script>',
                                    scripts, count=1)
        scripts = after_first_paint(_DASH_TABLE.sub("", scripts))
        name = bundle_for(request.path) if has_request_context() else None
        return pin_bundle(name) + scripts if name else scripts

    def interpolate_index(self, **kwargs) -> str:
        if not has_request_context():
            return super().interpolate_index(**kwargs)
        lang = i18n.lang_of(request.args.get("lang"))
        kwargs["app_entry"] = app_shell(lang, request.path)
        page = super().interpolate_index(**kwargs)
        # the document's language follows the page's (screen readers pick their voice by it)
        return page.replace('<html lang="nb">', f'<html lang="{lang}">', 1)


#: Pages the server renders whole before scripts run (their layout reads only the URL and
#: the cached store): the text paints at once and is the same, to the pixel, when Dash
#: takes over, so it stays the largest paint (LCP) and nothing shifts.
RENDERED = {"/": "pages.home", "/kommune/": "pages.kommune"}


def app_shell(lang: str, path: str) -> str:
    """What the page shows while the app loads: the whole page on the front and
    municipality pages, else the header; replaced when Dash renders."""
    page = rendered_page(path)
    if page:
        return f'<div id="react-entry-point"><div class="_dash-loading">{page}</div></div>'
    return ('<div id="react-entry-point"><div class="_dash-loading app-shell">'
            f'<header class="site-header"><div class="brand-row">'
            f'<span class="brand">{html_escape(t("site", lang))}</span>'
            f'<span class="tagline">{html_escape(t("tagline", lang))}</span></div></header>'
            "</div></div>")


def rendered_page(path: str) -> str:
    """The page's own layout as HTML, for the pages in RENDERED; empty on any failure
    (the app then renders it as usual)."""
    for prefix, module in RENDERED.items():
        if path == prefix or (prefix != "/" and path.startswith(prefix)):
            entry = dash.page_registry.get(module)
            if entry is None:
                return ""
            query = request.args.to_dict()
            query.pop("code", None)
            try:
                if prefix == "/":
                    return to_html(entry["layout"](**query))
                return to_html(entry["layout"](code=path.removeprefix(prefix), **query))
            except Exception:  # noqa: BLE001 - never fail the page for its preview
                return ""
    return ""


def create_app() -> Dash:
    """The multi-page app: pages register themselves from dashboard/pages/."""
    app = App(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(ASSETS),
        assets_ignore=r"(^|/)vendor/.*\.map$",
        title="Folkets Fotavtrykk",
        suppress_callback_exceptions=True,
        compress=False,  # Flask-Compress below handles gzip and brotli
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Gjennomsnittlig klimafotavtrykk per innbygger "
                                               "i alle norske kommuner, fylker og bydeler."},
        ],
    )
    app.index_string = INDEX
    # started by LOADER once every script has run
    app.renderer = "window.fotavtrykkStart = function () { window.renderer = new DashRenderer(); };"
    app.layout = html.Div([dcc.Location(id="url"), dash.page_container])
    server = app.server
    server.config["COMPRESS_MIMETYPES"] = [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "text/csv", "image/svg+xml"]
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip"]
    server.config["COMPRESS_MIN_SIZE"] = 500
    Compress(server)
    cache.init(server)
    routes.register(server)
    health.register(server)
    return app


app = create_app()
server = app.server
