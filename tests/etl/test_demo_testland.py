"""The demo generator on the Testland pack: any pack's levels, codes and tendencies, no Norway."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from core import geography
from core.contract import ALL_COLUMNS, CATEGORY_COLUMNS, MAX_TOTAL_KG
from etl.demo import generate
from tests.geo.testland import PACK

END = "2025-12"


def read_all(files: list[Path]) -> pd.DataFrame:
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> pd.DataFrame:
    summary = generate(tmp_path_factory.mktemp("tl"), 20_000, seed=4, geodata_dir=PACK,
                       end_month=END)  # fmt: skip
    assert all(f.read_text(encoding="utf-8").split("\n", 1)[0] == ",".join(ALL_COLUMNS)
               for f in summary.files)  # fmt: skip
    return read_all(summary.files)


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return geography.load_areas(PACK)


def _codes(areas: pd.DataFrame, level: str) -> set[str]:
    return set(areas.loc[areas["level"] == level, "code"])


def test_every_row_is_placed_in_testland(rows, areas):
    history = geography.load_code_history(PACK)
    area, post, district = rows["kommunenummer"], rows["postnummer"], rows["bydelnr"]
    assert ((area != "") | (post != "")).all()
    assert set(area) - {""} <= set(history["old_code"])
    assert set(post) - {""} <= set(geography.load_postcodes(PACK)["postnummer"])
    assert set(district) - {""} <= _codes(areas, "district")
    parent = areas.set_index("code")["parent_code"]
    given = rows[district != ""]
    assert len(given) and (given["bydelnr"].map(parent) == given["kommunenummer"]).all()
    kg = rows[list(CATEGORY_COLUMNS)].astype(float)
    assert (kg >= 0).all().all() and (kg.sum(axis=1) < MAX_TOTAL_KG).all()


def test_records_carry_the_code_valid_when_they_were_made(rows, areas):
    year = rows["submitted_at"].str[:4].astype(int)
    area, post = rows["kommunenummer"], rows["postnummer"]
    assert set(area[year >= 2024]) - {""} <= _codes(areas, "municipality")
    assert {"0103", "0203"} <= set(area[year <= 2022])
    assert not area[year <= 2022].isin(["0102", "0201", "0202"]).any()
    # Østby-Øya (0203) split in 2024: its records need the postcode to find their municipality.
    assert (post[area == "0203"] != "").all()


def test_every_municipality_and_district_gets_respondents(rows, areas):
    recent = rows[rows["submitted_at"] >= "2024"]
    assert set(recent["kommunenummer"]) - {""} == _codes(areas, "municipality")
    assert set(rows["bydelnr"]) - {""} == _codes(areas, "district")


def test_the_packs_tendencies_move_the_records(rows, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(PACK, plain, ignore=shutil.ignore_patterns("sources", "demo.toml"))
    summary = generate(tmp_path / "out", 20_000, seed=4, geodata_dir=plain, end_month=END)
    without = read_all(summary.files)

    def island(df: pd.DataFrame) -> tuple[float, float]:
        recent = df[(df["submitted_at"] >= "2024") & (df["kommunenummer"] != "")]
        on = recent["kommunenummer"] == "0202"
        transport = recent["transport_kg"].astype(float)
        return on.mean(), transport[on].mean() / transport[~on].mean()

    (share, transport), (plain_share, plain_transport) = island(rows), island(without)
    assert share > 2 * plain_share
    assert transport > 1.3 * plain_transport


def test_a_tendency_for_a_level_the_demo_does_not_sample_is_refused(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack, ignore=shutil.ignore_patterns("sources"))
    (pack / "demo.toml").write_text('[participation.kommune]\n"5001" = 2.0\n', encoding="utf-8")
    with pytest.raises(ValueError, match="kommune"):
        generate(tmp_path / "out", 100, geodata_dir=pack, end_month=END)
