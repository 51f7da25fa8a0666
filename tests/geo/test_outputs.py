"""The committed geodata/ outputs: counts, codes, hierarchy, look-ups and size budgets."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from core import geography as reference

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
LEVELS = ["country", "fylke", "kommune", "bydel", "delbydel"]


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return reference.load_areas(GEODATA)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return reference.load_manifest(GEODATA)


def test_area_counts(areas):
    counts = areas.groupby("level").size().to_dict()
    assert counts == {"country": 1, "fylke": 15, "kommune": 357, "bydel": 38, "delbydel": 97}


def test_districts_per_city(areas):
    bydel = areas[areas["level"] == "bydel"].groupby("parent_code").size().to_dict()
    assert bydel == {"0301": 17, "1103": 9, "4601": 8, "5001": 4}


def test_every_area_has_an_existing_parent_and_unique_code(areas):
    assert areas["code"].is_unique
    child = areas[areas["level"] != "country"]
    key = set(zip(areas["level"], areas["code"], strict=True))
    assert all(
        (lv, code) in key
        for lv, code in zip(child["parent_level"], child["parent_code"], strict=True)
    )
    kommuner = areas[areas["level"] == "kommune"]
    assert (kommuner["parent_level"] == "fylke").all()
    assert (kommuner["parent_code"] == kommuner["code"].str[:2]).all()


def test_names_put_the_norwegian_form_first(areas):
    by_code = areas.set_index("code")
    assert by_code.loc["5001", ["name", "alt_names"]].tolist() == ["Trondheim", "Tråante"]
    assert by_code.loc["5612", ["name", "alt_names"]].tolist() == ["Kautokeino", "Guovdageaidnu"]
    assert by_code.loc["55", "name"] == "Troms"


@pytest.mark.parametrize("level", LEVELS)
def test_boundaries_match_areas_sorted_with_ids(areas, level):
    doc = reference.load_boundaries(GEODATA, level)
    ids = [f["id"] for f in doc["features"]]
    assert ids == sorted(areas.loc[areas["level"] == level, "code"])
    assert all(f["properties"]["code"] == f["id"] for f in doc["features"])
    first = doc["features"][0]["geometry"]["coordinates"]
    while isinstance(first[0], list):
        first = first[0]
    assert all(len(repr(c).split(".")[-1]) <= 5 for c in first)


def test_population_codes_have_shapes_and_sensible_totals():
    pop = reference.load_population(GEODATA)
    assert set(pop["sex"]) == {"female", "male"}
    assert set(pop["age_group"]) == {"0-17", "18-29", "30-44", "45-66", "67+"}
    for level, codes in pop.groupby("level")["code"]:
        ids = {f["id"] for f in reference.load_boundaries(GEODATA, level)["features"]}
        assert set(codes) <= ids
    kommune = pop[(pop["level"] == "kommune") & (pop["year"] == 2024)]
    assert kommune["population"].sum() == 5_550_203
    assert kommune["code"].nunique() == 357


def test_neighbours_are_symmetric_and_every_kommune_has_one():
    nb = reference.load_neighbours(GEODATA)
    pairs = set(zip(nb["level"], nb["code"], nb["neighbour_code"], nb["kind"], strict=True))
    assert all((lv, b, a, k) in pairs for lv, a, b, k in pairs)
    assert set(nb["kind"]) == {"border", "ferry"}
    kommuner = nb[nb["level"] == "kommune"]
    assert kommuner["code"].nunique() == 357
    assert ("kommune", "5001", "5028", "border") in pairs  # Trondheim–Melhus
    assert ("kommune", "1835", "1834", "ferry") in pairs  # Træna–Lurøy, islands


def test_code_history_maps_old_codes_to_2024(areas):
    hist = reference.load_code_history(GEODATA)
    kommuner = set(areas.loc[areas["level"] == "kommune", "code"])
    assert set(hist["new_code"]) <= kommuner
    assert kommuner <= set(hist["old_code"])
    sums = hist.groupby(["old_code", "valid_from_year"])["weight"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    alesund = hist[hist["old_code"] == "1507"].set_index("new_code")["weight"].to_dict()
    assert alesund == {"1508": 0.8621, "1580": 0.1379}
    assert hist.loc[hist["old_code"] == "3001", "new_code"].tolist() == ["3101"]
    assert hist.loc[hist["old_code"] == "1534", "new_code"].tolist() == ["1580"]


def test_postcodes_point_at_kommuner(areas):
    post = reference.load_postcodes(GEODATA)
    assert post["postnummer"].is_unique
    assert set(post["kommunenummer"]) == set(areas.loc[areas["level"] == "kommune", "code"])
    assert post.set_index("postnummer").loc["7030", "kommunenummer"] == "5001"


def test_every_kommune_has_a_peer_group():
    peers = reference.load_peers(GEODATA)
    assert len(peers) == 357 and peers["code"].is_unique
    assert peers.groupby("peer_group")["peer_group_label"].nunique().max() == 1


def test_manifest_checksums_match_files(manifest):
    for rel, entry in manifest["outputs"].items():
        if rel != "manifest.json":
            assert hashlib.sha256((GEODATA / rel).read_bytes()).hexdigest() == entry["sha256"], rel
    for rel, digest in manifest["sources"].items():
        assert hashlib.sha256((GEODATA / "sources" / rel).read_bytes()).hexdigest() == digest


def test_sizes_within_budgets(manifest):
    kommune = (GEODATA / "boundaries" / "kommune.geojson").read_bytes()
    assert len(gzip.compress(kommune, 9)) <= 400 * 1024
    doc = json.loads((GEODATA / "boundaries" / "bydel.geojson").read_bytes())
    for city in ("0301", "1103", "4601", "5001"):
        features = [f for f in doc["features"] if f["id"].startswith(city)]
        data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        assert len(gzip.compress(data, 9)) <= 60 * 1024, city


def test_attribution_for_footer():
    line = reference.attribution(GEODATA, "kommune", "population")
    assert line == "© Kartverket, CC BY 4.0; Statistisk sentralbyrå (SSB), CC BY 4.0"
    with pytest.raises(KeyError):
        reference.attribution(GEODATA, "grunnkrets")


@pytest.mark.parametrize("level", LEVELS)
def test_exterior_rings_run_clockwise_as_the_browser_maps_need(level):
    # d3-geo (behind plotly's maps) fills the outside of a counter-clockwise polygon, so a
    # single wrongly wound area would paint the whole map in its colour.
    import shapely
    from shapely.geometry import shape

    collection = reference.load_boundaries(GEODATA, level)
    rings = [
        part.exterior
        for feature in collection["features"]
        for part in getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])])
    ]
    assert rings and not any(shapely.is_ccw(ring) for ring in rings)
