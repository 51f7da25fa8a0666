"""Turn compact rows into contract columns (all text) and write one inbox file."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from core.contract import AGE_GROUPS, ALL_COLUMNS, CATEGORY_COLUMNS, SEXES
from etl.demo.sample import LOC_AREA, LOC_POST, LOC_SUB, SOURCES, Plan

FORMATS = ("csv", "parquet")
_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def respondent_ids(resp: np.ndarray, key: int) -> pa.Array:
    """16 hex digits per respondent: a bijective scramble of its number, so ids never collide."""
    z = resp.astype(np.uint64) ^ np.uint64(key)
    # splitmix64's finaliser: xor-shifts and odd multipliers are invertible on 64 bits.
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    nibbles = (z[:, None] >> np.arange(60, -1, -4, dtype=np.uint64)) & np.uint64(15)
    text = np.ascontiguousarray(_HEX[nibbles.astype(np.intp)]).view("S16").ravel()
    return pa.array(text).cast(pa.string())


def _pick(values: np.ndarray | list, index: np.ndarray, present: np.ndarray) -> pa.Array:
    """values[index] as text, empty where not present."""
    return pa.array(values, pa.string()).take(pa.array(index, pa.int32(), mask=~present))


def to_table(
    plan: Plan,
    rows: np.ndarray,
    year: int,
    key: int,
    unknown: tuple[np.ndarray, list[str]],
    non_numeric: dict[int, tuple[np.ndarray, list[str]]],
) -> pa.Table:
    """The contract's columns as text, as a provider would deliver them for one month.

    `unknown` gives rows whose area code is replaced by a code nobody knows;
    `non_numeric` gives, per category index, rows and text that replace the number.
    """
    ref = plan.ref
    codes = ref.codes_by_year.get(year, ref.areas)
    unknown_rows, unknown_codes = unknown
    area = rows["area"].astype(np.int64)
    area[unknown_rows] = len(codes) + np.arange(len(unknown_rows))
    loc = rows["loc"]
    # Casting gives "2023-05-01 05:34:34"; making it ISO 8601 is ~70x faster than strftime.
    stamp = pa.array(rows["t"], pa.timestamp("s")).cast(pa.string())
    stamp = pc.binary_join_element_wise(pc.replace_substring(stamp, " ", "T"), "Z", "")
    columns = {
        "respondent_id": respondent_ids(rows["resp"], key),
        "submitted_at": stamp,
        ref.area_column: _pick([*codes, *unknown_codes], area, (loc & LOC_AREA) > 0),
        "age_group": _pick(AGE_GROUPS, rows["age"], rows["age"] >= 0),
        "sex": _pick(SEXES, rows["sex"], rows["sex"] >= 0),
        "household_size": pa.array(rows["hh"], pa.int16(), mask=rows["hh"] == 0).cast(pa.string()),
        "source": _pick(SOURCES, rows["source"], np.ones(len(rows), bool)),
    }
    # The pack names the contract column of each place; columns it has no use for stay empty.
    if ref.post_column:
        columns[ref.post_column] = _pick(ref.postcodes, rows["post"], (loc & LOC_POST) > 0)
    if ref.sub_column:
        columns[ref.sub_column] = _pick(ref.subareas, rows["sub"], (loc & LOC_SUB) > 0)
    for c, name in enumerate(CATEGORY_COLUMNS):
        text = pa.array(rows["kg"][:, c] / 10.0).cast(pa.string())
        if c in non_numeric:
            where, tokens = non_numeric[c]
            mask = np.zeros(len(rows), bool)
            mask[where] = True
            # replace_with_mask fills masked slots in order, so tokens must follow row order.
            text = pc.replace_with_mask(text, pa.array(mask), pa.array(tokens, pa.string()))
        columns[name] = text
    nothing = pa.nulls(len(rows), pa.string())
    return pa.table({name: columns.get(name, nothing) for name in ALL_COLUMNS})


def write(table: pa.Table, path: Path, fmt: str) -> None:
    """Write atomically: the ETL skips dot-files, so it never reads a half-written file."""
    partial = path.with_name(f".{path.name}.partial")
    if fmt == "csv":
        # No quoting: no value holds a comma, quote or newline (the writer refuses otherwise).
        options = pa_csv.WriteOptions(quoting_style="none", quoting_header="none")
        pa_csv.write_csv(table, partial, options)
    else:
        pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)
