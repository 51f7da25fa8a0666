"""Participation as a map layer: respondents per 1,000 adults, in its own colours.

A choice beside the footprint categories on the front page. Its colours are blues, not the
footprint's viridis, so nobody reads a high participation as a high footprint; suppressed
areas keep the same grey, never a colour of zero. Pure functions of data frames, like
dashboard.figures.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.contract import PUBLISHED_CATEGORIES
from dashboard import figures, i18n, stats, style
from dashboard.i18n import num, t
from dashboard.state import LAYERS, View

#: The layer's name in views and URLs (`lag=participation`); the footprint is the default.
FOOTPRINT, PARTICIPATION = LAYERS
#: Six sequential blues (ColorBrewer, colour-blind safe), light = few take part.
COLORS: tuple[str, ...] = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def category_choice(view: View) -> tuple[list[tuple[str, str]], str]:
    """The front page's category options, participation beside them, and the chosen one."""
    options = [(c, i18n.category(c, view.lang)) for c in PUBLISHED_CATEGORIES]
    chosen = PARTICIPATION if view.layer == PARTICIPATION else view.category
    return [*options, (PARTICIPATION, t("part.layer", view.lang))], chosen


def layer_frame(area_names: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Every area of the level with its rate; an area with no row had nobody to count."""
    frame = area_names[["code", "name"]].merge(
        values.rename(columns={"area_code": "code"}), on="code", how="left")
    frame["suppressed"] = frame["suppressed"].astype("boolean").fillna(True).astype(bool)
    for col in ("per_1000", "respondents", "adults"):
        frame[col] = pd.to_numeric(frame.get(col), errors="coerce")
    return frame.reset_index(drop=True)


def _colors(n_classes: int) -> list[str]:
    if n_classes >= len(COLORS):
        return list(COLORS)
    step = (len(COLORS) - 1) / max(n_classes - 1, 1)
    return [COLORS[round(i * step)] for i in range(max(n_classes, 1))]


def colorscale(n_classes: int) -> list[list]:
    """Discrete classes 0..n-1, then the suppressed grey as class n."""
    colors = [*_colors(n_classes), style.SUPPRESSED_COLOR]
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale += [[i / len(colors), color], [(i + 1) / len(colors), color]]
    return scale


def hover_line(row, lang: str) -> str:
    """The rate, the count band it rests on and the adults, or why there is none."""
    if pd.isna(row.per_1000):
        return t("map.suppressed", lang)
    return (f"{num(row.per_1000, lang)} {t('part.unit', lang)}<br>"
            f"{row.count_band or '–'} {t('map.svar', lang)}, "
            f"{num(row.adults, lang, 0)} {t('part.adults', lang)}")


def layer_update(frame: pd.DataFrame, breaks: list[float], lang: str) -> dict:
    """What a month or level change sends: class per area, hover text and colour scale."""
    n_classes = len(breaks) + 1
    classes = stats.classify(frame["per_1000"], breaks)
    z = classes.where(classes >= 0, n_classes) + 0.5
    return {"z": [float(v) for v in z],
            "customdata": [hover_line(row, lang) for row in frame.itertuples()],
            "colorscale": colorscale(n_classes), "zmax": n_classes + 1}


def choropleth(geojson: str | dict, frame: pd.DataFrame, breaks: list[float], lang: str,
               height: int | None = None, picked: list[str] | None = None,
               bounds: tuple[float, float, float, float] | None = None) -> go.Figure:
    """Areas coloured by their participation class, on the footprint map's own frame (its
    zoom, bounds and outline of a picked area)."""
    return figures.choropleth(geojson, frame, breaks, lang, height, picked, bounds,
                              update=layer_update(frame, breaks, lang))


def legend_items(breaks: list[float], lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class, then the suppressed grey."""
    labels = stats.class_labels(breaks, lambda v: num(v, lang))
    return [*zip(_colors(len(breaks) + 1), labels, strict=True),
            (style.SUPPRESSED_COLOR, t("legend.suppressed", lang))]
