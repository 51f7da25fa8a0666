"""Mobilisation on the dashboard: the participation layer, the panel's sentences and chart."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd

from dashboard import store, style
from dashboard.components import participation_map as layer
from dashboard.components.participation import (
    change_lines,
    participation_figure,
    participation_line,
    participation_panel,
)
from dashboard.markup import to_html
from dashboard.state import parse

OCT, OCT_BEFORE = date(2026, 10, 1), date(2025, 10, 1)


def _rates(rows: list[tuple[date, float | None]]) -> pd.DataFrame:
    return pd.DataFrame({"period": [p for p, _ in rows], "per_1000": [r for _, r in rows],
                         "count_band": ["100-499" if r else None for _, r in rows],
                         "suppressed": [r is None for _, r in rows]})


def _footprint(now: float, then: float) -> pd.DataFrame:
    return pd.DataFrame({"period": [OCT_BEFORE, OCT], "category": ["total", "total"],
                         "mean": [then, now], "ci_low": [then - 0.2, now - 0.2],
                         "ci_high": [then + 0.2, now + 0.2]})


def test_the_line_says_how_many_take_part_now_and_a_year_before():
    series = _rates([(OCT_BEFORE, 6.0), (OCT, 8.8)])
    assert participation_line(series, "Trondheim", OCT, "nb") == (
        "I oktober 2026 hadde 8,8 av hver 1 000 voksne i Trondheim gitt et anslag de siste "
        "12 månedene (100-499 svar). Ett år før: 6,0.")
    assert "8.8 in every 1,000 adults" in participation_line(series, "Trondheim", OCT, "en")


def test_a_suppressed_month_says_too_few_never_zero():
    line = participation_line(_rates([(OCT, None)]), "Utsira", OCT, "nb")
    assert line.startswith("For få svar i Utsira") and "0" not in line.split("2026")[0]


def test_stayers_change_is_shown_apart_from_everyones():
    change = pd.DataFrame({"period": [OCT], "count_band": ["500-999"], "mean_change": [-0.5],
                           "ci_low": [-0.6], "ci_high": [-0.3], "trend": ["falling"]})
    lines = change_lines(change, _footprint(now=11.0, then=11.2), "Trondheim", OCT, "en")
    assert lines[0] == ("The 500-999 people in Trondheim who answered both a year ago and now "
                        "changed their footprint by −0.5 t per person (95 %: −0.6 to −0.3). "
                        "That is a fall.")
    assert "the average changed by −0.2 t" in lines[1]


def test_no_published_change_is_explained_not_guessed():
    empty = pd.DataFrame(columns=["period", "mean_change"])
    (line,) = change_lines(empty, _footprint(11.0, 11.2), "Utsira", OCT, "nb")
    assert line.startswith("For få i Utsira")


def test_the_chart_leaves_gaps_where_counts_are_hidden():
    series = _rates([(date(2026, 8, 1), 5.0), (date(2026, 9, 1), None), (OCT, 6.0)])
    national = _rates([(date(2026, 8, 1), 2.0), (OCT, 2.5)])
    fig = participation_figure(series, national, "Utsira", "nb")
    assert [t.name for t in fig.data] == ["Utsira", "Norge"]
    assert pd.isna(fig.data[0].y[1]) and fig.data[0].connectgaps is False


def test_the_layer_has_its_own_colours_and_greys_out_hidden_areas():
    names = pd.DataFrame({"code": ["a", "b", "c"], "name": ["A", "B", "C"]})
    values = pd.DataFrame({"area_code": ["a", "b"], "per_1000": [1.0, None],
                           "respondents": [20, None], "adults": [20_000, 900],
                           "count_band": ["10-49", None], "suppressed": [False, True]})
    frame = layer.layer_frame(names, values)
    assert frame["suppressed"].tolist() == [False, True, True]  # no row: nobody to count
    update = layer.layer_update(frame, [0.5, 2.0], "nb")
    assert update["z"] == [1.5, 3.5, 3.5]
    colours = {c for _, c in update["colorscale"]}
    assert style.SUPPRESSED_COLOR in colours
    assert not colours & set(style.CLASS_COLORS)  # never read as a footprint
    assert update["customdata"][1] == "For få svar til å publisere"
    assert "1,0 per 1 000 voksne" in update["customdata"][0]


def test_participation_is_a_choice_beside_the_categories_kept_in_the_url():
    view = parse({"kategori": "participation"})
    assert (view.layer, view.category) == ("participation", "total")
    assert view.query("category") == {"kategori": "participation"}
    options, chosen = layer.category_choice(view)
    assert chosen == "participation" and options[-1] == ("participation", "Deltakelse")
    assert parse({"kategori": "food"}).layer == "footprint"


def test_the_panel_reads_the_release(app):
    rel = store.current_release()
    names = store.area_table(rel.run_id, "kommune").set_index("code")["name"]
    series = store.series(rel.run_id, "kommune", "0301")
    data = SimpleNamespace(code="0301", name=names["0301"], series=series)
    html = to_html(participation_panel(data, rel, "en"))
    assert "How many of us take part" in html
    assert "per 1,000 adults" in html
    assert "Change among those who stay" in html
