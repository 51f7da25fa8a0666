"""Testland: a tiny made-up country, committed as a complete pack in tests/packs/testland.

It has two regions, four municipalities (one an island), three districts that spill into
the sea and into a neighbour, a code history with a merger and a split, and an optional
extra layer (grunnkretser) inside one district — enough to exercise every build rule in
well under a second. `python -m tests.geo.testland` rewrites the pack's sources from the
definitions below; `FOTAVTRYKK_GEODATA_DIR=tests/packs/testland fotavtrykk geodata build`
then rebuilds its outputs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

PACK = Path(__file__).resolve().parents[1] / "packs" / "testland"
KM = 1000.0
X0, Y0 = 500_000.0, 6_600_000.0  # near Oslo in EPSG:25833, so the work CRS fits


def box(x1: float, y1: float, x2: float, y2: float) -> shapely.Polygon:
    """A rectangle in km from the Testland origin, in EPSG:25833 metres."""
    return shapely.box(X0 + x1 * KM, Y0 + y1 * KM, X0 + x2 * KM, Y0 + y2 * KM)


MUNICIPALITIES = {
    "0101": ("Vestby - Westby", "01", box(0, 0, 10, 10)),
    "0102": ("Midtby", "01", box(10, 0, 20, 10)),
    "0201": ("Østby", "02", box(20, 0, 30, 10)),
    "0202": ("Øya", "02", box(32, 2, 36, 6)),  # an island: no land border
}
DISTRICTS = {
    "010101": ("Nordre", box(-2, 5, 5, 12)),  # spills into the sea
    "010102": ("Søndre", box(-2, -2, 5, 5)),
    "010103": ("Østre", box(5, -2, 12, 12)),  # spills into 0102, clipped away
}
GRUNNKRETSER = {
    "01010101": ("Krets A", box(-2, 5, 2, 12)),
    "01010102": ("Krets B", box(2, 5, 4, 12)),  # leaves a gap: a partial layer
}
#: Residents in 2020; every municipality grows 1 % a year. Districts take shares of 0101
#: that add up to a little less than it, as people without a registered district do.
RESIDENTS_2020 = {"0101": 42_000, "0102": 18_000, "0201": 6_500, "0202": 900}
DISTRICT_SHARES = {"010101": 0.45, "010102": 0.30, "010103": 0.24}
AGE_SHARES = {0: 0.21, 18: 0.15, 30: 0.20, 45: 0.30, 67: 0.14}  # by lower bound of the group
FEMALE_SHARE = 0.51
YEARS = range(2020, 2026)
#: Midtby (0102) was formed in 2023 from Nordby (0103) and Sørby (0104); Østby-Øya (0203)
#: split in 2024 into Østby (0201) and Øya (0202): its old records need a postcode.
CODE_HISTORY = [
    ("0101", "0101", 1.0, 2020, 2025),
    ("0102", "0102", 1.0, 2023, 2025),
    ("0103", "0102", 1.0, 2020, 2022),
    ("0104", "0102", 1.0, 2020, 2022),
    ("0201", "0201", 1.0, 2024, 2025),
    ("0202", "0202", 1.0, 2024, 2025),
    ("0203", "0201", 0.7, 2020, 2023),
    ("0203", "0202", 0.3, 2020, 2023),
]
#: Five-digit postcodes, three per municipality (Norway's have four digits).
POSTCODES = {
    f"{10_000 + 100 * i + j}": code for i, code in enumerate(MUNICIPALITIES) for j in range(3)
}

EXTRA_LEVEL = """
[[levels]]
name = "grunnkrets"
parent = "district"
kind = "boundaries"
coverage = "partial"
boundaries = { file = "grunnkretser.geojson", code = "code", name = "name" }
parent_prefix = 6
attribution = "Testland Statistics, CC0"
labels.nb = ["Krets", "Kretser"]
labels.en = ["Tract", "Tracts"]
"""


def _write(path: Path, frame: dict, geoms: list) -> None:
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:25833").to_crs("EPSG:4326")
    gdf.to_file(path, driver="GeoJSON")


def _population(shares: dict[str, float], of: dict[str, str]) -> pd.DataFrame:
    """Persons by code, year, sex and age group: `of` names each code's municipality."""
    rows = []
    for code, share in shares.items():
        for year in YEARS:
            total = RESIDENTS_2020[of[code]] * share * 1.01 ** (year - YEARS[0])
            for sex, sex_share in (("F", FEMALE_SHARE), ("M", 1 - FEMALE_SHARE)):
                for age, age_share in AGE_SHARES.items():
                    rows.append((code, year, sex, age, round(total * sex_share * age_share)))
    return pd.DataFrame(rows, columns=["code", "year", "sex", "age_from", "persons"])


def write_sources(src: Path) -> None:
    """Write every source file of the Testland pack into `src`."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "regions.csv").write_text("region,region_name\n01,Vest\n02,Øst\n", encoding="utf-8")
    munis = MUNICIPALITIES
    _write(
        src / "municipalities.geojson",
        {
            "muni": list(munis),
            "muni_name": [v[0] for v in munis.values()],
            "region": [v[1] for v in munis.values()],
        },
        [v[2] for v in munis.values()],
    )
    _write(
        src / "districts.geojson",
        {
            "MUNI": ["0101"] * len(DISTRICTS),
            "DIST": [c[4:] for c in DISTRICTS],
            "NAME": [v[0] for v in DISTRICTS.values()],
        },
        [v[1] for v in DISTRICTS.values()],
    )
    csv = {"index": False, "lineterminator": "\n"}
    munis_pop = _population(dict.fromkeys(MUNICIPALITIES, 1.0), {c: c for c in MUNICIPALITIES})
    munis_pop.rename(columns={"code": "muni"}).to_csv(src / "population_municipality.csv", **csv)
    districts = _population(DISTRICT_SHARES, {c: c[:4] for c in DISTRICT_SHARES})
    districts.rename(columns={"code": "district"}).to_csv(src / "population_district.csv", **csv)
    places = [MUNICIPALITIES[m][0].split(" - ")[0] for m in POSTCODES.values()]
    posts = {"postcode": list(POSTCODES), "place": places, "muni": list(POSTCODES.values())}
    pd.DataFrame(posts).to_csv(src / "postcodes.csv", **csv)
    pd.DataFrame(CODE_HISTORY, columns=["old", "new", "share", "from_year", "to_year"]).to_csv(
        src / "code_history.csv", **csv
    )


def write_testland(root: Path, extra_layer: bool = False) -> tuple[Path, Path]:
    """Copy the pack's sources and config under root (plus grunnkretser); returns both paths."""
    src = root / "sources"
    shutil.copytree(PACK / "sources", src)
    config = (PACK / "layers.toml").read_text(encoding="utf-8")
    if extra_layer:
        _write(
            src / "grunnkretser.geojson",
            {"code": list(GRUNNKRETSER), "name": [v[0] for v in GRUNNKRETSER.values()]},
            [v[1] for v in GRUNNKRETSER.values()],
        )
        config += EXTRA_LEVEL
    cfg = root / "layers.toml"
    cfg.write_text(config, encoding="utf-8")
    return src, cfg


if __name__ == "__main__":
    write_sources(PACK / "sources")
