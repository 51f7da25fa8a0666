"""The secret record key DuckDB computes is the documented digest, whatever SQL computes it.

The key perturbs published values, so a faster way of writing it must give the very same
number: the first hex digits of sha256("secret|respondent|YYYY-MM-DD HH:MM:SS"), a
fraction of a second dropped (etl/engines/dialect.py).
"""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from etl.engines.dialect import DUCKDB, KEY_HEX_DIGITS


def _expected(secret: str, respondent: str, second: str) -> int:
    digest = hashlib.sha256(f"{secret}|{respondent}|{second}".encode()).hexdigest()
    return int(digest[:KEY_HEX_DIGITS], 16)


@pytest.mark.parametrize(("stamp", "second"), [
    ("2026-01-05 10:00:00", "2026-01-05 10:00:00"),
    ("2026-01-05 10:00:00.999999", "2026-01-05 10:00:00"),
    ("2015-01-01 00:00:01.5", "2015-01-01 00:00:01"),
    ("2025-12-31 23:59:59", "2025-12-31 23:59:59"),
])
def test_duckdb_record_key_is_the_documented_digest(stamp, second):
    con = duckdb.connect()
    key = con.execute(f"SELECT {DUCKDB.record_key('s3cr3t', 'r', 't')} "
                      f"FROM (VALUES ('ø-1', TIMESTAMP '{stamp}')) v(r, t)").fetchone()[0]
    assert key == _expected("s3cr3t", "ø-1", second)
