"""The Spark engine publishes the same release as DuckDB, value for value (issue 14)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.demo import generate
from etl.engines.dialect import DUCKDB, SPARK
from etl.pipeline import run
from etl.steps.spans import KEY_MODULUS
from tests.conftest import NOW, REQUIRE_SERVICES, make_settings
from tests.etl.release_snapshot import published_tables

pytestmark = pytest.mark.slow

#: Enough records that every level has published and suppressed cells, few enough for 2 cores.
ROWS = 100_000


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if shutil.which("java") is None:
        return "no Java runtime on PATH (apt-get install default-jdk-headless)"
    return None


@pytest.fixture(scope="module")
def spark_ready() -> None:
    """Skip where Spark cannot run here; in CI a missing Spark is a failure, not a skip."""
    missing = _spark_missing()
    if missing:
        if REQUIRE_SERVICES:
            pytest.fail(f"the Spark engine must be tested in CI: {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="module")
def delivery(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("delivery")
    generate(inbox, n_rows=ROWS, seed=11, geodata_dir=make_settings(inbox).geodata_dir,
             dirty=0.002, end_month="2026-10")
    return inbox


def _release(tmp: Path, delivery: Path, engine: str) -> dict[str, pd.DataFrame]:
    settings = make_settings(tmp, engine=engine, key_secret="engines-agree")
    shutil.copytree(delivery, settings.inbox_dir)
    run(settings, now=NOW, progress=lambda _: None)
    return published_tables(settings)


@pytest.fixture(scope="module")
def releases(spark_ready, delivery, tmp_path_factory) -> dict[str, dict[str, pd.DataFrame]]:
    return {engine: _release(tmp_path_factory.mktemp(engine), delivery, engine)
            for engine in ("duckdb", "spark")}


def test_both_engines_publish_a_real_release(releases):
    # Guard: an empty or all-suppressed release would make the comparison below vacuous.
    for tables in releases.values():
        published = tables["aggregates"]
        assert len(published) > 10_000
        assert published["mean"].notna().sum() > 1_000
        assert published["mean"].isna().sum() > 0
        assert len(tables["areas"]) > 300


def test_spark_publishes_the_same_release_as_duckdb_value_for_value(releases):
    for table in ("aggregates", "areas", "participation", "stayer_change"):
        pd.testing.assert_frame_equal(releases["spark"][table], releases["duckdb"][table],
                                      check_exact=True)


def test_both_engines_compute_the_same_secret_record_keys(spark_ready):
    from etl.engines import spark

    # A fraction of a second is dropped by both (r4 is keyed at 10:00:00, like r1).
    rows = [("r1", "2026-01-05 10:00:00"), ("r2", "2026-01-05 10:00:01"),
            ("r4", "2026-01-05 10:00:00.750"), ("ø-3", "2025-12-31 23:59:59")]
    values = ", ".join(f"('{r}', TIMESTAMP '{t}')" for r, t in rows)

    def keys(dialect, run_sql, secret):
        return run_sql(f"SELECT {dialect.record_key(secret, 'r', 't')} AS k "
                       f"FROM (VALUES {values}) v(r, t) ORDER BY r")

    con = duckdb.connect()
    session = spark.session()
    on_duckdb = lambda q: [k for (k,) in con.execute(q).fetchall()]  # noqa: E731
    on_spark = lambda q: [row.k for row in session.sql(q).collect()]  # noqa: E731
    first = keys(DUCKDB, on_duckdb, "one")
    # Guard: distinct keys in range, so agreement below is not agreement on a constant.
    assert len(set(first)) == len(rows) and all(0 <= k < KEY_MODULUS for k in first)
    assert keys(SPARK, on_spark, "one") == first
    # Another secret moves every key, or nobody would need the secret to recompute them.
    other = keys(SPARK, on_spark, "two")
    assert other == keys(DUCKDB, on_duckdb, "two")
    assert all(a != b for a, b in zip(first, other, strict=True))
