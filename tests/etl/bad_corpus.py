"""A night's worth of broken, odd and hostile deliveries, with what a correct run keeps.

Each file holds good rows (which must all be accepted) next to one kind of trouble. The
expectations are counted from what is written here, never copied from a run: good rows,
the data lines of each file (its non-empty lines after the header) and, per bad row, the
data row it sits on.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.contract import ALL_COLUMNS, CATEGORIES
from tests.conftest import record

#: A name longer than some file systems allow once a checksum is put in front of it.
LONG_NAME = "leveranse-" + "å" * 100 + ".csv"  # 214 bytes in UTF-8


@dataclass
class Corpus:
    """What was written: good rows in total, and per accepted file its data lines and the
    data rows (1-based) that must be quarantined."""

    good: int = 0
    lines: dict[str, int] = field(default_factory=dict)
    bad_rows: dict[str, set[int]] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)


def csv_line(row: dict, columns=ALL_COLUMNS) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def _write(corpus: Corpus, path: Path, lines: list[str], bad: set[int],
           header: str = ",".join(ALL_COLUMNS)) -> None:
    """Write a header and lines; count the good rows and remember the bad ones."""
    path.write_bytes(("\n".join([header, *lines]) + "\n").encode("utf-8"))
    corpus.lines[path.name] = len(lines)
    corpus.bad_rows[path.name] = bad
    corpus.good += len(lines) - len(bad)


def _good(n: int, **values) -> list[str]:
    return [csv_line(record(**values)) for _ in range(n)]


def write_corpus(inbox: Path, huge_mb: int = 50) -> Corpus:
    """Write every case of issue 10 into `inbox`; returns what a correct run must report."""
    inbox.mkdir(parents=True, exist_ok=True)
    c = Corpus()
    # An unterminated quote on data row 4 must not swallow the 20 rows after it.
    rows = _good(24)
    rows[3] = rows[3].replace(",app", ',"app')
    _write(c, inbox / "quote.csv", rows, {4})
    # Fields larger than a reader's line limit: 3 MB and `huge_mb` MB.
    rows = _good(4)
    rows.insert(1, csv_line(record(source="x" * (3 << 20))))
    rows.insert(3, csv_line(record(source="y" * (huge_mb << 20))))
    _write(c, inbox / "huge-fields.csv", rows, {2, 4})
    # Names that must neither block the archive nor break the log, nor be ignored.
    _write(c, inbox / LONG_NAME, _good(5), set())
    _write(c, inbox / "..dots.csv", _good(3), set())
    _write(c, inbox / "new\nline.csv", _good(3), set())
    # A header written with ", ", and numbers a lenient reader would accept.
    _write(c, inbox / "spaced-header.csv", _good(4), set(), header=", ".join(ALL_COLUMNS))
    rows = _good(4) + [csv_line(record(housing_kg=v)) for v in ("1_000", "1,000", "1 000")]
    _write(c, inbox / "numbers.csv", rows, {5, 6, 7})
    # One accepted record from 2015 must not stretch every series back to 2015.
    _write(c, inbox / "old.csv", [csv_line(record(submitted_at="2015-03-01"))], set())
    # Parquet with integer codes: Oslo's 0301 must stay Oslo.
    frame = pd.DataFrame([record(bydelnr="030101") for _ in range(6)])
    frame = frame.assign(kommunenummer=301, bydelnr=30101,
                         **{f"{x}_kg": frame[f"{x}_kg"].astype(float)
                            for x in CATEGORIES})
    frame.to_parquet(inbox / "int-codes.parquet")
    c.lines["int-codes.parquet"], c.bad_rows["int-codes.parquet"] = 6, set()
    c.good += 6
    # Files refused whole, next to accepted ones.
    (inbox / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    (inbox / "empty.csv").write_bytes(b"")
    c.rejected |= {"broken.parquet", "empty.csv"}
    # Files still being written are left alone, and said so.
    (inbox / "upload.csv.part").write_text("respondent_id\n", encoding="utf-8")
    (inbox / ".upload.csv").write_text("respondent_id\n", encoding="utf-8")
    c.skipped |= {"upload.csv.part", ".upload.csv"}
    return c
