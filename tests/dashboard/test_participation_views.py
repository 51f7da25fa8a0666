"""The participation layer everywhere the front page's map shows: the lead sentence, the
table beside the map, the map's CSV and the embedded map follow it, in both languages."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from types import SimpleNamespace

import pandas as pd

import dashboard.app  # noqa: F401  (creates the app, which registers the pages)
from dashboard import mobilisation, store
from dashboard.components.participation import participation_panel
from dashboard.components.stayers_chart import stayers_figure
from dashboard.markup import Markup
from dashboard.pages import embed_map, home
from tests.dashboard.test_pages import text_of
from tests.dashboard.test_scenario_page import nodes

PART = {"kategori": "participation"}


def _table(page) -> str:
    """The HTML of the table beside the map (sent as markup, one element)."""
    (found,) = [m.html for m in nodes(page, Markup) if 'class="ranking' in m.html]
    return found


def _rates(table: str) -> list[float]:
    """The rate of every row that has one (suppressed rows say so instead)."""
    rates = re.findall(r'<td class="num">([^<]+)</td><td class="num band">', table)
    return [float(r.replace("\u00a0", "").replace(" ", "").replace(",", ".")) for r in rates]


def test_the_lead_says_what_the_blues_mean_in_both_languages(app):
    nb, en = text_of(home.layout(**PART)), text_of(home.layout(lang="en", **PART))
    assert "Mørkere farge betyr større fotavtrykk" not in nb
    assert "Mørkere blå betyr at flere er med" in nb
    assert "larger footprint" not in en and "Darker blue means more take part" in en
    assert "Mørkere farge betyr større fotavtrykk" in text_of(home.layout())


def test_the_table_lists_participation_sorted_with_its_count_band(app):
    table = _table(home.layout(lang="en", **PART))
    text = table
    assert "by participation (respondents per 1,000 adults)" in text
    assert "Respondents per 1,000 adults" in text and "t CO₂e" not in text
    rates = _rates(table)
    assert len(rates) > 5 and rates == sorted(rates)
    high = _rates(_table(home.layout(sort="high", **PART)))
    assert high == sorted(high, reverse=True)


def test_the_table_callback_follows_the_layer(app):
    out = home.update_table("kommune", "0301", "participation", 3, "low", 0, "nb")
    assert "etter deltakelse" in text_of(out[1]) and "etter deltakelse" in out[8]
    assert "Mørkere blå" in out[9] and out[6].startswith("Kommuner: deltakelse, ")
    back = home.update_table("kommune", "0301", "total", 3, "low", 0, "nb")
    assert "etter fotavtrykk" in back[8] and "større fotavtrykk" in back[9]


def test_the_map_csv_follows_the_layer_with_its_unit(app):
    client = app.test_client()
    response = client.get("/data/kart.csv?kategori=participation")
    assert response.status_code == 200
    assert "participation" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["area_code", "area_name", "period", "respondents_per_1000_adults",
                             "respondents", "count_band", "adults", "suppressed"]
    assert len(rows) == 357
    shown = [r for r in rows if r["suppressed"] == "false"]
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert shown and all(float(r["respondents_per_1000_adults"]) > 0 for r in shown)
    assert hidden and all(r["respondents_per_1000_adults"] == "" for r in hidden)
    footprint = client.get("/data/kart.csv").get_data(as_text=True)
    assert footprint.startswith("area_code,area_name,period,category,mean")


def test_the_embedded_map_follows_the_layer(app):
    page = text_of(embed_map.layout(lang="en", **PART))
    assert "Participation, respondents per 1,000 adults" in page
    assert "Respondents per 1,000 adults" in page  # the legend's unit
    assert "average footprint" not in page
    assert "Climate footprint per resident" in text_of(embed_map.layout(lang="en"))


def test_the_stayers_chart_shows_only_published_months():
    months = [date(2026, m, 1) for m in (7, 8, 9, 10)]
    change = pd.DataFrame({"period": months, "mean_change": [-0.4, None, -0.2, -0.5],
                           "ci_low": [-0.6, None, -0.4, -0.7], "ci_high": [-0.2, None, 0.1, -0.3],
                           "suppressed": [False, True, False, False]})
    fig = stayers_figure(change, "Trondheim", "en")
    (points,) = fig.data
    assert list(points.x) == [months[0], months[2], months[3]]
    assert list(points.y) == [-0.4, -0.2, -0.5] and points.mode == "markers"
    assert [round(v, 2) for v in points.error_y.array] == [0.2, 0.3, 0.2]
    assert [round(v, 2) for v in points.error_y.arrayminus] == [0.2, 0.2, 0.2]
    assert stayers_figure(change.assign(suppressed=True), "Utsira", "en") is None


def test_the_panel_draws_the_stayers_chart_where_a_month_is_published(app):
    rel = store.current_release()
    names = store.area_table(rel.run_id, "kommune").set_index("code")["name"]
    drawn = {}
    for code in ("0301", "5001", "4601", "1103"):
        change = mobilisation.change(rel.run_id, "kommune", code)
        published = bool((~change["suppressed"] & change["mean_change"].notna()).any())
        data = SimpleNamespace(code=code, name=names[code],
                               series=store.series(rel.run_id, "kommune", code))
        drawn[code] = ("part-stayers-figure" in text_of(participation_panel(data, rel, "nb")),
                       published)
    assert all(shown == published for shown, published in drawn.values())
    assert any(shown for shown, _ in drawn.values())
