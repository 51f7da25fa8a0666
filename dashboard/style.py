"""One plotly template and one colour scheme for every chart and map."""

from __future__ import annotations

import plotly.graph_objects as go

#: Six sequential classes from viridis (colour-blind safe, readable in greyscale),
#: light = small footprint, dark = large footprint.
CLASS_COLORS: tuple[str, ...] = (
    "#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154",
)
#: Suppressed areas: a neutral grey no class uses, drawn with a darker outline.
SUPPRESSED_COLOR = "#c8c8c8"
BORDER_COLOR = "#ffffff"

AREA = "#1f5f8b"            # the area in focus
AREA_BAND = "rgba(31,95,139,0.18)"
NATIONAL = "#4d4d4d"
COUNTY = "#b35806"
HOUSEHOLD = "#1f5f8b"
PATH = "#1a9850"
#: Up to eight areas side by side (Okabe–Ito, colour-blind safe; yellow left out for contrast).
SERIES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000",
          "#7f4f24")
#: Footprint categories stacked in one bar, in contract order (Okabe–Ito, then grey); a
#: category beyond these takes the area colours above.
CATEGORY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#7f7f7f")


def category_colour(index: int) -> str:
    """The colour of the category at `index` in contract.CATEGORIES."""
    palette = CATEGORY_COLORS + tuple(c for c in SERIES if c not in CATEGORY_COLORS)
    return palette[index % len(palette)]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 13, "color": "#1a1a1a"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(SERIES),
        "xaxis": {"gridcolor": "#e6e6e6", "linecolor": "#888", "fixedrange": True},
        "yaxis": {"gridcolor": "#e6e6e6", "linecolor": "#888", "fixedrange": True,
                  "rangemode": "tozero"},
        "hoverlabel": {"font": {"family": FONT}},
        # Above the plot: below it, a legend lands on the x-axis title and tick labels.
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "margin": {"l": 45, "r": 10, "t": 10, "b": 40},
    }
)

#: dcc.Graph config for every chart: no mode bar, no external requests (topojson served here).
#: Pictures are downloaded with the buttons assets/chart-export.js puts under each chart,
#: not the mode bar's camera: its picture would leave out the title, source and release.
GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True,
                "topojsonURL": "/assets/topojson/"}


def stepped_colorscale(n_classes: int) -> list[list]:
    """A discrete colour scale: classes 0..n-1 then the suppressed grey as class n."""
    colors = [*class_colors(n_classes), SUPPRESSED_COLOR]
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale.append([i / len(colors), color])
        scale.append([(i + 1) / len(colors), color])
    return scale


def class_colors(n_classes: int) -> list[str]:
    """n colours spread over the six-class palette (all six when n = 6)."""
    if n_classes >= len(CLASS_COLORS):
        return list(CLASS_COLORS)
    if n_classes <= 1:
        return [CLASS_COLORS[2]]
    step = (len(CLASS_COLORS) - 1) / (n_classes - 1)
    return [CLASS_COLORS[round(i * step)] for i in range(n_classes)]
