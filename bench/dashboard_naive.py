"""The naive dashboard the map update is measured against (bench/dashboard.py): query the
store and rebuild the whole choropleth figure, geometry and all, on every slider move."""

from __future__ import annotations

import gzip
import time

from bench.dashboard import summary


def bench_naive(n: int = 12) -> dict:
    """The naive app: query, then rebuild the whole figure with its geometry per move."""
    import plotly.io as pio
    from sqlalchemy import select

    from core.store.schema import aggregates, areas
    from dashboard import figures, geo, stats, store

    rel = store.current_release()
    geojson = geo.boundaries("kommune")
    months = stats.months_between(rel.first_period, rel.last_period)
    times, size = [], 0
    for i in range(n):
        started = time.perf_counter()
        period = months[-1 - i]
        with store.engine().connect() as conn:  # no cache: every move queries again
            import pandas as pd

            values = pd.read_sql(select(aggregates).where(
                aggregates.c.run_id == rel.run_id, aggregates.c.level == "kommune",
                aggregates.c.period == period, aggregates.c.category == "total"), conn)
            names = pd.read_sql(select(areas.c.code, areas.c.name).where(
                areas.c.run_id == rel.run_id, areas.c.level == "kommune"), conn)
        frame = figures.map_frame(names, values)
        brks = stats.class_breaks(frame["mean"])
        body = pio.to_json(figures.choropleth(geojson, frame, brks, "nb"))
        times.append((time.perf_counter() - started) * 1000)
        size = len(body.encode())
    return {**summary(times), "bytes": size, "bytes_gzip": len(gzip.compress(body.encode()))}
