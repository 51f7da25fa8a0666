"""Create the Dash app; gunicorn serves `server` (`gunicorn dashboard.app:server`)."""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

import dash
from dash import Dash, dcc, html
from flask import has_request_context, request
from flask_compress import Compress
from sqlalchemy.exc import SQLAlchemyError

from dashboard import cache, i18n, routes, store
from dashboard.i18n import t
from dashboard.state import parse_code

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


class App(Dash):
    """Dash that serves each page the smallest plotly.js bundle it needs, and an app shell."""

    def _generate_scripts_html(self) -> str:
        scripts = super()._generate_scripts_html()
        if routes.VENDOR["regenerator-runtime.js"].exists():
            scripts = _POLYFILL.sub('<script src="/vendor/regenerator-runtime.js"></script>',
                                    scripts, count=1)
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


def app_shell(lang: str, path: str) -> str:
    """What the page shows while the app loads: the header and, on the front page, its title
    and lead, from fixed texts (no request data), replaced when Dash renders."""
    def esc(key: str) -> str:
        return html_escape(t(key, lang))

    if path == "/":
        intro = (f'<main><div class="page home"><h1>{esc("home.title")}</h1>'
                 f'<p class="lead">{esc("home.lead")}</p></div></main>')
    elif path.startswith("/kommune/"):
        name = kommune_name(path.removeprefix("/kommune/"))
        intro = (f'<main><div class="page kommune"><h1>{html_escape(name)}</h1>'
                 f'<p class="lead">{html_escape(t("k.lead", lang, name=name))}</p></div></main>'
                 ) if name else ""
    else:
        intro = ""
    return ('<div id="react-entry-point"><div class="_dash-loading app-shell">'
            f'<header class="site-header"><div class="brand-row">'
            f'<span class="brand">{esc("site")}</span>'
            f'<span class="tagline">{esc("tagline")}</span></div></header>{intro}'
            "</div></div>")


def kommune_name(segment: str) -> str:
    """The municipality's name for the shell (a known code only; never echoes the URL)."""
    code = parse_code(segment)
    try:
        rel = store.current_release() if code else None
        if rel is None:
            return ""
        kommuner = store.area_table(rel.run_id, "kommune")
    except SQLAlchemyError:
        return ""
    match = kommuner[kommuner["code"] == code]
    return match.iloc[0]["name"] if not match.empty else ""


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
    return app


app = create_app()
server = app.server
