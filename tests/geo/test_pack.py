"""The pack model: levels, parents, labels, slugs and record columns come from the pack's files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from core import geography
from core.geography import PackError
from tests.geo.testland import PACK as TESTLAND

GEODATA = Path(__file__).resolve().parents[2] / "geodata"


def _raw(folder: Path) -> dict:
    with (folder / "layers.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_norway_levels_run_from_the_country_down():
    pack = geography.pack(GEODATA)
    assert pack.names == ("country", "fylke", "kommune", "bydel", "delbydel")
    assert pack.ancestors("bydel") == ("kommune", "fylke", "country")
    assert [lv.name for lv in pack.children("kommune")] == ["bydel"]
    kommune = pack.level("kommune")
    assert (kommune.label("nb"), kommune.label("nb", plural=True)) == ("Kommune", "Kommuner")
    assert kommune.label("en", plural=True) == "Municipalities"
    assert pack.by_slug("kommune") is kommune


def test_norway_places_records_by_kommunenummer_bydelnr_and_postnummer():
    pack = geography.pack(GEODATA)
    assert [(lv.name, lv.record_column) for lv in pack.record_levels] == [
        ("kommune", "kommunenummer"),
        ("bydel", "bydelnr"),
    ]
    assert (pack.postcode_level, pack.postcode_column) == ("kommune", "postnummer")
    # Delbydeler have boundaries but no column reaches them, so they publish nothing.
    assert [lv.name for lv in pack.published_levels] == ["country", "fylke", "kommune", "bydel"]


def test_testland_has_its_own_level_names_labels_and_columns():
    pack = geography.pack(TESTLAND)
    assert pack.names == ("country", "region", "municipality", "district")
    assert pack.ancestors("district") == ("municipality", "region", "country")
    assert pack.level("municipality").label("nb", plural=True) == "Herreder"
    assert pack.level("region").label("en") == "Region"
    assert [(lv.name, lv.record_column) for lv in pack.record_levels] == [
        ("municipality", "kommunenummer"),
        ("district", "bydelnr"),
    ]
    assert pack.postcode_level == "municipality"
    assert pack.published_levels == pack.levels
    assert pack is not geography.pack(GEODATA)


@pytest.mark.parametrize("folder", [GEODATA, TESTLAND], ids=["norway", "testland"])
def test_country_code_and_name_are_the_built_country_area(folder):
    pack = geography.pack(folder)
    areas = geography.load_areas(folder)
    country = areas[areas["level"] == pack.top.name]
    assert country[["code", "name"]].values.tolist() == [[pack.country_code, pack.country_name]]


@pytest.mark.parametrize("folder", [GEODATA, TESTLAND], ids=["norway", "testland"])
def test_pack_agrees_with_the_built_areas_and_boundaries(folder):
    pack = geography.pack(folder)
    areas = geography.load_areas(folder)
    parents = areas.groupby("level")["parent_level"].unique().to_dict()
    assert set(parents) == set(pack.names)
    for lv in pack.levels:
        assert list(parents[lv.name]) == [lv.parent or ""]
    for lv in pack.map_levels:
        ids = {f["id"] for f in geography.load_boundaries(folder, lv.name)["features"]}
        assert ids == set(areas.loc[areas["level"] == lv.name, "code"])


def test_pack_is_read_once_per_folder():
    assert geography.pack(GEODATA) is geography.pack(str(GEODATA))
    assert geography.pack() is geography.pack(GEODATA)


def test_unknown_level_or_slug_is_a_key_error():
    pack = geography.pack(GEODATA)
    with pytest.raises(KeyError):
        pack.level("municipality")
    with pytest.raises(KeyError):
        pack.by_slug("nope")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda raw: raw["levels"][2].pop("labels"), "kommune: labels.nb"),
        (lambda raw: raw["levels"][2]["labels"].update(en=["Municipality"]), "labels.en"),
        (lambda raw: raw["levels"][3].update(slug="kommune"), "share a slug"),
        (lambda raw: raw["levels"][3].update(record_column="kommunenummer"), "record_column"),
        (lambda raw: raw["levels"].reverse(), "must be listed before it"),
        (lambda raw: raw["postcodes"].update(level="grunnkrets"), "is not a level"),
    ],
)
def test_a_broken_pack_is_refused_naming_the_problem(edit, message):
    raw = _raw(GEODATA)
    edit(raw)
    with pytest.raises(PackError, match=message):
        geography.parse_pack(raw, GEODATA / "layers.toml")


def test_a_folder_without_layers_toml_is_not_a_pack(tmp_path):
    with pytest.raises(PackError, match="layers.toml"):
        geography.pack(tmp_path)
