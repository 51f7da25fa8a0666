"""The map's words built from the view: its title, its text alternative and what its colour
classes cover, in the view's language, so they change whenever level, city, category or month
change (a fixed sentence went stale the moment a control was touched)."""

from __future__ import annotations

from dashboard import areas, i18n
from dashboard.i18n import t
from dashboard.state import LAYERS, View


def where(view: View, city: str = "", capital: bool = False) -> str:
    """'kommuner', 'bydeler i Oslo' (or 'Kommuner', 'Bydeler i Oslo' to start a sentence):
    which areas the map shows; `city` is the name of the city a district map is drawn for."""
    levels = areas.label(view.level, view.lang, plural=True)
    levels = levels if capital else levels[:1].lower() + levels[1:]
    if city:
        return t("map.where_city", view.lang, levels=levels, city=city)
    return levels


def _what(view: View) -> dict[str, str]:
    # the participation layer has no category: its name stands where the category would
    what = (t("part.layer", view.lang) if view.layer == LAYERS[1]
            else i18n.category(view.category, view.lang))
    return {"category": what.lower(),
            "month": i18n.month(view.period, view.lang) if view.period else ""}


def map_title(view: View, city: str = "") -> str:
    """'Bydeler i Oslo: transport, januar 2025' – the heading over the map."""
    return t("map.title", view.lang, where=where(view, city, capital=True), **_what(view))


def map_alt(view: View, city: str = "", table: bool = False) -> str:
    """The map's text alternative; it names the table only where one is on the page."""
    text = t("map.describe", view.lang, where=where(view, city), **_what(view))
    return text + (" " + t("map.with_table", view.lang) if table else "")


def legend_scope(view: View, city: str = "") -> str:
    """What the colour classes were fitted to: the areas shown, over every month (so a colour
    keeps its meaning while the months play)."""
    return t("legend.scope", view.lang, where=where(view, city))
