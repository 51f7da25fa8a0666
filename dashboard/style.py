"""One plotly template and one colour scale for every chart."""

from __future__ import annotations

import plotly.graph_objects as go

#: Colour-blind-safe sequential scale (viridis, reversed so darker means a larger footprint).
COLOR_SCALE = "Viridis_r"
SUPPRESSED_COLOR = "#d9d9d9"

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#eee"},
        "yaxis": {"gridcolor": "#eee"},
    }
)
