"""The map as pure functions of data frames: its areas and values, the choropleth, the
values-only update and the legend (line and bar charts are in dashboard.charts)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n, stats, style
from dashboard.i18n import num, t


def map_frame(area_names: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Every area of the level with its values; areas without a published row stay, empty."""
    frame = area_names[["code", "name"]].merge(
        values.rename(columns={"area_code": "code"}), on="code", how="left")
    # The published flag decides; an area with no row at all had no respondents, which
    # reads the same: "too few to publish".
    frame["suppressed"] = frame["suppressed"].astype("boolean").fillna(True).astype(bool)
    return frame.reset_index(drop=True)


def hover_line(row, lang: str) -> str:
    """What hovering over an area says: value, interval and count band, or why it is empty."""
    if pd.isna(row.mean):
        return t("map.suppressed", lang)
    text = (f"{num(row.mean, lang)} {t('t', lang)} (95 %: "
            f"{i18n.interval(row.ci_low, row.ci_high, lang)})<br>"
            f"{i18n.band(row.count_band)} {t('map.svar', lang)}")
    if row.reliable is not None and not pd.isna(row.reliable) and not row.reliable:
        text += f"<br>{t('map.uncertain', lang)}"
    return text


def map_update(frame: pd.DataFrame, breaks: list[float], lang: str) -> dict:
    """The per-area values a map trace needs: class per area, hover text and colour scale.

    This is all a period or category change sends to the browser; geometry stays put.
    """
    n_classes = len(breaks) + 1
    classes = stats.classify(frame["mean"], breaks)
    z = classes.where(classes >= 0, n_classes) + 0.5  # suppressed -> the grey class
    return {
        "z": [float(v) for v in z],
        "customdata": [hover_line(row, lang) for row in frame.itertuples()],
        "colorscale": style.stepped_colorscale(n_classes),
        "zmax": n_classes + 1,
    }


#: How far the map zooms in (1 = the whole level in view): far enough that the smallest
#: municipality is a finger wide on a phone, and never out beyond the whole map.
MAX_ZOOM = 16
#: The outline of the area picked on the map or searched for.
HIGHLIGHT_LINE = {"width": 3, "color": "#000000"}


def highlight(geojson: str | dict, codes: list[str]) -> go.Choropleth:
    """A transparent trace outlining `codes` (drawn over the map, never taking its clicks)."""
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    return go.Choropleth(geojson=geojson, featureidkey="id", locations=codes,
                         z=[1] * len(codes), colorscale=clear, showscale=False,
                         marker={"line": HIGHLIGHT_LINE}, hoverinfo="skip", name="highlight")


def view_of_bounds(bounds: tuple[float, float, float, float] | None) -> dict:
    """The map's frame: the areas' (west, east, south, north) as a fixed view that zooming
    scales around, or plotly's own fit where the bounds are unknown."""
    if bounds is None:
        return {"fitbounds": "locations"}
    west, east, south, north = bounds
    return {"fitbounds": False, "lonaxis": {"range": [west, east]},
            "lataxis": {"range": [south, north]},
            "center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
            "projection": {"scale": 1}}


def choropleth(geojson: str | dict, frame: pd.DataFrame, breaks: list[float], lang: str,
               height: int | None = 520, picked: list[str] | None = None,
               bounds: tuple[float, float, float, float] | None = None,
               update: dict | None = None) -> go.Figure:
    """Areas coloured by footprint class; suppressed areas grey and labelled, never as zero.

    Without a `height` the map takes its box's size (the page gives it the shape of the
    country, so no band of the box stays blank); `picked` areas are outlined; `bounds`
    frame the view (see `view_of_bounds`). Another layer (participation) passes its own
    classes, hover texts and colour scale as `update`.
    """
    update = update or map_update(frame, breaks, lang)
    fig = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey="id", locations=list(frame["code"]),
        text=list(frame["name"]), z=update["z"], customdata=update["customdata"],
        colorscale=update["colorscale"], zmin=0, zmax=update["zmax"], showscale=False,
        marker={"line": {"width": 0.4, "color": "#5a5a5a"}},
        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>",
    ))
    fig.add_trace(highlight(geojson, list(picked or [])))
    fig.update_geos(visible=False, projection_type="mercator",
                    projection={"minscale": 1, "maxscale": MAX_ZOOM},
                    bgcolor="rgba(0,0,0,0)")
    view = view_of_bounds(bounds)
    fig.update_geos(view)
    # Where the zoom buttons' 'whole map' returns to (assets/app.js), whatever was panned.
    fig.update_layout(meta={"home": view.get("center")})
    fig.update_layout(template=style.TEMPLATE, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      height=height, dragmode=False, separators=i18n.plotly_separators(lang),
                      uirevision="map", autosize=True)
    return fig


def legend_items(breaks: list[float], lang: str) -> list[tuple[str, str]]:
    """(colour, label) per map class, then the suppressed grey: the map's own classes."""
    labels = stats.class_labels(breaks, lambda v: num(v, lang))
    colors = style.class_colors(len(breaks) + 1)
    return [*zip(colors, labels, strict=True),
            (style.SUPPRESSED_COLOR, t("legend.suppressed", lang))]
