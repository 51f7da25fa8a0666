"""A chart's legend never sits where its x-axis title is drawn."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, compare_charts


def _latest(mean: float) -> pd.DataFrame:
    cats = ["housing", "transport", "food", "goods", "public"]
    return pd.DataFrame({"category": cats, "mean": mean, "ci_low": mean - .1,
                         "ci_high": mean + .1, "area_code": "5001"})


def _legend_clear_of_x_title(fig) -> bool:
    layout = fig.layout
    legend = layout.template.layout.legend.to_plotly_json() | layout.legend.to_plotly_json()
    titled = bool(layout.xaxis.title.text)
    above = legend.get("y", 1) >= 1 and legend.get("yanchor") == "bottom"
    return not titled or above


def test_bar_charts_with_an_axis_title_put_their_legend_above():
    assert _legend_clear_of_x_title(charts.breakdown(_latest(2.0), _latest(2.5), "Trondheim",
                                                     "nb"))
    assert _legend_clear_of_x_title(compare_charts.bars(_latest(2.0), {"5001": "Trondheim"},
                                                        "en"))


def test_the_trend_legend_hangs_below_the_plot_not_over_it():
    months = pd.date_range("2025-01-01", periods=3, freq="MS").date
    series = pd.DataFrame({"period": list(months) * 2, "category": ["total"] * 3 + ["public"] * 3,
                           "mean": [12, 12, 12, 3, 3, 3], "ci_low": 11.5, "ci_high": 12.5})
    fig = charts.trend(series, "Trondheim", "nb")
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"
