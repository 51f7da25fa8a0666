"""What a run did, and the progress lines it prints on the way, with timings."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RunReport:
    """What a run did, for the command line and the `etl_runs` row."""

    run_id: int
    status: str = "running"
    files: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    inputs: list[dict] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    published_rows: int = 0
    message: str | None = None

    def counts(self) -> dict:
        return {"files": dict(self.files), "rows": dict(self.rows),
                "quarantine_reasons": dict(self.reasons), "published_rows": self.published_rows,
                "stage_seconds": {k: round(v, 2) for k, v in self.stages.items()}}


class Progress:
    """Progress lines with timings and rows per second, also kept for the run record."""

    def __init__(self, report: RunReport, emit: Callable[[str], None]):
        self.report, self.emit = report, emit

    def stage(self, name: str, started: float, rows: int | None = None) -> None:
        took = time.perf_counter() - started
        self.report.stages[name] = self.report.stages.get(name, 0.0) + took
        rate = f", {rows / took:,.0f} rows/s" if rows and took > 0 else ""
        self.emit(f"{name}: {f'{rows:,} rows in ' if rows is not None else ''}{took:.1f} s{rate}")
