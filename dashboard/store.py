"""Read-only queries against the published release; the only module that talks to the store.

Query results are cached in the shared cache under keys that carry the store's identity (a
hash of its URL and when its release was published) besides the release's run_id: a store
recreated from scratch starts again at run id 1, and two sites may share one Redis.

"Nothing published yet" (no store file, no tables, no release) is None; a store that cannot
be reached or does not answer in time raises `StoreUnavailable`, which the app answers 503.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from flask import has_request_context, request
from sqlalchemy import Engine, and_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from core.settings import get_settings
from core.store.db import make_engine
from core.store.schema import aggregates, areas, release, source_counts
from dashboard.cache import cache
from dashboard.stats import class_breaks

VALUE_COLUMNS = ["area_code", "period", "category", "respondents", "count_band", "mean",
                 "ci_low", "ci_high", "rse_band", "reliable", "vs_country", "suppressed"]
#: The API's columns: the values plus the level and why a row is suppressed.
API_COLUMNS = ["level", *VALUE_COLUMNS, "suppression"]


@dataclass(frozen=True)
class Release:
    """The published release: which run made it, when, and which months it covers."""

    run_id: int
    published_at: datetime
    first_period: date
    last_period: date


class StoreUnavailable(SQLAlchemyError):
    """The store could not be reached or did not answer in time (not: nothing published)."""


#: Where a request keeps the release it was served from.
RELEASE_KEY = "fotavtrykk.release"
#: When each store URL's release was last seen published (part of the cache keys).
_published: dict[str, str] = {}


@lru_cache(maxsize=4)
def engine_for(url: str, connect_timeout_s: int = 3, statement_timeout_s: float = 5.0) -> Engine:
    """One read-only engine per store URL and process (engines pool their connections)."""
    return make_engine(url, read_only=True, connect_timeout_s=connect_timeout_s,
                       statement_timeout_s=statement_timeout_s)


def engine() -> Engine:
    settings = get_settings()
    return engine_for(settings.db_url, settings.db_connect_timeout_s,
                      settings.db_statement_timeout_s)


def identity() -> str:
    """The store's identity in cache keys: its URL (hashed: it may hold a password) and when
    its current release was published."""
    url = get_settings().db_url
    return f"{hashlib.sha256(url.encode()).hexdigest()[:16]}@{_published.get(url, '')}"


def _key_name(fname: str) -> str:
    return f"{fname}:{identity()}"


def current_release() -> Release | None:
    """The published release, or None before the first successful ETL run; raises
    `StoreUnavailable` when the store cannot answer. Asked once per request: the answer,
    or the failure, is kept for the rest of it (a page asks several times, and a store that
    does not answer must cost one timeout, not one per question)."""
    if not has_request_context():
        return _read_release()
    memo = request.environ  # per request (an app context, and flask.g, may outlive one)
    if RELEASE_KEY not in memo:
        try:
            memo[RELEASE_KEY] = _read_release()
        except StoreUnavailable as exc:
            memo[RELEASE_KEY] = exc
    if isinstance(memo[RELEASE_KEY], StoreUnavailable):
        raise memo[RELEASE_KEY]
    return memo[RELEASE_KEY]


def _read_release() -> Release | None:
    url = get_settings().db_url
    if _missing_file(url):
        return None  # before the first ETL run on SQLite
    try:
        with engine().connect() as conn:
            row = conn.execute(select(release)).first()
        if row is not None:
            _published[url] = str(row.published_at)
        if row is None or not has_rows(row.run_id):
            return None  # nothing published yet, or a release whose rows are gone
    except SQLAlchemyError as exc:
        if _no_schema_yet(exc):
            return None
        raise StoreUnavailable(f"store unavailable: {type(exc).__name__}") from exc
    return Release(row.run_id, row.published_at, _as_date(row.first_period),
                   _as_date(row.last_period))


def _missing_file(url: str) -> bool:
    database = make_url(url).database if url.startswith("sqlite") else None
    return bool(database) and database != ":memory:" and not Path(database).exists()


def _no_schema_yet(exc: SQLAlchemyError) -> bool:
    """Whether the store is there but its tables are not (before the first migration)."""
    if isinstance(exc, OperationalError) and "no such table" in str(exc.orig):
        return True  # SQLite
    return isinstance(exc, ProgrammingError) and \
        getattr(exc.orig, "sqlstate", None) == "42P01"  # PostgreSQL: undefined_table


@cache.memoize(make_name=_key_name)
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


@cache.memoize(make_name=_key_name)
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


@cache.memoize(make_name=_key_name)
def map_values(run_id: int, level: str, period: date, category: str) -> pd.DataFrame:
    """One row per area of `level` for one month and category (areas without a row omitted)."""
    cols = [aggregates.c[c] for c in VALUE_COLUMNS]
    query = select(*cols).where(and_(
        aggregates.c.run_id == run_id, aggregates.c.level == level,
        aggregates.c.period == period, aggregates.c.category == category,
    ))
    return _values_frame(_read(query))


@cache.memoize(make_name=_key_name)
def breaks(run_id: int, level: str, category: str) -> list[float]:
    """Map class breaks for a level and category over every month of the release."""
    query = select(aggregates.c.mean).where(and_(
        aggregates.c.run_id == run_id, aggregates.c.level == level,
        aggregates.c.category == category, aggregates.c.suppressed.is_(False),
    ))
    return class_breaks(_read(query)["mean"])


@cache.memoize(make_name=_key_name)
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


@cache.memoize(make_name=_key_name)
def sources(run_id: int, level: str, code: str) -> pd.DataFrame:
    """The data partners behind one area in the release: source, records (at least k,
    rounded to 5; smaller ones are never published) and share of the listed records,
    largest first."""
    query = select(source_counts.c.source, source_counts.c.records).where(and_(
        source_counts.c.run_id == run_id, source_counts.c.level == level,
        source_counts.c.area_code == code))
    frame = _read(query)
    frame["share"] = frame["records"] / frame["records"].sum() if len(frame) else []
    return frame.sort_values(["records", "source"], ascending=[False, True],
                             ignore_index=True)


def api_values(run_id: int, level: str, code: str | None, category: str | None,
               first: date | None, last: date | None) -> pd.DataFrame:
    """Published rows of one level for the API, narrowed to an area, a category and a range
    of months where given, in area, month and category order."""
    c = aggregates.c
    conds = [c.run_id == run_id, c.level == level]
    conds += [c.area_code == code] if code else []
    conds += [c.category == category] if category else []
    conds += ([c.period >= first] if first else []) + ([c.period <= last] if last else [])
    query = select(*[aggregates.c[c] for c in API_COLUMNS]).where(and_(*conds)).order_by(
        aggregates.c.area_code, aggregates.c.period, aggregates.c.category)
    return _values_frame(_read(query))


def release_chunks(run_id: int, size: int = 10_000) -> Iterator[pd.DataFrame]:
    """The whole release in frames of at most `size` rows, read as they are wanted through a
    server-side cursor, so a bulk download never holds the release in memory. Not cached."""
    query = select(*[aggregates.c[c] for c in API_COLUMNS]).where(
        aggregates.c.run_id == run_id).order_by(
        aggregates.c.level, aggregates.c.area_code, aggregates.c.period, aggregates.c.category)
    with engine().connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=size).execute(query)
        for part in result.partitions(size):
            yield _values_frame(pd.DataFrame(part, columns=API_COLUMNS))
