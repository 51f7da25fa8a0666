"""The map of a view: its data from the store, its figure, the values-only update a period or
category change sends, and its text alternative (front page and embedded map alike)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import Patch

from dashboard import areas, figures, geo, i18n, mobilisation, stats, store
from dashboard.components import participation_map as layer
from dashboard.components.controls import legend
from dashboard.i18n import t
from dashboard.state import View

MAP_HEIGHT = 560


def country_code(run_id: int) -> str:
    countries = store.area_table(run_id, areas.pack().top.name)
    return countries["code"].iloc[0] if not countries.empty else areas.pack().country_code


def by_city(view: View) -> bool:
    """Whether the view's level is drawn one city at a time (then the city picker shows)."""
    sub = areas.within()
    return sub is not None and view.level == sub.name


def map_data(rel: store.Release, view: View) -> tuple[pd.DataFrame, list[float]]:
    """The areas of the view with their values, and the level's class breaks."""
    names = store.area_table(rel.run_id, view.level)
    values = store.map_values(rel.run_id, view.level, view.period, view.category)
    if by_city(view):
        names = names[names["parent_code"] == view.city]
    return figures.map_frame(names, values), store.breaks(rel.run_id, view.level, view.category)


def layer_data(rel: store.Release, view: View) -> tuple[pd.DataFrame, list[float]]:
    """What the map colours: the footprint (map_data) or, as its own layer, participation."""
    if view.layer != layer.PARTICIPATION:
        return map_data(rel, view)
    names = store.area_table(rel.run_id, view.level)
    if by_city(view):
        names = names[names["parent_code"] == view.city]
    values = mobilisation.map_values(rel.run_id, view.level, view.period)
    return layer.layer_frame(names, values), mobilisation.breaks(rel.run_id, view.level)


def map_legend(rel: store.Release, view: View):
    """The legend of the view's layer (its classes over the whole release), with its unit."""
    if view.layer == layer.PARTICIPATION:
        return legend(layer.legend_items(mobilisation.breaks(rel.run_id, view.level),
                                         view.lang), view.lang, t("part.unit_title", view.lang))
    brks = store.breaks(rel.run_id, view.level, view.category)
    return legend(figures.legend_items(brks, view.lang), view.lang)


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


def map_alt(view: View) -> str:
    lang = view.lang
    if view.layer == layer.PARTICIPATION:
        return t("part.map_alt", lang, level_lower=areas.label(view.level, lang, True).lower(),
                 month=i18n.month(view.period, lang))
    return t("map.alt", lang, level_lower=areas.label(view.level, lang, True).lower(),
             category=i18n.category(view.category, lang).lower(),
             month=i18n.month(view.period, lang))


def map_figure(geojson: str | dict | None, data: pd.DataFrame, brks: list[float], view: View):
    """The choropleth, or a short note where the level has no boundaries."""
    if geojson is None:
        return {"data": [], "layout": {"height": 80, "xaxis": {"visible": False},
                                       "yaxis": {"visible": False},
                                       "annotations": [{"text": t("map.unavailable", view.lang),
                                                        "showarrow": False}]}}
    if view.layer == layer.PARTICIPATION:
        return layer.choropleth(geojson, data, brks, view.lang, MAP_HEIGHT)
    return figures.choropleth(geojson, data, brks, view.lang, MAP_HEIGHT)


def map_patch(data: pd.DataFrame, brks: list[float], lang: str,
              which: str = layer.FOOTPRINT) -> Patch:
    """Only the new values for the map: classes, hover texts and the colour scale."""
    update = (layer.layer_update(data, brks, lang) if which == layer.PARTICIPATION
              else figures.map_update(data, brks, lang))
    patch = Patch()
    for key, value in update.items():
        patch["data"][0][key] = value
    return patch
