"""Read-only queries against the published release; the only module that talks to the store.

Query results are cached in the shared cache under keys that include the release's run_id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine, and_, select
from sqlalchemy.exc import SQLAlchemyError

from core.settings import get_settings
from core.store.db import make_engine
from core.store.schema import aggregates, areas, release
from dashboard.cache import cache
from dashboard.stats import class_breaks

VALUE_COLUMNS = ["area_code", "period", "category", "respondents", "count_band", "mean",
                 "ci_low", "ci_high", "rse_band", "reliable", "vs_country", "suppressed"]


@dataclass(frozen=True)
class Release:
    """The published release: which run made it, when, and which months it covers."""

    run_id: int
    published_at: datetime
    first_period: date
    last_period: date


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    """One read-only engine per store URL and process (engines pool their connections)."""
    return make_engine(url, read_only=True)


def engine() -> Engine:
    return engine_for(get_settings().db_url)


def current_release() -> Release | None:
    """The published release, or None before the first successful ETL run."""
    try:
        with engine().connect() as conn:
            row = conn.execute(select(release)).first()
    except SQLAlchemyError:
        return None  # no store, no tables yet, or the store is unreachable
    if row is None or not has_rows(row.run_id):
        return None  # nothing published yet, or a release whose rows are gone
    return Release(row.run_id, row.published_at, _as_date(row.first_period),
                   _as_date(row.last_period))


@cache.memoize()
def has_rows(run_id: int) -> bool:
    """Whether the release's areas are in the store (a release is never shown half-read)."""
    query = select(areas.c.code).where(areas.c.run_id == run_id).limit(1)
    with engine().connect() as conn:
        return conn.execute(query).first() is not None


def _as_date(value) -> date:
    return value if isinstance(value, date) and not isinstance(value, datetime) else \
        pd.Timestamp(value).date()


def _read(query) -> pd.DataFrame:
    with engine().connect() as conn:
        return pd.read_sql(query, conn)


def _values_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["reliable"] = frame["reliable"].astype("boolean")
    for col in ("mean", "ci_low", "ci_high", "respondents"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


@cache.memoize()
def area_table(run_id: int, level: str | None = None) -> pd.DataFrame:
    """Areas of the release (all levels, or one), sorted by level and code."""
    query = select(areas.c.level, areas.c.code, areas.c.name, areas.c.parent_level,
                   areas.c.parent_code, areas.c.alt_names, areas.c.population
                   ).where(areas.c.run_id == run_id)
    if level:
        query = query.where(areas.c.level == level)
    frame = _read(query.order_by(areas.c.level, areas.c.code))
    frame["alt_names"] = frame["alt_names"].fillna("")
    return frame


@cache.memoize()
def map_values(run_id: int, level: str, period: date, category: str) -> pd.DataFrame:
    """One row per area of `level` for one month and category (areas without a row omitted)."""
    cols = [aggregates.c[c] for c in VALUE_COLUMNS]
    query = select(*cols).where(and_(
        aggregates.c.run_id == run_id, aggregates.c.level == level,
        aggregates.c.period == period, aggregates.c.category == category,
    ))
    return _values_frame(_read(query))


@cache.memoize()
def breaks(run_id: int, level: str, category: str) -> list[float]:
    """Map class breaks for a level and category over every month of the release."""
    query = select(aggregates.c.mean).where(and_(
        aggregates.c.run_id == run_id, aggregates.c.level == level,
        aggregates.c.category == category, aggregates.c.suppressed.is_(False),
    ))
    return class_breaks(_read(query)["mean"])


@cache.memoize()
def series(run_id: int, level: str, code: str) -> pd.DataFrame:
    """The monthly series of one area, every category."""
    cols = [aggregates.c[c] for c in VALUE_COLUMNS]
    query = select(*cols).where(and_(
        aggregates.c.run_id == run_id, aggregates.c.level == level,
        aggregates.c.area_code == code,
    )).order_by(aggregates.c.period, aggregates.c.category)
    return _values_frame(_read(query))


def series_many(run_id: int, level: str, codes: list[str]) -> pd.DataFrame:
    """The series of several areas, one cached query each."""
    frames = [series(run_id, level, code) for code in codes]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else series(run_id, level, "")
