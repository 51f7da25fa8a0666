"""`/healthz` and `/readyz`: what load balancers and monitoring ask the web tier.

They answer different questions, so an outage is never mistaken for "no data yet":
`/healthz` says only that this process answers (restart it if not) and never touches the
store; `/readyz` says whether it can serve real numbers: the store answers, a release is
published, and the last successful ETL run is recent (a stale one means the nightly job
stopped working, even though the site still shows the previous release).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask, Response
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from core.settings import get_settings
from core.store.db import make_engine
from core.store.schema import etl_runs, release


@dataclass(frozen=True)
class Readiness:
    """The answer of `/readyz`: ready or not, why, and the facts behind it."""

    ready: bool
    reason: str
    run_id: int | None = None
    published_at: str | None = None
    last_success_at: str | None = None
    age_hours: float | None = None


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    # One read-only engine per store and process: it pools connections between probes.
    return make_engine(url, read_only=True)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; the ETL writes them in UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def readiness(url: str, max_age_hours: float, now: datetime | None = None) -> Readiness:
    """Whether the store at `url` is reachable, has a release, and was refreshed lately."""
    try:
        with _engine(url).connect() as conn:
            published = conn.execute(select(release.c.run_id, release.c.published_at)).first()
            last_success = conn.execute(
                select(func.max(etl_runs.c.finished_at))
                .where(etl_runs.c.status == "succeeded")).scalar()
    except SQLAlchemyError as exc:
        # The class name says enough (e.g. OperationalError); the message may carry the URL.
        return Readiness(False, f"store unreachable ({type(exc).__name__})")
    if published is None:
        return Readiness(False, "no release published yet")
    published_at, last = _utc(published.published_at), _utc(last_success)
    facts = {"run_id": published.run_id, "published_at": published_at.isoformat()}
    if last is None:
        return Readiness(False, "no successful ETL run recorded", **facts)
    age = ((now or datetime.now(UTC)) - last).total_seconds() / 3600
    facts.update(last_success_at=last.isoformat(), age_hours=round(age, 2))
    if age > max_age_hours:
        return Readiness(False, f"last successful ETL run is {age:.1f} h old "
                                f"(limit {max_age_hours:g} h)", **facts)
    return Readiness(True, "ok", **facts)


def healthz() -> Response:
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})


def readyz() -> Response:
    settings = get_settings()
    answer = readiness(settings.db_url, settings.ready_max_age_hours)
    return Response(json.dumps(asdict(answer)) + "\n", status=200 if answer.ready else 503,
                    mimetype="application/json", headers={"Cache-Control": "no-store"})


def register(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)
    server.add_url_rule("/readyz", "readyz", readyz)
