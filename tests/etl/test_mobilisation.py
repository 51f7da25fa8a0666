"""Mobilisation: participation per 1,000 adults and the stayers' own change (issue 13)."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from core.contract import CATEGORIES
from core.store.schema import aggregates, participation, stayer_change
from etl.disclosure import OFF, change
from etl.engines.dialect import DUCKDB
from etl.levels import Levels
from etl.steps.participation import adults, rates
from etl.steps.spans import spans_sql
from etl.steps.stayers import stayers_sql
from tests.conftest import read_table

LEVELS = Levels.of(None)


def _records(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """Staged-like records in Oslo: (respondent, month, total tonnes split evenly)."""
    return pd.DataFrame([{
        "respondent_id": who, "submitted_at": pd.Timestamp(f"{month}-10 12:00"),
        "row_number": i, "seq": 0, "fylke": "03", "kommune": "0301", "bydel": None,
        "age_group": "30-44", "sex": "female",
        **{c: total / len(CATEGORIES) for c in CATEGORIES}} for i, (who, month, total)
        in enumerate(rows)])


def _stayers(rows, first=date(2024, 1, 1), last=date(2026, 6, 1)) -> pd.DataFrame:
    con = duckdb.connect()
    recs = _records(rows)  # noqa: F841 (read by name below)
    con.execute("CREATE TABLE recs AS SELECT * FROM recs")
    spans = f"({spans_sql(DUCKDB, 'recs', last, 12, 's', LEVELS)})"
    out = con.execute(stayers_sql(DUCKDB, spans, first, last, LEVELS)).df()
    out["period"] = pd.to_datetime(out["period"]).dt.date
    return out.set_index(["level", "area_code", "period"]).sort_index()


def test_each_stayer_adds_their_own_change_over_a_year():
    cells = _stayers([
        ("a", "2024-01", 10.0), ("a", "2025-01", 8.0),    # -2 from 2025-01 to 2025-12
        ("b", "2024-03", 5.0), ("b", "2025-06", 6.0),     # +1 from 2025-06 to 2026-02
        ("c", "2025-02", 9.0),                            # one estimate: never a stayer
        ("d", "2024-01", 10.0), ("d", "2024-06", 9.0), ("d", "2025-03", 7.0),
    ])
    country = cells.loc[("country", "NO")]
    # Worked by hand: d compares 2024-06 with 2024-01 (-1) in 2025-01..02, then 2025-03
    # with 2024-01 (-3) in 2025-03..05, then 2025-03 with 2024-06 (-2) up to 2026-02.
    expected = {date(2025, 1, 1): (2, -3.0, 5.0), date(2025, 4, 1): (2, -5.0, 13.0),
                date(2025, 6, 1): (3, -3.0, 9.0), date(2026, 1, 1): (2, -1.0, 5.0)}
    for month, (n, total, squares) in expected.items():
        row = country.loc[month]
        assert (row["n"], row["change_sum"], row["change_sumsq"]) == pytest.approx(
            (n, total, squares))
    assert date(2024, 12, 1) not in country.index  # nobody had answered a year before
    assert date(2026, 3, 1) not in country.index   # every pair has left the window
    # The same stayers in the county and the municipality, none in a district.
    pd.testing.assert_frame_equal(cells.loc[("kommune", "0301")], country)
    pd.testing.assert_frame_equal(cells.loc[("fylke", "03")], country)
    assert "bydel" not in cells.index.get_level_values("level")


PARENTS = pd.DataFrame({"level": ["country", "fylke", "kommune", "kommune"],
                        "code": ["NO", "03", "0301", "0302"],
                        "parent_level": [None, "country", "fylke", "fylke"],
                        "parent_code": [None, "NO", "03", "03"]})


def _cells(n_by_area: dict[str, int], mean: float = -0.5) -> pd.DataFrame:
    level = {"NO": "country", "03": "fylke"}
    return pd.DataFrame([{"level": level.get(code, "kommune"), "area_code": code,
                          "period": date(2025, 6, 1), "n": n, "rkey": 1000 + n,
                          "change_sum": mean * n, "change_sumsq": (mean ** 2 + 1) * n}
                         for code, n in n_by_area.items()])


def test_a_change_rests_on_three_times_k_stayers_and_cannot_be_differenced():
    out = change.run(_cells({"NO": 100, "03": 100, "0301": 75, "0302": 25}), PARENTS, 10,
                     "country").set_index("area_code")
    assert out.loc["0302", "suppression"] == "primary"  # 25 < 3k
    # The county minus its published sibling would give it away: the sibling is hidden too.
    assert out.loc["0301", "suppression"] == "secondary"
    assert out.loc["0302", ["mean_change", "stayers", "ci_low"]].isna().all()


def test_published_change_is_the_perturbed_mean_with_an_honest_interval():
    cells = _cells({"NO": 400, "03": 400, "0301": 200, "0302": 200}, mean=-0.5)
    plain = change.run(cells, PARENTS, 10, "country", OFF).set_index("area_code")
    assert plain.loc["NO", "mean_change"] == pytest.approx(-0.5)
    assert plain.loc["NO", "stayers"] == 400
    assert plain.loc["NO", "trend"] == "falling"
    protected = change.run(cells, PARENTS, 10, "country").set_index("area_code")
    assert (protected["stayers"] % 5 == 0).all()
    for row in protected.itertuples():
        assert row.ci_low <= row.mean_change <= row.ci_high
    flat = change.run(_cells({"NO": 400, "03": 400, "0301": 200, "0302": 200}, mean=0.0),
                      PARENTS, 10, "country")
    assert set(flat["trend"]) == {"steady"}  # no change larger than its uncertainty


def test_participation_is_the_published_count_over_the_adults():
    published = pd.DataFrame({
        "level": ["kommune"] * 3, "area_code": ["0301", "0302", "0303"],
        "period": [date(2025, 6, 1)] * 3, "category": ["total"] * 3,
        "respondents": [20, None, 15], "count_band": ["10-49", None, "10-49"],
        "suppressed": [False, True, False]})
    people = pd.DataFrame({"level": ["kommune"] * 3, "area_code": ["0301", "0302", "0303"],
                           "period": [date(2025, 6, 1)] * 3, "pop_year": [2025] * 3,
                           "adults": [4000, 800, 0]})
    out = rates(published, people).set_index("area_code")
    assert out.loc["0301", "per_1000"] == 5.0
    assert out.loc["0302", "per_1000"] is None and out.loc["0302", "suppressed"]
    assert out.loc["0303", "per_1000"] is None  # no adults known: no rate, never infinity


def test_adults_are_those_of_the_year_the_weighting_uses():
    con = duckdb.connect()
    con.execute("CREATE TABLE area_months AS SELECT 'kommune' AS level, '0301' AS area_code,"
                " DATE '2027-03-01' AS period, 2026 AS pop_year")
    con.execute("CREATE TABLE ref_population AS SELECT * FROM (VALUES "
                "('kommune', '0301', 2026, 'female', '18-29', 100),"
                "('kommune', '0301', 2026, 'male', '30-44', 150),"
                "('kommune', '0301', 2025, 'male', '30-44', 999)) "
                "t(level, code, year, sex, age_group, population)")
    assert adults(con)["adults"].tolist() == [250]


@pytest.fixture(scope="module")
def released(demo_store):
    return {t.name: read_table(demo_store, t).drop(columns="run_id")
            for t in (aggregates, participation, stayer_change)}


def test_a_release_tells_no_more_about_participation_than_its_counts(released):
    part, agg = released["participation"], released["aggregates"]
    totals = agg[agg["category"] == "total"].set_index(["level", "area_code", "period"])
    part = part.set_index(["level", "area_code", "period"])
    assert len(part) == len(totals)
    assert part["per_1000"].notna().sum() > 100
    pd.testing.assert_series_equal(part["suppressed"].astype(bool),
                                   totals.loc[part.index, "suppressed"].astype(bool))
    shown = part[part["per_1000"].notna()]
    # Read back, the rate gives the published rounded count and nothing finer.
    back = shown["per_1000"] * shown["adults"] / 1000
    assert np.allclose(back, shown["respondents"], atol=shown["adults"] / 20_000 + 1e-9)
    assert (shown["respondents"] % 5 == 0).all()


def test_a_release_publishes_no_change_on_fewer_than_three_times_k_stayers(released):
    stay = released["stayer_change"]
    shown = stay[~stay["suppressed"].astype(bool)]
    assert len(shown) > 10
    assert (shown["stayers"] >= 3 * 10 - 2).all()
    assert "bydel" not in set(stay["level"])
    hidden = stay[stay["suppressed"].astype(bool)]
    assert hidden[["stayers", "mean_change", "ci_low", "ci_high"]].isna().all().all()


@pytest.mark.slow
def test_spark_pairs_the_same_stayers_as_duckdb():
    pytest.importorskip("pyspark")
    import shutil

    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH")
    from etl.engines import spark
    from etl.engines.dialect import SPARK

    rng = np.random.default_rng(5)
    rows = [(f"r{i % 60}", f"{2023 + (i // 60) % 3}-{1 + i % 12:02d}",
             float(rng.uniform(4, 14))) for i in range(400)]
    first, last = date(2024, 1, 1), date(2025, 12, 1)
    ours = _stayers(rows, first, last).reset_index()
    session = spark.session()
    session.createDataFrame(_records(rows)).createOrReplaceTempView("recs")
    spans = f"({spans_sql(SPARK, 'recs', last, 12, 's', LEVELS)})"
    theirs = session.sql(stayers_sql(SPARK, spans, first, last, LEVELS)).toPandas()
    theirs["period"] = pd.to_datetime(theirs["period"]).dt.date
    keys = ["level", "area_code", "period"]
    theirs = theirs.sort_values(keys).reset_index(drop=True)
    ours = ours.sort_values(keys).reset_index(drop=True)[theirs.columns]
    assert len(ours) > 10
    pd.testing.assert_frame_equal(theirs, ours, check_dtype=False, rtol=1e-9)
