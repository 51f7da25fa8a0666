"""Readable lines about the last ETL runs, for `fotavtrykk etl status`."""

from __future__ import annotations

import json

from sqlalchemy import select

from core.settings import Settings
from core.store.db import make_engine, migrate
from core.store.schema import etl_runs, release
from etl.steps.names import shown


def last_runs(settings: Settings, limit: int = 10) -> list[str]:
    """One line per run, newest first, and which run is published."""
    migrate(settings.db_url)
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        current = conn.execute(select(release.c.run_id)).scalar()
        runs = conn.execute(select(etl_runs).order_by(etl_runs.c.run_id.desc()).limit(limit))
        lines = []
        for r in runs:
            counts = json.loads(r.counts or "{}")
            rows, files = counts.get("rows", {}), counts.get("files", {})
            mark = " (published)" if r.run_id == current else ""
            took = f"{r.duration_s:.1f}s" if r.duration_s is not None else "-"
            lines.append(
                f"run {r.run_id}{mark}: {r.status} at {r.started_at:%Y-%m-%d %H:%M} in {took}"
                f" [{r.code_version}]; files {_pairs(files) or 'none new'}; "
                f"rows read {rows.get('read', 0):,} = accepted {rows.get('accepted', 0):,} + "
                f"quarantined {rows.get('quarantined', 0):,} + "
                f"duplicates {rows.get('duplicates', 0):,}"
                + (f"; {r.message}" if r.message else "")
            )
            reasons = counts.get("quarantine_reasons", {})
            if reasons:
                lines.append(f"    quarantined by reason: {_pairs(reasons)}")
            for entry in json.loads(r.inputs or "[]"):
                if entry.get("outcome") in ("rejected", "skipped"):
                    lines.append(f"    {entry['outcome']} {shown(entry['file'])}: "
                                 f"{entry.get('reason')}")
    engine.dispose()
    return lines or ["no runs yet"]


def _pairs(counts: dict) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
