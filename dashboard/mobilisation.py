"""Read-only queries for mobilisation: participation and the stayers' change.

Kept beside dashboard.store (same engine, cache and keys) so the store module stays small;
like it, nothing here writes, and every frame is a release's own published rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, select

from core.store.schema import participation, stayer_change
from dashboard.cache import cache
from dashboard.stats import class_breaks
from dashboard.store import _key_name, _read

PARTICIPATION_COLUMNS = ["area_code", "period", "respondents", "count_band", "adults",
                         "per_1000", "suppressed"]
CHANGE_COLUMNS = ["period", "stayers", "count_band", "mean_change", "ci_low", "ci_high",
                  "trend", "suppressed"]


def _typed(frame: pd.DataFrame, numbers: tuple[str, ...]) -> pd.DataFrame:
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    frame["suppressed"] = frame["suppressed"].astype(bool)
    for col in numbers:
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def _participation(*conds) -> pd.DataFrame:
    query = select(*[participation.c[c] for c in PARTICIPATION_COLUMNS]).where(and_(*conds))
    return _typed(_read(query.order_by(participation.c.area_code, participation.c.period)),
                  ("respondents", "adults", "per_1000"))


@cache.memoize(make_name=_key_name)
def map_values(run_id: int, level: str, period: date) -> pd.DataFrame:
    """Participation of every area of `level` in one month (areas without a row omitted)."""
    c = participation.c
    return _participation(c.run_id == run_id, c.level == level, c.period == period)


@cache.memoize(make_name=_key_name)
def breaks(run_id: int, level: str) -> list[float]:
    """Class breaks of the rate over every month, so a colour keeps its meaning in play."""
    c = participation.c
    query = select(c.per_1000).where(and_(c.run_id == run_id, c.level == level,
                                          c.suppressed.is_(False)))
    return class_breaks(_read(query)["per_1000"])


@cache.memoize(make_name=_key_name)
def series(run_id: int, level: str, code: str) -> pd.DataFrame:
    """One area's participation, month by month."""
    c = participation.c
    return _participation(c.run_id == run_id, c.level == level, c.area_code == code)


@cache.memoize(make_name=_key_name)
def change(run_id: int, level: str, code: str) -> pd.DataFrame:
    """One area's stayers' change, month by month (empty where none is published)."""
    c = stayer_change.c
    query = select(*[c[n] for n in CHANGE_COLUMNS]).where(and_(
        c.run_id == run_id, c.level == level, c.area_code == code)).order_by(c.period)
    return _typed(_read(query), ("stayers", "mean_change", "ci_low", "ci_high"))
