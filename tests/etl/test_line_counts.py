"""Rows read are the file's data lines, counted without the CSV parser: no row vanishes."""

from __future__ import annotations

import json
import random
import re

import pandas as pd

from core.contract import ALL_COLUMNS
from core.store.schema import quarantine
from etl.pipeline import run
from etl.steps.lines import MAX_LINE_BYTES, LineCount
from tests.conftest import NOW, read_table, record
from tests.etl.bad_corpus import csv_line


def _deliver(settings, lines: list[str]):
    settings.inbox_dir.mkdir(parents=True, exist_ok=True)
    text = "\n".join([",".join(ALL_COLUMNS), *lines]) + "\n"
    (settings.inbox_dir / "file.csv").write_text(text, encoding="utf-8")
    return run(settings, now=NOW, progress=lambda _: None)


def _quarantined(settings) -> pd.DataFrame:
    return read_table(settings, quarantine)


def test_an_unterminated_quote_costs_its_own_line_only(settings):
    lines = [csv_line(record()) for _ in range(24)]
    lines[3] = lines[3].replace(",app", ',"app')
    report = _deliver(settings, lines)
    assert report.rows == {"read": 24, "accepted": 23, "quarantined": 1, "duplicates": 0}
    q = _quarantined(settings)
    assert list(q["reason"]) == ["unterminated_quote"] and list(q["row_number"]) == [4]
    assert json.loads(q["record"].iloc[0])["line"] == 5


def test_a_line_past_the_readers_limit_is_quarantined_not_dropped(settings):
    lines = [csv_line(record()) for _ in range(12)]
    lines.insert(5, csv_line(record(source="z" * (40 << 20))))
    report = _deliver(settings, lines)
    assert report.rows == {"read": 13, "accepted": 12, "quarantined": 1, "duplicates": 0}
    q = _quarantined(settings)
    assert list(q["reason"]) == ["line_too_long"] and list(q["row_number"]) == [6]


def test_row_numbers_after_an_unreadable_line_still_match_the_file(settings):
    lines = [csv_line(record()) for _ in range(12)]
    lines.insert(2, "only,three,fields")
    lines.insert(6, csv_line(record(housing_kg="-1")))
    report = _deliver(settings, lines)
    assert report.rows["read"] == 14 and report.rows["accepted"] == 12
    q = _quarantined(settings).set_index("reason")
    assert q.loc["wrong_field_count", "row_number"] == 3
    assert q.loc["negative_value", "row_number"] == 7


def test_empty_lines_are_not_rows(settings):
    lines = [csv_line(record()) for _ in range(12)]
    report = _deliver(settings, [*lines[:5], "", "\r", *lines[5:], ""])
    assert report.rows == {"read": 12, "accepted": 12, "quarantined": 0, "duplicates": 0}


def _fed_in_random_chunks(data: bytes, rng: random.Random) -> LineCount:
    """A line count fed `data` in chunks of 1 to 5 bytes, finished."""
    counter, at = LineCount(), 0
    while at < len(data):
        step = rng.randint(1, 5)
        counter.feed(data[at:at + step])
        at += step
    return counter.finish()


def test_line_counts_and_the_longest_line_do_not_depend_on_where_chunks_end():
    rng = random.Random(4)
    for _ in range(500):
        data = bytes(rng.choice(b"ab\r\n\n") for _ in range(rng.randint(0, 40)))
        ends = data.split(b"\n")
        expected = sum(line not in (b"", b"\r") for line in ends)
        counter = _fed_in_random_chunks(data, rng)
        assert counter.lines == expected, data
        last = ends[-1:] if ends[-1] not in (b"", b"\r") else []
        assert counter.longest == max(map(len, ends[:-1] + last), default=0), data
    assert MAX_LINE_BYTES < 40 << 20  # guard: the long-line test really is over the limit


def test_a_line_over_the_limit_is_seen_wherever_the_chunks_end():
    for before in (0, 5, MAX_LINE_BYTES - 3, MAX_LINE_BYTES + 7):
        data = b"h\n" + b"a" * before + b"\n" + b"b" * (MAX_LINE_BYTES + 1) + b"\nc\n"
        counter = LineCount()
        for at in range(0, len(data), 1 << 20):
            counter.feed(data[at:at + (1 << 20)])
        counter.finish()
        assert counter.lines == 3 + (before > 0)
        assert counter.longest > MAX_LINE_BYTES
    short = LineCount()
    short.feed(b"h\n" + b"row\n" * 500_000)
    assert short.finish().longest <= MAX_LINE_BYTES


def test_a_space_at_a_values_edge_is_noticed_wherever_the_chunks_end():
    rng = random.Random(5)
    for _ in range(3000):
        data = bytes(rng.choice(b'ab ,\n\r"') for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.05:
            data += "\u00a0".encode()  # a no-break space: DuckDB's trim takes it too
        # The truth, by splitting the text where values start and end.
        edged = any(v[:1] == b" " or v[-1:] == b" "
                    for v in re.split(rb'[,\n\r"]', data)) or not data.isascii()
        assert _fed_in_random_chunks(data, rng).padded == edged, data
