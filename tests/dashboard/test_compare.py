"""The compare page: lines with intervals against the country, honest empty states, the
table and its CSV, and what it left out of the address."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

import dashboard.app  # noqa: F401  (creates the app, which loads and registers the pages)
from dashboard import compare_charts, store
from dashboard.pages import compare
from tests.dashboard.test_pages import text_of

MONTHS = [date(2026, m, 1) for m in (8, 9, 10)]


def frame(code: str, means: list[float | None], category: str = "total") -> pd.DataFrame:
    return pd.DataFrame({
        "area_code": code, "period": MONTHS, "category": category,
        "mean": [float("nan") if m is None else m for m in means],
        "ci_low": [float("nan") if m is None else m - 1 for m in means],
        "ci_high": [float("nan") if m is None else m + 1 for m in means],
        "count_band": [None if m is None else "50-99" for m in means]})


def test_lines_draw_bands_and_the_country_and_skip_hidden_areas():
    data = pd.concat([frame("A", [10.0, None, 11.0]), frame("B", [None, None, None])])
    fig = compare_charts.lines(data, {"A": "Aby", "B": "Bby"}, "total", "en",
                               national=frame("N", [12.0, 12.0, 12.0]))
    names = [trace.name for trace in fig.data]
    assert "Bby" not in names  # nothing to draw: named on the page instead
    line = next(tr for tr in fig.data if tr.name == "Aby")
    assert line.mode == "lines" and line.connectgaps is False
    band = next(tr for tr in fig.data if tr.fill == "toself")
    assert band.legendgroup == line.legendgroup and list(band.y) == [11.0, 12.0, 10.0, 9.0]
    country = fig.data[-1]
    assert country.name == "Norway" and country.line.dash == "dash"


def test_shown_keeps_the_chosen_order():
    data = pd.concat([frame("A", [1.0, 2.0, 3.0]), frame("B", [None, 4.0, None]),
                      frame("C", [None, None, None])])
    assert compare_charts.shown(data, ["B", "C", "A"], "total") == ["B", "A"]
    assert compare_charts.shown(data, ["A"], "food") == []


def test_rows_leave_hidden_values_empty_and_put_the_country_last():
    latest = pd.concat([frame("A", [9.0, 9.0, 10.0]), frame("B", [None] * 3)])
    latest = latest[latest["period"] == MONTHS[-1]]
    country = frame("N", [12.0] * 3).iloc[[-1]]
    rows = compare_charts.rows(latest, {"B": "Bby", "A": "Aby"}, "total", country, "Norge")
    assert list(rows["name"]) == ["Bby", "Aby", "Norge"]
    assert rows["mean"].isna().tolist() == [True, False, False]
    assert rows["country"].tolist() == [False, False, True]
    assert (rows.loc[1, "ci_low"], rows.loc[1, "ci_high"]) == (9.0, 11.0)


def test_line_chart_is_described_as_a_line_chart_in_both_languages():
    assert compare_charts.alt_lines(["Oslo"], "food", "nb").startswith("Linjediagram")
    english = compare_charts.alt_lines(["Oslo", "Bergen"], "food", "en")
    assert english.startswith("Line chart") and "Oslo, Bergen" in english
    assert "Norway" in english and "bar" not in english.lower()


def _suppressed(codes: list[str], rel) -> list[str]:
    data = store.series_many(rel.run_id, "kommune", codes)
    total = data[data["category"] == "total"]
    return [c for c in codes if total[total["area_code"] == c]["mean"].isna().all()]


@pytest.fixture
def suppressed_codes(app) -> list[str]:
    rel = store.current_release()
    codes = list(store.area_table(rel.run_id, "kommune")["code"])
    hidden = _suppressed(codes, rel)
    assert len(hidden) >= 2, "the demo store is expected to hide some small municipalities"
    return hidden[:2]


@pytest.mark.parametrize(("lang", "words"), [("nb", "Ingen tall for"),
                                             ("en", "No numbers for")])
def test_only_suppressed_areas_say_what_is_hidden_and_draw_no_chart(suppressed_codes, lang,
                                                                    words):
    page = compare.layout(k=",".join(suppressed_codes), lang=lang)
    text = text_of(page)
    assert words in text
    assert '"c-lines"' not in text and '"c-bars"' not in text
    assert ("Norge" if lang == "nb" else "Norway") in text  # the country's row for reference


def test_a_partly_suppressed_compare_names_what_it_did_not_draw(app, suppressed_codes):
    text = text_of(compare.layout(k=f"0301,{suppressed_codes[0]}", lang="en"))
    assert "Not drawn:" in text and '"c-lines"' in text
    assert "Line chart of total" in text


def test_compare_names_the_entries_beyond_eight(app):
    rel = store.current_release()
    table = store.area_table(rel.run_id, "kommune")
    nine = list(table["code"][:9])
    text = text_of(compare.layout(k=",".join([*nine, "9999"]), lang="en"))
    ninth = table[table["code"] == nine[8]].iloc[0]["name"]
    assert f"at most 8 municipalities: {ninth}" in text
    assert "no municipality has that code: 9999" in text


def test_table_lists_values_with_intervals_and_links_its_csv(app):
    text = text_of(compare.layout(k="0301,5001", kategori="food", lang="en"))
    assert "95 % interval" in text
    assert "/data/sammenlign.csv?k=0301,5001&kategori=food&lang=en" in text


def test_compare_csv_has_every_month_of_the_areas_and_the_country(app, suppressed_codes):
    client = app.test_client()
    response = client.get("/data/sammenlign.csv",
                          query_string={"k": f"0301,{suppressed_codes[0]},9999"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    country = {r["area_code"] for r in rows} - {"0301", suppressed_codes[0]}
    assert len(country) == 1  # the two areas asked for, the country, and not 9999
    assert {r["category"] for r in rows} == {"total"}
    hidden = [r for r in rows if r["area_code"] == suppressed_codes[0]]
    assert hidden and all(r["mean"] == "" and r["suppressed"] == "true" for r in hidden)
    assert {r["area_name"] for r in rows if r["area_code"] in country} == {"Norge"}
    assert client.get("/data/sammenlign.csv?k=9999").status_code == 404


def test_category_bars_keep_the_legend_clear_of_the_axis_title():
    latest = pd.concat([frame("A", [1.0, 2.0, 3.0], c) for c in ("housing", "food")])
    fig = compare_charts.bars(latest[latest["period"] == MONTHS[-1]], {"A": "Aby"}, "en")
    assert fig.layout.legend.y >= 1 and fig.layout.legend.yanchor == "bottom"
    food = next(tr for tr in fig.data if tr.name == "Food")
    assert list(food.y) == ["Aby"] and list(food.x) == [3.0]
