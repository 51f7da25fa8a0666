"""Create the Dash app; gunicorn serves `server` (`gunicorn dashboard.app:server`)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html

from dashboard.layout import footer, header

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app() -> Dash:
    """The multi-page app: pages register themselves from dashboard/pages/."""
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(ASSETS),
        title="Folkets Fotavtrykk",
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = html.Div([
        dcc.Location(id="url"),
        header(),
        html.Main(dash.page_container, id="main"),
        footer(),
    ])
    return app


app = create_app()
server = app.server
