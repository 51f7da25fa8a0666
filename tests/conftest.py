"""Shared fixtures: settings pointing at temporary folders, record writers and a demo store."""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, select, text

from core.contract import ALL_COLUMNS, CATEGORIES
from core.settings import Settings, get_settings
from core.store.db import make_engine

#: Fixed "now" for ETL runs in tests, so periods do not depend on the day the tests run.
NOW = datetime(2026, 11, 15, 12, 0)
POSTGRES_URL = os.environ.get(
    "FOTAVTRYKK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
#: In CI a missing service is a failure, not a skip.
REQUIRE_SERVICES = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def make_settings(tmp: Path, **overrides) -> Settings:
    return get_settings(data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'store.sqlite'}",
                        **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def record(**values) -> dict:
    """A valid record (Oslo, 2025) with the given fields changed."""
    typical = {"housing": 1900, "transport": 3600, "food": 1600, "goods": 3200, "public": 2600}
    base = {
        "respondent_id": uuid.uuid4().hex, "submitted_at": "2025-06-10T12:00:00",
        "kommunenummer": "0301", "postnummer": "", "bydelnr": "", "age_group": "30-44",
        "sex": "female", "household_size": "2", "source": "app",
        # every category of the contract, a newly added one too
        **{f"{c}_kg": str(typical.get(c, 300)) for c in CATEGORIES},
    }
    base.update({k: str(v) for k, v in values.items()})
    return base


def write_csv(path: Path, rows: list[dict], columns: tuple[str, ...] = ALL_COLUMNS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def publish_demo(settings: Settings, n_rows: int = 6_000, seed: int = 3) -> None:
    """Publish a small clean demo release into the settings' store through the real ETL."""
    from etl.demo import generate
    from etl.pipeline import run

    generate(settings.inbox_dir, n_rows=n_rows, seed=seed, geodata_dir=settings.geodata_dir,
             dirty=0.0, end_month="2026-10")
    run(settings, now=NOW, progress=lambda _: None)


def read_table(settings: Settings, table) -> pd.DataFrame:
    """A whole store table as a data frame (its engine opened and closed here)."""
    engine = make_engine(settings.db_url)
    try:
        with engine.connect() as conn:
            return pd.read_sql(select(table), conn)
    finally:
        engine.dispose()


def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards; skip if no server."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # no server here
        if REQUIRE_SERVICES:
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a PostgreSQL schema carry the `postgres` marker without repeating it."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema_url()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Settings:
    """A small realistic store: seeded demo records through the real ETL into SQLite."""
    from etl.demo import generate
    from etl.pipeline import run

    tmp = tmp_path_factory.mktemp("demo")
    settings = make_settings(tmp)
    generate(settings.inbox_dir, n_rows=40_000, seed=7, geodata_dir=settings.geodata_dir,
             dirty=0.002, end_month="2026-10")
    run(settings, now=NOW, progress=lambda _: None)
    return settings
