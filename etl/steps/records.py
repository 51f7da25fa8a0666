"""Read one inbox file as text columns, or say in plain words why it cannot be read.

Column names are trimmed (`a, b` is a header of `a` and `b`), and Parquet code columns
stored as numbers get back the leading zeros a number cannot hold (Oslo's 0301 read as 301
would be quarantined as an unknown municipality), to the widths in core/contract.py.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.contract import ALL_COLUMNS, CODE_WIDTHS, LOCATION_COLUMNS, REQUIRED_COLUMNS
from etl.steps.lines import MAX_LINE_BYTES, LineCount
from etl.steps.repeats import quote

SUPPORTED_SUFFIXES = (".csv", ".parquet")


class FileRejected(Exception):
    """The whole file cannot be used; the message is the reason shown to the provider."""


@dataclass(frozen=True)
class InboxFile:
    path: Path
    sha256: str
    size_bytes: int
    #: CSV only: non-empty lines after the header, and the longest line in bytes.
    data_lines: int | None = None
    longest_line: int = 0
    #: Whether a value may start or end with a space, so values must be trimmed (known for
    #: CSV only: etl/steps/lines.py).
    padded: bool = True


def describe(path: Path) -> InboxFile:
    """Checksum a file in chunks, so a huge file never sits in memory; count a CSV's lines
    on the way (etl/steps/lines.py)."""
    digest = hashlib.sha256()
    lines = LineCount() if path.suffix.lower() == ".csv" else None
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            if lines:
                lines.feed(chunk)
    counted = lines.finish() if lines else None
    return InboxFile(path=path, sha256=digest.hexdigest(), size_bytes=path.stat().st_size,
                     data_lines=counted.data_lines if counted else None,
                     longest_line=counted.longest if counted else 0,
                     padded=counted.padded if counted else True)


def _as_text(name: str, kind: str) -> str:
    """A Parquet column as trimmed-name text; numeric codes zero-padded to their width."""
    col = '"' + name.replace('"', '""') + '"'
    alias = '"' + name.strip().replace('"', '""') + '"'
    width = CODE_WIDTHS.get(name.strip())
    text = f"CAST({col} AS VARCHAR)"
    if width and kind.endswith("INT"):
        text = (f"CASE WHEN {col} BETWEEN 0 AND {10 ** width - 1} "
                f"THEN lpad({text}, {width}, '0') ELSE {text} END")
    elif width and kind in ("FLOAT", "DOUBLE"):
        text = (f"CASE WHEN isfinite({col}) AND {col} = trunc({col}) AND {col} BETWEEN 0 AND "
                f"{10 ** width - 1} THEN lpad(CAST(CAST({col} AS BIGINT) AS VARCHAR), "
                f"{width}, '0') ELSE {text} END")
    return f"{text} AS {alias}"


def source_sql(path: Path, columns: list[str] | None = None, rejects: str | None = None,
               types: list[str] | None = None) -> str:
    """A DuckDB table expression reading the file with every column as text, named by its
    trimmed name.

    For CSV the columns come from our own reading of the header and nothing is sniffed:
    validation, not the reader, decides what is bad. With `rejects`, rows that cannot be
    parsed (bad bytes, a wrong number of fields) are skipped into the DuckDB tables
    `<rejects>_errors` / `<rejects>_scans` instead of failing the whole file. For Parquet,
    `columns` and their DuckDB `types` say which codes to zero-pad.
    """
    if path.suffix.lower() == ".parquet":
        if columns is None or types is None:
            return f"(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet({quote(path)}))"
        exprs = ", ".join(_as_text(c, t) for c, t in zip(columns, types, strict=True))
        return f"(SELECT {exprs} FROM read_parquet({quote(path)}))"
    # Lines over the contract's limit are found by etl/steps/lines.py; this reader's own
    # limit sits above the longest line that can reach it, quoting included.
    options = f", max_line_size={4 * MAX_LINE_BYTES}"
    if columns is not None:
        spec = ", ".join("'" + c.strip().replace("'", "''") + "': 'VARCHAR'" for c in columns)
        options += f", auto_detect=false, columns={{{spec}}}"
    if rejects:
        options += (f", ignore_errors=true, store_rejects=true, rejects_table='{rejects}_errors',"
                    f" rejects_scan='{rejects}_scans'")
    return (
        f"read_csv({quote(path)}, header=true, all_varchar=true, delim=',', quote='\"', "
        f"escape='\"', null_padding=false, strict_mode=true{options})"
    )


def without_path(text: str, path: Path) -> str:
    """A reader's message with the server's folders taken out: the provider sees a name."""
    return text.replace(str(path), path.name)


def columns_of(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[str]]:
    """The file's column names and DuckDB types (VARCHAR for CSV), or FileRejected with
    the reader's complaint."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise FileRejected(f"unsupported file type '{path.suffix}': deliver .csv or .parquet")
    if path.stat().st_size == 0:
        raise FileRejected("the file is empty")
    if path.suffix.lower() == ".csv":
        names = _csv_header(path)
        return names, ["VARCHAR"] * len(names)
    try:
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({quote(path)})").fetchall()
    except duckdb.Error as exc:
        first_line = without_path(str(exc).strip().splitlines()[0], path)
        raise FileRejected(f"cannot be read as {path.suffix[1:].upper()}: {first_line}") from exc
    return [row[0] for row in described], [row[1] for row in described]


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
    if "\r" in text.rstrip("\r\n"):
        # Python's and DuckDB's readers disagree on such files; the contract says LF/CRLF.
        raise FileRejected("lines end in CR only (old Mac style): save with LF or CRLF "
                           "line ends")
    try:
        return next(csv.reader([text]))
    except csv.Error as exc:
        raise FileRejected(f"the header row cannot be read: {exc}") from exc


def read_error(exc: duckdb.Error, path: Path) -> str:
    """The reader's complaint in words a provider can act on, with the line it stopped at."""
    text = without_path(str(exc), path)
    line = re.search(r"on Line: (\d+)", text)
    where = f" (line {line.group(1)})" if line else ""
    if any(word in text.lower() for word in ("unicode", "utf-8", "utf8")):
        return f"not UTF-8{where}: re-save the file as UTF-8 (the contract's encoding)"
    skip = ("Original Line", "Possible Solution", "Invalid Input Error", "CSV Error on Line")
    detail = [ln.strip() for ln in text.splitlines()
              if ln.strip() and not ln.strip().startswith(skip) and "=" not in ln]
    reason = detail[0] if detail else text.strip().splitlines()[0]
    return f"cannot be read as {path.suffix[1:].upper()}{where}: {reason}"
