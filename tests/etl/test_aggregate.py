"""The trailing window by hand: latest estimate per respondent, movers, window end."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from core.contract import CATEGORIES
from etl.steps import aggregate, spans


def _staged(tmp_path, rows: list[tuple]) -> list:
    """Write staged records: (respondent, submitted_at, kommune, fylke, bydel, total t)."""
    frame = pd.DataFrame([{
        "row_number": i, "reason": None, "respondent_id": r,
        "submitted_at": datetime.fromisoformat(ts), "kommune": k, "fylke": f, "bydel": b,
        "age_group": "30-44", "sex": "female",
        **{c: total / 5 for c in CATEGORIES}} for i, (r, ts, k, f, b, total) in enumerate(rows)])
    path = tmp_path / "staged.parquet"
    frame.to_parquet(path)
    return [path]


def _cells(tmp_path, rows, first="2025-01-01", last="2026-03-01", window=12) -> pd.DataFrame:
    con = duckdb.connect()
    spans.build(con, _staged(tmp_path, rows), date.fromisoformat(last), window, "secret")
    aggregate.cells(con, date.fromisoformat(first), date.fromisoformat(last))
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
    assert bergen.loc["2025-06", "n"] == 1 and bergen.loc["2025-06", "sum_total"] == 6
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
