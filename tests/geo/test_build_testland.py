"""The build on the small Testland pack: rules, extensibility, determinism and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from etl.geo.build import run
from etl.geo.errors import GeodataError
from etl.geo.outputs import STAGING
from tests.geo.testland import PACK, write_testland


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _layer(out: Path, level: str) -> gpd.GeoDataFrame:
    return gpd.read_file(out / "boundaries" / f"{level}.geojson").set_index("code").to_crs(25833)


@pytest.fixture
def testland(tmp_path: Path) -> tuple[Path, Path, Path]:
    src, cfg = write_testland(tmp_path)
    out = tmp_path / "out"
    run(src, out, cfg)
    return src, cfg, out


def test_areas_come_from_config_not_code(testland):
    _, _, out = testland
    areas = pd.read_csv(out / "areas.csv", dtype=str, keep_default_na=False)
    assert areas.groupby("level").size().to_dict() == {
        "country": 1,
        "region": 2,
        "municipality": 4,
        "district": 3,
    }
    vestby = areas.set_index("code").loc["0101"]
    assert (vestby["name"], vestby["alt_names"], vestby["parent_code"]) == (
        "Vestby",
        "Westby",
        "01",
    )


def test_districts_are_clipped_to_their_municipality_and_cover_it(testland):
    _, _, out = testland
    districts, munis = _layer(out, "district"), _layer(out, "municipality")
    union = shapely.union_all(districts.geometry.values)
    assert union.symmetric_difference(munis.geometry["0101"]).area < 1.0  # m²
    # 010103 spilled 2 km into 0102 in the source; it must not overlap it.
    assert districts.geometry["010103"].intersection(munis.geometry["0102"]).area < 1.0


def test_regions_are_dissolved_from_municipalities(testland):
    _, _, out = testland
    regions, munis = _layer(out, "region"), _layer(out, "municipality")
    west = shapely.union_all(munis.geometry[["0101", "0102"]].values)
    assert regions.geometry["01"].symmetric_difference(west).area < 1.0


def test_island_gets_a_ferry_neighbour_and_pairs_are_symmetric(testland):
    _, _, out = testland
    nb = pd.read_csv(out / "neighbours.csv", dtype=str)
    pairs = set(zip(nb["level"], nb["code"], nb["neighbour_code"], nb["kind"], strict=True))
    assert ("municipality", "0202", "0201", "ferry") in pairs
    assert all((lv, b, a, k) in pairs for lv, a, b, k in pairs)
    assert ("municipality", "0101", "0201", "border") not in pairs


def test_committed_pack_is_exactly_what_the_build_makes_from_its_sources(tmp_path):
    manifest = run(PACK / "sources", tmp_path, PACK / "layers.toml")
    built = _files(tmp_path)
    committed = {rel: data for rel, data in _files(PACK).items() if rel in built}
    assert set(built) == {*manifest["outputs"], "manifest.json"}
    assert set(manifest["outputs"]) >= {"population.csv.gz", "postcodes.csv", "code_history.csv",
                                        "neighbours.csv", "peers.csv"}  # fmt: skip
    assert committed == built


def test_a_level_the_product_cannot_name_does_not_build(tmp_path):
    src, cfg = write_testland(tmp_path)
    cfg.write_text(cfg.read_text().replace('labels.en = ["District", "Districts"]\n', ""))
    with pytest.raises(ValueError, match="district: labels.en"):
        run(src, tmp_path / "out", cfg)


def test_rebuild_is_byte_identical(testland, tmp_path):
    src, cfg, out = testland
    again = tmp_path / "again"
    run(src, again, cfg)
    assert _files(again) == _files(out)


def test_extra_layer_needs_only_a_file_and_config(tmp_path):
    src, cfg = write_testland(tmp_path, extra_layer=True)
    out = tmp_path / "out"
    manifest = run(src, out, cfg)
    areas = pd.read_csv(out / "areas.csv", dtype=str)
    kretser = areas[areas["level"] == "grunnkrets"]
    assert set(kretser["code"]) == {"01010101", "01010102"}
    assert set(kretser["parent_code"]) == {"010101"}
    layer, parent = _layer(out, "grunnkrets"), _layer(out, "district").geometry["010101"]
    assert all(parent.buffer(1.0).contains(g) for g in layer.geometry)
    # The layer is partial: part of its parent district has no grunnkrets.
    assert 0 < shapely.union_all(layer.geometry.values).area < parent.area
    assert manifest["levels"]["grunnkrets"]["attribution"] == "Testland Statistics, CC0"


def test_budget_per_parent_is_enforced(tmp_path):
    src, cfg = write_testland(tmp_path)
    cfg.write_text(
        cfg.read_text().replace("budget_kb_per_parent = 5", "budget_kb_per_parent = 0.01")
    )
    with pytest.raises(GeodataError, match="district.geojson: 0101: .* exceeds"):
        run(src, tmp_path / "out", cfg)


def _break(src: Path, file: str, edit) -> None:
    path = src / file
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc["features"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def _set_geometry(features, code, geometry):
    for f in features:
        if f["properties"]["muni"] == code:
            f["geometry"] = geometry


# A ring that runs out and back along one segment: no area, nothing for make_valid to keep.
FLAT = {
    "type": "Polygon",
    "coordinates": [[[10.0, 59.5], [10.1, 59.5], [10.0, 59.5], [10.0, 59.5]]],
}


@pytest.mark.parametrize(
    ("file", "edit", "message"),
    [
        (
            "municipalities.geojson",
            lambda fs: _set_geometry(fs, "0102", FLAT),
            "municipalities.geojson: 0102: geometry is empty or invalid",
        ),
        (
            "municipalities.geojson",
            lambda fs: fs[1]["properties"].update(muni="0101"),
            "municipalities.geojson: 0101: duplicate code",
        ),
        (
            "municipalities.geojson",
            lambda fs: fs[0]["properties"].update(region="09"),
            "municipalities.geojson: 0101: no region '09'",
        ),
        (
            "districts.geojson",
            lambda fs: fs[0]["properties"].update(MUNI="0999"),
            "districts.geojson: 0999..: no municipality '0999'",
        ),
    ],
)
def test_bad_input_fails_naming_file_and_feature_and_keeps_old_outputs(
    testland, file, edit, message
):
    src, cfg, out = testland
    before = _files(out)
    _break(src, file, edit)
    with pytest.raises(GeodataError, match=message):
        run(src, out, cfg)
    assert _files(out) == before
    assert not (out / STAGING).exists()


def test_missing_source_file_fails(testland):
    src, cfg, out = testland
    (src / "districts.geojson").unlink()
    with pytest.raises(GeodataError, match="districts.geojson: -: source file is missing"):
        run(src, out, cfg)


def test_unknown_crs_fails(testland):
    src, cfg, out = testland
    frame = gpd.read_file(src / "municipalities.geojson").set_crs(None, allow_override=True)
    frame.to_file(src / "municipalities.shp")
    cfg.write_text(cfg.read_text().replace("municipalities.geojson", "municipalities.shp"))
    with pytest.raises(GeodataError, match="municipalities.shp: -: unknown CRS"):
        run(src, out, cfg)
