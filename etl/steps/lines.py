"""A CSV file's rows counted as lines, without the CSV parser, and read line by line when
the parser disagrees.

Rows read must be what the provider sent, not what a parser returned: an unterminated
quote made the reader swallow every later line into one field, and a line past the
reader's size limit vanished, while read = accepted + quarantined + duplicates still held.
So the checksum pass also counts the file's data lines (non-empty lines after the header)
and its longest line. When the fast DuckDB read returns exactly one row per data line, it
is trusted; otherwise the file is split here, each line on its own: lines that parse are
rewritten for DuckDB with their row and line numbers, the others are quarantined with a
reason and their line number. Hence the contract's rule: one row per line. The same pass
notes whether any value may start or end with a space, so that a file without one is staged
without trimming every value (etl/steps/check.py).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.steps.repeats import STAGED_PARQUET, quote

#: A line longer than this (bytes, without its line break) is quarantined as
#: `line_too_long`: a real row is a few hundred bytes.
MAX_LINE_BYTES = 1 << 20
_EMPTY = (b"", b"\r")
_LF, _CR = ord("\n"), ord("\r")
#: Bytes a value's edges touch: a space next to one of them may start or end a value.
_EDGES = np.frombuffer(b',\n\r"', np.uint8)


class LineCount:
    """Data lines and the longest line of a file, fed in chunks (so never held whole)."""

    def __init__(self) -> None:
        self.lines = 0        # non-empty lines, the header included
        self.longest = 0      # bytes of the longest line, without its line break
        self._open = 0        # bytes of the line not yet ended
        self._open_cr = False  # ... and whether they are exactly b"\r"
        # Whether some value may start or end with a space DuckDB's trim removes: a space
        # next to a comma, line break or quote, or any byte outside ASCII (trim also takes
        # the Unicode spaces). Without any, trimming every value changes nothing.
        self.padded = False
        self._last = _LF      # the byte before the next chunk: a file starts as a line does

    def feed(self, chunk: bytes) -> None:
        # numpy finds the breaks: several times faster than searching the bytes from Python,
        # and it lets go of the interpreter, so two files are counted side by side.
        data = np.frombuffer(chunk, np.uint8)
        if not self.padded and len(data):
            self.padded = _padded(data, self._last)
            self._last = int(data[-1])
        breaks = np.flatnonzero(data == _LF)
        if not len(breaks):
            self._open_cr = self._open == 0 and chunk == b"\r"
            self._open += len(chunk)
            return
        first_break = int(breaks[0])
        first = self._open + first_break  # the line the chunk finishes
        first_empty = first == 0 or first == 1 and (
            chunk[:1] == b"\r" if first_break == 1 else self._open_cr)
        # The whole lines between the chunk's first and last break, by length (a CR counted).
        lengths = np.diff(breaks) - 1
        empty = int(np.count_nonzero(lengths == 0))
        one_byte = breaks[:-1][lengths == 1] + 1
        empty += int(np.count_nonzero(data[one_byte] == _CR))
        self.lines += (not first_empty) + len(lengths) - empty
        self.longest = max(self.longest, first, int(lengths.max(initial=0)))
        rest = chunk[int(breaks[-1]) + 1:]
        self._open, self._open_cr = len(rest), rest == b"\r"

    def finish(self) -> LineCount:
        """Count a last line without a line break."""
        self.padded = self.padded or self._last == ord(" ")  # a space ends the file
        if self._open and not self._open_cr:
            self.lines += 1
            self.longest = max(self.longest, self._open)
        self._open, self._open_cr = 0, False
        return self

    @property
    def data_lines(self) -> int:
        return max(self.lines - 1, 0)


def _padded(data: np.ndarray, before: int) -> bool:
    """Whether a chunk may hold a value with a space at its edge (see LineCount.padded);
    `before` is the byte before it."""
    # A space that ended the last chunk is judged by this chunk's first byte.
    if (data >= 0x80).any() or before == ord(" ") and data[0] in _EDGES:
        return True
    spaces = np.flatnonzero(data == ord(" "))
    if not len(spaces):
        return False
    previous = np.where(spaces > 0, data[np.maximum(spaces - 1, 0)], before)
    after = data[spaces[spaces + 1 < len(data)] + 1]  # one at the chunk's end: see above
    return bool(np.isin(previous, _EDGES).any() or np.isin(after, _EDGES).any())


@dataclass(frozen=True)
class BadLine:
    """A line that is not a row: its data row number, line number, reason and detail."""

    row_number: int
    line: int
    reason: str
    detail: str

    def record(self) -> str:
        return json.dumps({"line": self.line, "error": self.detail})


def _judge_line(body: bytes, width: int) -> tuple[list[str] | None, str, str]:
    """The fields of one line, or the reason it is not a row."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not_utf8", "bytes that are not UTF-8"
    if text.count('"') % 2:
        return None, "unterminated_quote", "a quote opened and not closed on this line"
    try:
        fields = next(csv.reader([text], strict=True))
    except csv.Error as exc:
        return None, "unreadable_row", str(exc)
    if len(fields) != width:
        return None, "wrong_field_count", f"{len(fields)} fields, the header has {width}"
    return fields, "", ""


def split_lines(path: Path, columns: list[str], out: Path) -> list[BadLine]:
    """Rewrite the rows of `path` that parse line by line into the CSV `out`, with columns
    `data_row`, `line` and `columns`; return the lines that are not rows."""
    bad: list[BadLine] = []
    row = 0
    with path.open("rb") as source, out.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["data_row", "line", *columns])
        source.readline()  # the header, already checked
        number = 1
        while raw := source.readline(MAX_LINE_BYTES + 2):
            number += 1
            too_long = not raw.endswith(b"\n") and len(raw) > MAX_LINE_BYTES + 1
            while too_long and (rest := source.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of an over-long line without holding it
            body = raw.rstrip(b"\n")
            body = body[:-1] if body.endswith(b"\r") else body
            if body in _EMPTY and not too_long:
                continue
            row += 1
            if too_long or len(body) > MAX_LINE_BYTES:
                bad.append(BadLine(row, number, "line_too_long",
                                   f"a line over {MAX_LINE_BYTES:,} bytes"))
                continue
            fields, reason, detail = _judge_line(body, len(columns))
            if fields is None:
                bad.append(BadLine(row, number, reason, detail))
            else:
                writer.writerow([row, number, *fields])
    return bad


def add_bad_lines(con: duckdb.DuckDBPyConnection, bad: list[BadLine], staged: Path) -> None:
    """Lines that are not rows join the staged file as quarantined, with their data row and
    line number (not their text, which holds a respondent id)."""
    frame = pd.DataFrame({"row_number": [b.row_number for b in bad],
                          "reason": [b.reason for b in bad],
                          "record": [b.record() for b in bad]})
    both = staged.with_suffix(".tmp2")
    con.register("bad_lines", frame)
    try:
        con.execute(f"""
            COPY (SELECT * FROM read_parquet({quote(staged)})
                  UNION ALL BY NAME SELECT * FROM bad_lines ORDER BY row_number)
            TO {quote(both)} ({STAGED_PARQUET})""")
    finally:
        con.unregister("bad_lines")
    both.replace(staged)
