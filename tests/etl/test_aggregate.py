"""The trailing window by hand: latest estimate per respondent, movers, window end; every
level of the pack, Norway's or Testland's, summed and checked under its own name."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from core.contract import CATEGORY_BOUNDS_T
from etl import reference_tables
from etl.levels import Levels
from etl.steps import aggregate, spans
from tests.geo.testland import PACK


def _split(total: float) -> dict[str, float]:
    """A total spread over the parts in proportion to their bounds, so none is clipped."""
    scale = total / sum(CATEGORY_BOUNDS_T.values())
    return {c: bound * scale for c, bound in CATEGORY_BOUNDS_T.items()}


def _staged(tmp_path, rows: list[tuple]) -> list:
    """Write staged records: (respondent, submitted_at, kommune, fylke, bydel, total t). The
    fylke is the pack's for that kommune: staging does not hold it, the cells look it up."""
    frame = pd.DataFrame([{
        "row_number": i, "reason": None, "respondent_id": r,
        "submitted_at": datetime.fromisoformat(ts), "kommune": k, "bydel": b,
        "age_group": "30-44", "sex": "female",
        **_split(total)} for i, (r, ts, k, _f, b, total) in enumerate(rows)])
    path = tmp_path / "staged.parquet"
    frame.to_parquet(path)
    return [path]


def _cells(tmp_path, rows, first="2025-01-01", last="2026-03-01", window=12) -> pd.DataFrame:
    con = duckdb.connect()
    levels = Levels.of(None)  # Norway's pack
    reference_tables.load(con, None)
    spans.build(con, _staged(tmp_path, rows), date.fromisoformat(last), window, "secret", levels)
    aggregate.cells(con, date.fromisoformat(first), date.fromisoformat(last), levels)
    cells = con.execute("SELECT level, area_code, period, n, sum_total FROM cells").df()
    cells["period"] = pd.to_datetime(cells["period"]).dt.strftime("%Y-%m")
    return cells.set_index(["level", "area_code", "period"]).sort_index()


ROWS = [
    # A: Oslo (Gamle Oslo) in January, a new estimate in March, moves to Bergen in June.
    ("A", "2025-01-10", "0301", "03", "030101", 10.0),
    ("A", "2025-03-05", "0301", "03", "030101", 20.0),
    ("A", "2025-06-20", "4601", "46", None, 6.0),
    # B: one estimate in January; twice in one day in February: the later one counts.
    ("B", "2025-01-15", "0301", "03", None, 8.0),
    ("B", "2025-02-01T08:00:00", "0301", "03", None, 9.0),
    ("B", "2025-02-01T18:00:00", "0301", "03", None, 12.0),
]


def test_latest_estimate_in_the_window_counts_and_movers_follow_it(tmp_path):
    cells = _cells(tmp_path, ROWS)
    oslo = cells.loc[("kommune", "0301")]
    assert oslo.loc["2025-01", "n"] == 2 and oslo.loc["2025-01", "sum_total"] == pytest.approx(18)
    assert oslo.loc["2025-02", "sum_total"] == pytest.approx(10 + 12)
    assert oslo.loc["2025-03", "sum_total"] == pytest.approx(20 + 12)
    # A moved to Bergen in June: from then on counted there, and only there.
    assert oslo.loc["2025-06", "n"] == 1 and oslo.loc["2025-06", "sum_total"] == pytest.approx(12)
    bergen = cells.loc[("kommune", "4601")]
    assert bergen.loc["2025-06", "n"] == 1
    assert bergen.loc["2025-06", "sum_total"] == pytest.approx(6)
    assert ("kommune", "4601", "2025-05") not in cells.index
    # B's last estimate (February 2025) counts for 12 months: through January 2026.
    assert oslo.loc["2026-01", "n"] == 1
    assert ("kommune", "0301", "2026-02") not in cells.index
    # A's June estimate stands through May 2026, beyond the last period published here.
    assert bergen.loc["2026-03", "n"] == 1


def test_every_level_is_summed_from_respondents(tmp_path):
    cells = _cells(tmp_path, ROWS)
    country = cells.loc[("country", "NO")]
    assert country.loc["2025-06", "n"] == 2
    assert country.loc["2025-06", "sum_total"] == pytest.approx(12 + 6)
    bydel = cells.loc[("bydel", "030101")]
    assert bydel.loc["2025-05", "sum_total"] == pytest.approx(20)
    assert ("bydel", "030101", "2025-06") not in cells.index  # A left the district
    assert cells.loc[("fylke", "46"), "n"].max() == 1


def test_a_shorter_window_drops_old_estimates(tmp_path):
    cells = _cells(tmp_path, ROWS, window=3)
    oslo = cells.loc[("kommune", "0301")]
    # B's February estimate counts February, March and April only.
    assert oslo.loc["2025-04", "n"] == 2  # A (March) and B
    assert oslo.loc["2025-05", "n"] == 1  # A only
    assert ("kommune", "0301", "2025-06") not in cells.index


TESTLAND_ROWS = [
    # (respondent, submitted_at, region, municipality, district, total t)
    ("A", "2025-01-10", "01", "0101", "010101", 10.0),
    ("B", "2025-02-10", "01", "0101", None, 8.0),
    ("C", "2025-02-20", "02", "0202", None, 14.0),
]


def _testland_cells(tmp_path) -> duckdb.DuckDBPyConnection:
    """Cells of Testland records, with the pack's reference tables beside them."""
    levels = Levels.of(PACK)
    frame = pd.DataFrame([{
        "row_number": i, "reason": None, "respondent_id": r,
        "submitted_at": datetime.fromisoformat(ts), "municipality": m,
        "district": d, "age_group": "30-44", "sex": "male",
        **_split(total)}
        for i, (r, ts, _g, m, d, total) in enumerate(TESTLAND_ROWS)])
    frame.to_parquet(tmp_path / "staged.parquet")
    con = duckdb.connect()
    reference_tables.load(con, PACK)
    spans.build(con, [tmp_path / "staged.parquet"], date(2025, 3, 1), 12, "secret", levels)
    aggregate.cells(con, date(2025, 1, 1), date(2025, 3, 1), levels)
    return con


def test_another_packs_levels_are_summed_under_their_own_names(tmp_path):
    con = _testland_cells(tmp_path)
    n = dict(con.execute("""SELECT level || ' ' || area_code, sum(n) FROM cells
                            WHERE period = DATE '2025-03-01' GROUP BY ALL""").fetchall())
    assert n == {"country TL": 3, "region 01": 2, "region 02": 1, "municipality 0101": 2,
                 "municipality 0202": 1, "district 010101": 1}
    aggregate.check(con, Levels.of(PACK))


def test_the_checks_stop_levels_that_disagree(tmp_path):
    con = _testland_cells(tmp_path)
    levels = Levels.of(PACK)
    aggregate.check(con, levels)  # guard: the untouched cells pass
    con.execute("UPDATE cells SET n = n + 5 WHERE level = 'district'")
    with pytest.raises(AssertionError, match="over their parent"):
        aggregate.check(con, levels)
    con.execute("UPDATE cells SET n = n - 5 WHERE level = 'district'")
    con.execute("DELETE FROM cells WHERE level = 'municipality' AND area_code = '0202'")
    with pytest.raises(AssertionError, match="same respondents"):
        aggregate.check(con, levels)
