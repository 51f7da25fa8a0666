"""How delivered names are filed on disk and shown in logs."""

from __future__ import annotations

from pathlib import Path

from etl.steps.names import TAIL_BYTES, filed_as, shown

SHA = "a" * 64


def test_filed_names_are_short_safe_and_keep_their_file_type():
    for name in ("..csv", "ø" * 120 + ".csv", "x" * 250 + ".parquet", "jan\nfeb.csv",
                 "a b/c.csv".replace("/", "_"), ".hidden-but-delivered..csv"):
        filed = filed_as(SHA, Path(name))
        assert filed.startswith(SHA + "-") and len(filed.encode()) <= 64 + 1 + TAIL_BYTES
        assert Path(filed).suffix == Path(name).suffix, name
        assert filed.isascii() and "\n" not in filed


def test_log_names_with_control_characters_are_escaped():
    assert shown("Tromsø.csv") == "Tromsø.csv"
    assert shown("jan\nfeb.csv") == "'jan\\nfeb.csv'"
