"""Records land in their 2024 municipality whatever code division they carry."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from etl import reference_tables
from etl.levels import Levels
from etl.steps.check import check_batch
from etl.steps.records import describe
from tests.conftest import record, write_csv
from tests.geo.testland import PACK


def _stage(tmp_path, settings, rows):
    con = duckdb.connect()
    reference_tables.load(con, settings.geodata_dir)
    path = write_csv(tmp_path / "in.csv", rows)
    inbox_file = describe(path)
    result = check_batch(con, [inbox_file], tmp_path / "staging", [], datetime(2026, 11, 1),
                         levels=Levels.of(settings.geodata_dir))[0]
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
    # The county is not staged: it follows from the kommune through the pack when read.
    assert "fylke" not in accepted


def test_a_split_code_without_postcode_is_quarantined_not_guessed(tmp_path, settings):
    result, accepted = _stage(tmp_path, settings, [record(kommunenummer="1507")])
    assert result.reasons == {"ambiguous_kommune": 1}
    assert accepted.empty


def _postcode_in(settings, kommune: str) -> str:
    codes = pd.read_csv(settings.geodata_dir / "postcodes.csv", dtype=str)
    return codes.loc[codes["kommunenummer"] == kommune, "postnummer"].iloc[0]


def test_codes_of_the_2018_and_2020_reforms_reach_their_2024_kommune(tmp_path, settings):
    rows = [
        record(kommunenummer="0219", submitted_at="2019-06-01"),  # Bærum → Viken 3024 → 3201
        record(kommunenummer="3024", submitted_at="2022-06-01"),  # Bærum 2020–2023
        record(kommunenummer="1201", submitted_at="2019-06-01"),  # Bergen → 4601
        record(kommunenummer="5030", submitted_at="2019-06-01"),  # Klæbu, merged into Trondheim
        record(kommunenummer="1534", submitted_at="2019-06-01"),  # Haram → Ålesund → Haram
        # Tysfjord was split between Narvik and Hamarøy in 2020: the postcode decides.
        record(kommunenummer="1850", postnummer=_postcode_in(settings, "1806"),
               submitted_at="2019-06-01"),
        record(kommunenummer="1850", postnummer=_postcode_in(settings, "1875"),
               submitted_at="2019-06-01"),
    ]
    result, accepted = _stage(tmp_path, settings, rows)
    assert result.accepted == len(rows)
    assert list(accepted["kommune"]) == ["3201", "3201", "4601", "5001", "1580", "1806", "1875"]


def test_a_split_code_with_a_postcode_outside_its_parts_is_quarantined(tmp_path, settings):
    row = record(kommunenummer="1850", postnummer=_postcode_in(settings, "0301"))
    result, _ = _stage(tmp_path, settings, [row])
    assert result.reasons == {"ambiguous_kommune": 1}


def test_a_split_code_is_settled_by_a_district_of_one_of_its_parts(tmp_path):
    # Testland's 0203 split into 0201 and 0202; give 0201 a district to decide by.
    con = duckdb.connect()
    reference_tables.load(con, PACK)
    con.execute("INSERT INTO ref_subareas VALUES ('020101', '0201')")
    rows = [record(kommunenummer="0203", bydelnr="020101", submitted_at="2022-03-01"),
            record(kommunenummer="0203", bydelnr="010101", submitted_at="2022-03-01")]
    inbox_file = describe(write_csv(tmp_path / "in.csv", rows))
    result = check_batch(con, [inbox_file], tmp_path / "staging", [], datetime(2026, 11, 1),
                         levels=Levels.of(PACK))[0]
    staged = pd.read_parquet(tmp_path / "staging" / f"{inbox_file.sha256}.parquet")
    assert result.accepted == 1 and result.reasons == {"ambiguous_kommune": 1}
    placed = staged[staged["reason"].isna()]
    assert list(placed["municipality"]) == ["0201"] and list(placed["district"]) == ["020101"]
