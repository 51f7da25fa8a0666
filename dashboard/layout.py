"""Page furniture shared by every page: header and footer with source and licence."""

from __future__ import annotations

from dash import dcc, html

ATTRIBUTION = (
    "Kart: © Kartverket (CC BY 4.0). Befolkning: Statistisk sentralbyrå (CC BY 4.0). "
    "Fotavtrykk: anonymiserte egenrapporterte estimater."
)


def header() -> html.Header:
    return html.Header(className="site-header", children=[
        dcc.Link("Folkets Fotavtrykk", href="/", className="brand"),
        html.Span("Gjennomsnittlig klimafotavtrykk per innbygger", className="tagline"),
    ])


def footer() -> html.Footer:
    return html.Footer(className="site-footer", children=[html.P(ATTRIBUTION)])


def empty_store() -> html.Div:
    """What a visitor sees before the first release: a message, never a traceback."""
    return html.Div(className="notice", role="status", children=[
        html.H1("Ingen tall publisert ennå"),
        html.P("Dataene oppdateres hver natt. Kom tilbake litt senere."),
    ])
