"""Records land in their 2024 municipality whatever code division they carry."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from etl import reference_tables
from etl.steps import stage
from etl.steps.read import describe
from tests.conftest import record, write_csv


def _stage(tmp_path, settings, rows):
    con = duckdb.connect()
    reference_tables.load(con, settings.geodata_dir)
    path = write_csv(tmp_path / "in.csv", rows)
    inbox_file = describe(path)
    result = stage.run(con, [inbox_file], tmp_path / "staging", [], datetime(2026, 11, 1))[0]
    accepted = pd.read_parquet(tmp_path / "staging" / f"{inbox_file.sha256}.parquet")
    accepted = accepted[accepted["reason"].isna()].sort_values("row_number")
    accepted = accepted.reset_index(drop=True)
    return result, accepted


def test_old_codes_are_harmonised_to_2024(tmp_path, settings):
    rows = [
        record(kommunenummer="3001", submitted_at="2022-03-01"),  # Halden before 2024
        record(kommunenummer="5401", submitted_at="2021-05-01"),  # Tromsø before 2024
        record(kommunenummer="1507", postnummer="6270", submitted_at="2022-01-01"),  # → Haram
        record(kommunenummer="1507", postnummer="6002", submitted_at="2022-01-01"),  # → Ålesund
        record(kommunenummer="", postnummer="7030"),  # Trondheim by postcode only
    ]
    result, accepted = _stage(tmp_path, settings, rows)
    assert result.accepted == 5
    assert list(accepted["kommune"]) == ["3101", "5501", "1580", "1508", "5001"]
    assert list(accepted["fylke"]) == ["31", "55", "15", "15", "50"]


def test_a_split_code_without_postcode_is_quarantined_not_guessed(tmp_path, settings):
    result, accepted = _stage(tmp_path, settings, [record(kommunenummer="1507")])
    assert result.reasons == {"ambiguous_kommune": 1}
    assert accepted.empty
