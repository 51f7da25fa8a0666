"""Spoil a known number of rows in the ways real deliveries go wrong, for the ETL to quarantine.

Each spoiled row has exactly one defect, so the counts can be checked one for one against the
ETL's quarantine reasons (the names match) and its duplicate count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.contract import CATEGORIES
from etl.demo.reference import Reference
from etl.demo.sample import LOC_AREA

DIRTY_KINDS: tuple[str, ...] = (
    "negative_value",
    "non_numeric_value",
    "unknown_kommune",
    "future_date",
    "absurd_total",
    "missing_location",
    "duplicate",
)
#: What a spreadsheet or a careless export puts in a number column (none parse as numbers).
NON_NUMERIC_TOKENS = ("ukjent", "#VALUE!", "1.234.5", "tre tusen", "x")
#: A typo'd year lands decades ahead; 28 years keeps 29 February a valid date.
FUTURE_YEARS = 28


@dataclass
class Spoiled:
    """Rows to write instead of the clean ones, and the text-only defects to apply on output."""

    rows: np.ndarray
    counts: dict[str, int]
    unknown: tuple[np.ndarray, list[str]] = (np.empty(0, np.int64), [])
    non_numeric: dict[int, tuple[np.ndarray, list[str]]] = field(default_factory=dict)


def unknown_codes(ref: Reference) -> np.ndarray:
    """Codes as long as the pack's area codes that no table knows, to pose as mistyped ones."""
    width = len(ref.areas[0])
    every = np.array([f"{i:0{width}d}" for i in range(10**width)])
    return every[~np.isin(every, list(ref.known_codes))]


def spoil(
    rows: np.ndarray, share: float, rng: np.random.Generator, candidates: np.ndarray
) -> Spoiled:
    """Give about `share` of the rows one defect each, of a kind drawn uniformly."""
    counts = dict.fromkeys(DIRTY_KINDS, 0)
    if share <= 0 or len(rows) == 0:
        return Spoiled(rows, counts)
    rows = rows.copy()
    hit = np.flatnonzero(rng.random(len(rows)) < share)
    kind = rng.integers(0, len(DIRTY_KINDS), len(hit))
    by_kind = {name: hit[kind == i] for i, name in enumerate(DIRTY_KINDS)}
    spoiled = Spoiled(rows, counts)

    where = by_kind["negative_value"]
    cat = rng.integers(0, len(CATEGORIES), len(where))
    rows["kg"][where, cat] = -np.maximum(rows["kg"][where, cat], 1)

    where = by_kind["non_numeric_value"]
    cat = rng.integers(0, len(CATEGORIES), len(where))
    tokens = np.array(NON_NUMERIC_TOKENS)[rng.integers(0, len(NON_NUMERIC_TOKENS), len(where))]
    for c in np.unique(cat):
        spoiled.non_numeric[int(c)] = (where[cat == c], tokens[cat == c].tolist())

    where = by_kind["unknown_kommune"]
    codes = candidates[rng.integers(0, len(candidates), len(where))]
    # The bad code is the row's only location, so nothing can rescue it.
    rows["loc"][where] = LOC_AREA
    spoiled.unknown = (where, codes.tolist())

    where = by_kind["future_date"]
    rows["t"][where] = _years_later(rows["t"][where], FUTURE_YEARS)

    # Entered in grams instead of kilograms: a thousand times too much, far over the maximum.
    rows["kg"][by_kind["absurd_total"]] *= 1000

    rows["loc"][by_kind["missing_location"]] = 0

    # A row sent twice: an exact copy of a clean row of the same file takes the slot.
    is_clean = np.ones(len(rows), bool)
    is_clean[hit] = False
    clean = np.flatnonzero(is_clean)
    if len(clean) == 0:
        by_kind["duplicate"] = by_kind["duplicate"][:0]
    where = by_kind["duplicate"]
    rows[where] = rows[clean[rng.integers(0, max(len(clean), 1), len(where))]]

    for name in DIRTY_KINDS:
        counts[name] = len(by_kind[name])
    return spoiled


def _years_later(t: np.ndarray, years: int) -> np.ndarray:
    """The same calendar date and time of day, `years` later, in epoch seconds."""
    stamp = t.astype("datetime64[s]")
    day = stamp.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    shifted = (month.astype("datetime64[Y]") + years).astype("datetime64[M]")
    shifted = shifted + (month - month.astype("datetime64[Y]"))
    shifted = shifted.astype("datetime64[D]") + (day - month.astype("datetime64[D]"))
    return (shifted.astype("datetime64[s]") + (stamp - day)).astype(np.int64)
