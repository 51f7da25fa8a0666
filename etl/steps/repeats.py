"""Repeats of estimates counted across deliveries, and staged files read back.

A staged file holds every row of one delivery, with its placement or the reason it was set
aside. Repeats (the same respondent and time, delivered again) are found for a whole batch
at once: candidate keys hashed into one integer (a hash aggregate, no sort of the batch),
then an exact comparison of the few candidates, ranked by delivery order, against the batch
itself and everything accepted before. The aggregation keeps the first delivery itself.

The later deliveries a file holds are kept beside its staged file (`later_path`): a repeat
stays a repeat (deliveries only come after it), so the release's per-source counts
(etl/steps/sources.py) take them out without looking for repeats among all records again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd


@dataclass
class FileOutcome:
    """What one file contributed: counts by outcome and quarantine reason, or, when the
    whole file was refused, the reason in `rejected` (and no counts)."""

    rejected: str | None = None
    rows_read: int = 0
    accepted: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def quarantined(self) -> int:
        return sum(self.reasons.values())


#: How staged files are written. Parquet's second format version encodes numbers and text
#: by their differences and splits floats by byte: its writer costs about a sixth less than
#: the first version's per staged record, in files of about the same size.
STAGED_PARQUET = "FORMAT parquet, PARQUET_VERSION V2"


def quote(path: Path) -> str:
    """A path as a DuckDB string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def later_path(staged: Path) -> Path:
    """Beside a staged file: its rows that repeat an estimate delivered before it (the
    columns `count` was asked to keep)."""
    return staged.with_name(staged.name.removesuffix(".parquet") + ".later.parquet")


def read_staged(paths: list[Path], columns: str = "*") -> str:
    """A table expression over staged files: their accepted rows plus `seq`, the delivery
    order used to keep the first of repeated estimates."""
    files = ", ".join(quote(p) for p in paths)
    return f"""(SELECT {columns}, list_position([{files}], s.filename) - 1 AS seq
             FROM read_parquet([{files}], filename=true) s WHERE s.reason IS NULL)"""


def count(con: duckdb.DuckDBPyConnection, staged: dict[int, Path],
          prior: list[Path], keep: tuple[str, ...] = ()) -> dict[int, FileOutcome]:
    """Counts per new file: rows read, reasons, and repeats of estimates accepted before.

    `prior` are the staged files accepted before, in delivery order. The later deliveries
    in each new file are kept beside it (`later_path`) with their time, row number and the
    staged columns named in `keep`.
    """
    if not staged:
        return {}
    new = list(staged.values())
    everything = prior + new
    cols = ", ".join(f's."{c}"' for c in ("respondent_id", "submitted_at", "row_number",
                                          *keep))
    key = "hash(respondent_id, submitted_at)"
    in_prior = ""
    if prior:
        in_prior = f"""UNION SELECT h FROM (SELECT DISTINCT {key} AS h
                         FROM {read_staged(new, cols)}) n
                       SEMI JOIN (SELECT {key} AS h FROM {read_staged(prior, cols)}) p USING (h)"""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE later AS
        WITH candidates AS (
            SELECT {key} AS h FROM {read_staged(new, cols)} GROUP BY h HAVING count(*) > 1
            {in_prior}
        ), rows AS (
            SELECT a.* FROM {read_staged(everything, cols)} a
            SEMI JOIN candidates c ON c.h = hash(a.respondent_id, a.submitted_at)
        )
        -- Found with the columns they are kept with: no staged file is read again for them.
        SELECT * EXCLUDE (respondent_id, rank) FROM (
            SELECT *, row_number() OVER (PARTITION BY respondent_id, submitted_at
                                         ORDER BY seq, row_number) AS rank
            FROM rows) WHERE rank > 1
    """)
    repeats = dict(con.execute("SELECT seq, count(*) FROM later GROUP BY seq").fetchall())
    for i, path in enumerate(new):
        _keep_later(con, path, len(prior) + i, repeats.get(len(prior) + i, 0))
    con.execute("DROP TABLE later")
    out: dict[int, FileOutcome] = {}
    files = ", ".join(quote(p) for p in new)
    reasons = con.execute(f"""
        SELECT list_position([{files}], filename) - 1, reason, count(*)
        FROM read_parquet([{files}], filename=true) GROUP BY ALL""").fetchall()
    by_position = {i: FileOutcome(duplicates=repeats.get(len(prior) + i, 0))
                   for i in range(len(new))}
    for position, reason, n in reasons:
        result = by_position[position]
        result.rows_read += n
        if reason is not None:
            result.reasons[reason] = n
    for i, idx in enumerate(staged):
        result = by_position[i]
        result.accepted = result.rows_read - result.quarantined - result.duplicates
        out[idx] = result
    return out


def _keep_later(con: duckdb.DuckDBPyConnection, staged: Path, seq: int, n: int) -> None:
    """Write the rows of file `seq` that repeat an earlier delivery beside it (none: no
    file, and none left from an earlier, unpublished staging of the same file)."""
    target = later_path(staged)
    target.unlink(missing_ok=True)
    if n:
        con.execute(f"""COPY (SELECT * EXCLUDE (seq) FROM later WHERE seq = {seq})
                        TO {quote(target)} ({STAGED_PARQUET})""")


def quarantined(con: duckdb.DuckDBPyConnection, staged: Path) -> pd.DataFrame:
    """One file's quarantined rows as a data frame (row_number, reason, detail, record)."""
    return con.execute(
        "SELECT row_number, reason, NULL::VARCHAR AS detail, record "
        f"FROM read_parquet({quote(staged)}) WHERE reason IS NOT NULL ORDER BY row_number").df()
