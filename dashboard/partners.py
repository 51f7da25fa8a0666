"""Where a release's records come from, for every download: accepted records per data
partner and level, summed from the per-area counts the release publishes.

Only published counts are summed (each at least k and rounded to 5; see
etl/steps/sources.py), so a level's sum tells nothing the per-area counts do not, and may fall
short of the country's where small areas' counts were withheld; the country level is the
release's own count per partner.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from core.store.schema import source_counts
from dashboard import areas, store
from dashboard.cache import cache

COLUMNS = ("release", "level", "source", "areas", "records", "share")


@cache.memoize(make_name=store._key_name)
def per_level(run_id: int) -> pd.DataFrame:
    """level, source, areas (with a published count), records and share within the level;
    levels top first, the largest partner first."""
    query = select(source_counts.c.level, source_counts.c.source,
                   func.count().label("areas"),
                   func.sum(source_counts.c.records).label("records")
                   ).where(source_counts.c.run_id == run_id
                           ).group_by(source_counts.c.level, source_counts.c.source)
    frame = store._read(query)
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS[1:]))
    frame["records"] = frame["records"].astype(int)
    frame["share"] = frame["records"] / frame.groupby("level")["records"].transform("sum")
    order = {lv.name: i for i, lv in enumerate(areas.pack().levels)}
    frame["order"] = frame["level"].map(order).fillna(len(order))
    return frame.sort_values(["order", "records", "source"], ascending=[True, False, True],
                             ignore_index=True).drop(columns="order")


def country(run_id: int) -> list[dict]:
    """The release's partners country-wide: [{source, records, share}], largest first."""
    frame = per_level(run_id)
    top = frame[frame["level"] == areas.pack().top.name]
    return [{"source": r.source, "records": int(r.records), "share": round(float(r.share), 4)}
            for r in top.itertuples()]
