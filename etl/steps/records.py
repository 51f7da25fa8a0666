"""Read one inbox file as text columns, or say in plain words why it cannot be read."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.contract import ALL_COLUMNS, LOCATION_COLUMNS, REQUIRED_COLUMNS

SUPPORTED_SUFFIXES = (".csv", ".parquet")


class FileRejected(Exception):
    """The whole file cannot be used; the message is the reason shown to the provider."""


@dataclass(frozen=True)
class InboxFile:
    path: Path
    sha256: str
    size_bytes: int


def describe(path: Path) -> InboxFile:
    """Checksum a file in chunks, so a huge file never sits in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return InboxFile(path=path, sha256=digest.hexdigest(), size_bytes=path.stat().st_size)


def source_sql(path: Path, columns: list[str] | None = None, rejects: str | None = None) -> str:
    """A DuckDB table expression reading the file with every column as text.

    For CSV the columns come from our own reading of the header and nothing is sniffed:
    validation, not the reader, decides what is bad. With `rejects`, rows that cannot be
    parsed (bad bytes, a wrong number of fields) are skipped into the DuckDB tables
    `<rejects>_errors` / `<rejects>_scans` instead of failing the whole file.
    """
    quoted = str(path).replace("'", "''")
    if path.suffix.lower() == ".parquet":
        # Typed columns become text, so they are checked exactly like a CSV's.
        return f"(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet('{quoted}'))"
    options = ""
    if columns is not None:
        spec = ", ".join("'" + c.replace("'", "''") + "': 'VARCHAR'" for c in columns)
        options += f", auto_detect=false, columns={{{spec}}}"
    if rejects:
        options += (f", ignore_errors=true, store_rejects=true, rejects_table='{rejects}_errors',"
                    f" rejects_scan='{rejects}_scans'")
    return (
        f"read_csv('{quoted}', header=true, all_varchar=true, delim=',', quote='\"', "
        f"escape='\"', null_padding=false, strict_mode=true{options})"
    )


def columns_of(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The file's column names, or FileRejected with the reader's complaint."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise FileRejected(f"unsupported file type '{path.suffix}': deliver .csv or .parquet")
    if path.stat().st_size == 0:
        raise FileRejected("the file is empty")
    if path.suffix.lower() == ".csv":
        return _csv_header(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source_sql(path)}").fetchall()
    except duckdb.Error as exc:
        first_line = str(exc).strip().splitlines()[0]
        raise FileRejected(f"cannot be read as {path.suffix[1:].upper()}: {first_line}") from exc
    return [row[0] for row in described]


def check_columns(columns: list[str]) -> None:
    """Reject a file whose header does not follow the input contract."""
    names = [c.strip() for c in columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        hint = " (is the delimiter a comma?)" if len(names) == 1 else ""
        raise FileRejected(f"missing required column(s): {', '.join(missing)}{hint}")
    if not any(c in names for c in LOCATION_COLUMNS):
        raise FileRejected("needs a kommunenummer or a postnummer column")
    unknown = [c for c in names if c not in ALL_COLUMNS]
    if unknown:
        raise FileRejected(f"unknown column(s): {', '.join(unknown)}")
    if len(set(names)) != len(names):
        raise FileRejected("a column name appears twice")


def _csv_header(path: Path) -> list[str]:
    """The header row of a CSV file, read without scanning the rest."""
    with path.open("rb") as handle:
        line = handle.readline(1 << 16)
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected("not UTF-8: re-save the file as UTF-8 (the contract's encoding)") \
            from exc
    if not text.strip():
        raise FileRejected("the file has no header row")
    return next(csv.reader([text]))
