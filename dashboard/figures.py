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
    text = (f"{num(row.mean, lang)} {t('t', lang)} (95 %: {num(row.ci_low, lang)}–"
            f"{num(row.ci_high, lang)})<br>{row.count_band or '–'} {t('map.svar', lang)}")
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


def choropleth(geojson: str | dict, frame: pd.DataFrame, breaks: list[float], lang: str,
               height: int = 520) -> go.Figure:
    """Areas coloured by footprint class; suppressed areas grey and labelled, never as zero."""
    update = map_update(frame, breaks, lang)
    fig = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey="id", locations=list(frame["code"]),
        text=list(frame["name"]), z=update["z"], customdata=update["customdata"],
        colorscale=update["colorscale"], zmin=0, zmax=update["zmax"], showscale=False,
        marker={"line": {"width": 0.4, "color": "#5a5a5a"}},
        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>",
    ))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator",
                    bgcolor="rgba(0,0,0,0)")
    fig.update_layout(template=style.TEMPLATE, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      height=height, dragmode=False, separators=i18n.plotly_separators(lang),
                      uirevision="map")
    return fig


def legend_items(breaks: list[float], lang: str) -> list[tuple[str, str]]:
    """(colour, label) per map class, then the suppressed grey: the map's own classes."""
    labels = stats.class_labels(breaks, lambda v: num(v, lang))
    colors = style.class_colors(len(breaks) + 1)
    return [*zip(colors, labels, strict=True),
            (style.SUPPRESSED_COLOR, t("legend.suppressed", lang))]
