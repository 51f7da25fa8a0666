"""Any unknown address: a friendly page with the way back, never a blank screen."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import t
from dashboard.layout import frame, notice
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path="/404", title="Fant ikke siden – Folkets Fotavtrykk")


def layout(**query) -> html.Div:
    lang = parse_lang(query)
    return frame(lang, "/", None, notice(lang, "notfound.title", t("notfound.body", lang)))
