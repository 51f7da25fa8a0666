"""Read-only queries against the published release; the only module that talks to the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine, and_, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from etl.db import make_engine
from etl.schema import aggregates, areas, release
from etl.settings import get_settings


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


def current_release(eng: Engine | None = None) -> Release | None:
    """The published release, or None before the first successful ETL run."""
    try:
        with (eng or engine()).connect() as conn:
            row = conn.execute(select(release)).first()
    except (OperationalError, ProgrammingError):
        return None  # no store or no tables yet
    if row is None:
        return None
    return Release(row.run_id, row.published_at, row.first_period, row.last_period)


def area_table(rel: Release, level: str | None = None, eng: Engine | None = None) -> pd.DataFrame:
    """Areas of the release (all levels, or one)."""
    query = select(areas).where(areas.c.run_id == rel.run_id)
    if level:
        query = query.where(areas.c.level == level)
    with (eng or engine()).connect() as conn:
        return pd.read_sql(query.order_by(areas.c.level, areas.c.code), conn)


def map_values(rel: Release, level: str, period: date, category: str,
               eng: Engine | None = None) -> pd.DataFrame:
    """One row per area of `level` for one month and category."""
    query = select(aggregates).where(and_(
        aggregates.c.run_id == rel.run_id, aggregates.c.level == level,
        aggregates.c.period == period, aggregates.c.category == category,
    ))
    with (eng or engine()).connect() as conn:
        return pd.read_sql(query, conn)


def series(rel: Release, level: str, code: str, category: str | None = None,
           eng: Engine | None = None) -> pd.DataFrame:
    """The monthly series of one area (one category, or all)."""
    query = select(aggregates).where(and_(
        aggregates.c.run_id == rel.run_id, aggregates.c.level == level,
        aggregates.c.area_code == code,
    ))
    if category:
        query = query.where(aggregates.c.category == category)
    with (eng or engine()).connect() as conn:
        frame = pd.read_sql(query.order_by(aggregates.c.period), conn)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame
