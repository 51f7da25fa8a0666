"""Create the Dash app; gunicorn serves `server` (`gunicorn dashboard.app:server`)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html
from flask_compress import Compress

from dashboard import (
    api,
    cache,
    compare_csv,
    document,
    headers,
    health,
    inputs,
    pagecache,
    routes,
    status,
)

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app() -> Dash:
    """The multi-page app: pages register themselves from dashboard/pages/."""
    app = Dash(
        # The package's name: Dash then loads the pages as dashboard.pages.<name>, so code
        # and tests import them like any other module (with __name__ they were pages.<name>).
        __package__,
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
    document.register(app)
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
    compare_csv.register(server)
    api.register(server)
    health.register(server)
    status.register(server)
    inputs.register(app)
    headers.register(server)  # after Compress: reads the page before it is compressed
    # last: in front of everything above, so a kept answer skips Flask and Dash entirely
    pagecache.install(server, cache.shared_backend(server), cache.cache.local_stores)
    return app


app = create_app()
server = app.server
