"""The map of a view: its data from the store, its figure, the values-only update a period or
category change sends, and its text alternative (front page and embedded map alike)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import Patch

from dashboard import areas, figures, geo, i18n, mobilisation, stats, store
from dashboard.components import map_words
from dashboard.components import participation_map as layer
from dashboard.components.controls import legend
from dashboard.i18n import t
from dashboard.layout import href
from dashboard.state import View

#: The embedded map's height; the front page's map takes the shape of its box instead.
MAP_HEIGHT = 560


def country_code(run_id: int) -> str:
    countries = store.area_table(run_id, areas.pack().top.name)
    return countries["code"].iloc[0] if not countries.empty else areas.pack().country_code


def by_city(view: View) -> bool:
    """Whether the view's level is drawn one city at a time (then the city picker shows)."""
    sub = areas.within()
    return sub is not None and view.level == sub.name


def city_name(view: View) -> str:
    """The name of the city a district map is drawn for ('' on a whole-country map)."""
    return geo.cities().get(view.city, "") if by_city(view) else ""


def area_href(level: str, code: str, lang: str, **context: object) -> str:
    """The page of any area on the map: /<level slug>/<code> (/bydel/030101, /fylke/50),
    with the map view's context (View.context) so the page opens at that category and month."""
    return href("/" + areas.pack().level(level).slug + "/" + code, lang, **context)


def map_data(rel: store.Release, view: View) -> tuple[pd.DataFrame, list[float]]:
    """The areas of the view with their values, and class breaks that fit the areas shown."""
    names = store.area_table(rel.run_id, view.level)
    values = store.map_values(rel.run_id, view.level, view.period, view.category)
    if not by_city(view):
        return (figures.map_frame(names, values),
                store.breaks(rel.run_id, view.level, view.category))
    names = names[names["parent_code"] == view.city]
    return figures.map_frame(names, values), city_breaks(rel, view, list(names["code"]))


def city_breaks(rel: store.Release, view: View, codes: list[str]) -> list[float]:
    """Breaks over one city's districts in every month: breaks over all districts of the
    country split a city into two or three colours and hide its differences."""
    series = store.series_many(rel.run_id, view.level, codes)
    own = series[(series["category"] == view.category) & series["mean"].notna()]
    return stats.class_breaks(own["mean"])


def layer_data(rel: store.Release, view: View) -> tuple[pd.DataFrame, list[float]]:
    """What the map colours: the footprint (map_data) or, as its own layer, participation."""
    if view.layer != layer.PARTICIPATION:
        return map_data(rel, view)
    names = store.area_table(rel.run_id, view.level)
    if by_city(view):
        names = names[names["parent_code"] == view.city]
    values = mobilisation.map_values(rel.run_id, view.level, view.period)
    return layer.layer_frame(names, values), mobilisation.breaks(rel.run_id, view.level)


def map_legend(rel: store.Release, view: View, brks: list[float]):
    """The legend of the view's layer with what its classes were fitted to: the footprint's
    `brks` (map_data), or participation's classes over the whole release, with its unit."""
    if view.layer == layer.PARTICIPATION:
        items = layer.legend_items(mobilisation.breaks(rel.run_id, view.level), view.lang)
        return legend(items, view.lang, title=t("part.unit_title", view.lang))
    return legend(figures.legend_items(brks, view.lang), view.lang,
                  map_words.legend_scope(view, city_name(view)))


def national_rows(rel: store.Release, view: View) -> tuple[dict | None, dict | None]:
    """The national row for the view's month and the one twelve months earlier."""
    national = store.series(rel.run_id, "country", country_code(rel.run_id))
    rows = national[national["category"] == view.category].set_index("period")

    def row(period: date) -> dict | None:
        return rows.loc[period].to_dict() if period in rows.index else None

    return row(view.period), row(stats.months_back(view.period, 12))


def boundaries_for(view: View) -> str | None:
    """The URL of the view's boundaries (the browser caches them; callbacks never send them)."""
    return geo.boundary_url(view.level)


def map_alt(view: View, table: bool = False) -> str:
    """The map's text alternative for the view (naming the table only where there is one)."""
    if view.layer == layer.PARTICIPATION:
        lang = view.lang
        text = t("part.map_alt", lang, level_lower=areas.label(view.level, lang, True).lower(),
                 month=i18n.month(view.period, lang))
        return text + (" " + t("map.with_table", lang) if table else "")
    return map_words.map_alt(view, city_name(view), table)


def map_figure(geojson: str | dict | None, data: pd.DataFrame, brks: list[float], view: View,
               height: int | None = MAP_HEIGHT, picked: list[str] | None = None):
    """The choropleth, or a short note where the level has no boundaries."""
    if geojson is None:
        return {"data": [], "layout": {"height": 80, "xaxis": {"visible": False},
                                       "yaxis": {"visible": False},
                                       "annotations": [{"text": t("map.unavailable", view.lang),
                                                        "showarrow": False}]}}
    prefix = view.city if by_city(view) else ""
    draw = layer.choropleth if view.layer == layer.PARTICIPATION else figures.choropleth
    fig = draw(geojson, data, brks, view.lang, height, picked, geo.bounds(view.level, prefix))
    # A zoom survives a new month or category, not a new level or city (other bounds).
    return fig.update_layout(uirevision=f"{view.level}-{prefix}")


def map_patch(data: pd.DataFrame, brks: list[float], lang: str,
              which: str = layer.FOOTPRINT) -> Patch:
    """Only the new values for the map: classes, hover texts and the colour scale."""
    update = (layer.layer_update(data, brks, lang) if which == layer.PARTICIPATION
              else figures.map_update(data, brks, lang))
    patch = Patch()
    for key, value in update.items():
        patch["data"][0][key] = value
    return patch
