"""Generate seeded, anonymous demo footprint records (input contract v1) into an inbox folder.

Load the reference tables, draw respondents chunk by chunk into one compact array, then write
one file per month of submission, spoiling a known share of rows on the way out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core import geography
from etl.demo import dirty as dirty_rows
from etl.demo.output import FORMATS, to_table, write
from etl.demo.reference import load
from etl.demo.sample import ROW_DTYPE, Plan, make_plan, sample_rows

FIRST_MONTH = dt.date(2021, 1, 1)
DEFAULT_GEODATA = geography.DEFAULT_DIR
#: Fixed, so that the first rows of a small run are the first rows of a large one.
CHUNK_RESPONDENTS = 50_000
MAX_DIRTY = 0.5
# Independent random streams: run-level draws, respondents by chunk, defects by file.
_PLAN, _CHUNK, _DIRTY = 0, 1, 2


@dataclass
class DemoSummary:
    """What one generator run wrote."""

    files: list[Path]
    rows: int
    respondents: int
    first_month: str
    end_month: str
    dirty: dict[str, int] = field(default_factory=dict)

    @property
    def dirty_rows(self) -> int:
        """Rows the ETL should not accept (quarantined or counted as duplicates)."""
        return sum(self.dirty.values())


def generate(
    out_dir: Path,
    n_rows: int,
    seed: int = 2026,
    geodata_dir: Path = DEFAULT_GEODATA,
    fmt: str = "csv",
    dirty: float = 0.0,
    end_month: str | None = None,
) -> DemoSummary:
    """Write `n_rows` demo records from 2021-01 to `end_month` (default: last complete month)."""
    if n_rows < 1:
        raise ValueError("n_rows must be at least 1")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    if not 0.0 <= dirty <= MAX_DIRTY:
        raise ValueError(f"dirty must be between 0 and {MAX_DIRTY}")
    end = _month_after(end_month)
    months = _month_starts(FIRST_MONTH, end)
    start_s, end_s = _epoch(FIRST_MONTH), _epoch(end)

    ref = load(Path(geodata_dir), months[-2].year, FIRST_MONTH.year)
    plan = make_plan(ref, _rng(seed, _PLAN), start_s, (end_s - start_s) // 86_400)
    rows = _draw(plan, seed, n_rows)

    order = np.argsort(rows["t"], kind="stable")
    bounds = np.searchsorted(rows["t"][order], [_epoch(m) for m in months])
    key = int(np.random.SeedSequence(seed).generate_state(1, np.uint64)[0])
    candidates = dirty_rows.unknown_codes(ref)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Respondents are numbered in the order drawn and each has a row, so the last is the count.
    summary = DemoSummary([], n_rows, int(rows["resp"][-1]) + 1,
                          f"{FIRST_MONTH:%Y-%m}", f"{months[-2]:%Y-%m}",
                          dict.fromkeys(dirty_rows.DIRTY_KINDS, 0))  # fmt: skip
    for i, month in enumerate(months[:-1]):
        if bounds[i] == bounds[i + 1]:
            continue
        spoiled = dirty_rows.spoil(
            rows[order[bounds[i] : bounds[i + 1]]], dirty, _rng(seed, _DIRTY, i), candidates
        )
        table = to_table(plan, spoiled.rows, month.year, key, spoiled.unknown, spoiled.non_numeric)
        path = out_dir / f"footprints_{month:%Y-%m}.{fmt}"
        write(table, path, fmt)
        summary.files.append(path)
        for kind, count in spoiled.counts.items():
            summary.dirty[kind] += count
    return summary


def _draw(plan: Plan, seed: int, n_rows: int) -> np.ndarray:
    """The first `n_rows` estimates of respondents drawn chunk by chunk into one array."""
    rows = np.empty(n_rows, ROW_DTYPE)
    filled, chunk = 0, 0
    while filled < n_rows:
        first = chunk * CHUNK_RESPONDENTS
        part = sample_rows(plan, _rng(seed, _CHUNK, chunk), first, CHUNK_RESPONDENTS)
        take = min(len(part), n_rows - filled)
        rows[filled : filled + take] = part[:take]
        filled, chunk = filled + take, chunk + 1
    return rows


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng(list(key))


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _month_after(end_month: str | None) -> dt.date:
    """First day after the last month to generate; by default the current month (UTC)."""
    if end_month is None:
        today = dt.datetime.now(dt.UTC).date()
        return today.replace(day=1)
    last = dt.datetime.strptime(end_month, "%Y-%m").date()
    if last < FIRST_MONTH:
        raise ValueError(f"end_month must be {FIRST_MONTH:%Y-%m} or later")
    return _month_starts(last, None, 2)[1]


def _month_starts(first: dt.date, end: dt.date | None, count: int = 0) -> list[dt.date]:
    """First days of months from `first` up to and including `end` (or `count` of them)."""
    out = [first]
    while (end is not None and out[-1] < end) or len(out) < count:
        y, m = divmod(out[-1].year * 12 + out[-1].month, 12)
        out.append(dt.date(y, m + 1, 1))
    return out
