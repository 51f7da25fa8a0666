"""The demo-data generator: deterministic, contract-shaped, realistic, and honest about defects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from core.contract import AGE_GROUPS, ALL_COLUMNS, CATEGORY_COLUMNS, MAX_TOTAL_KG, SEXES
from core.settings import get_settings
from etl.demo import DIRTY_KINDS, generate

GEODATA = get_settings().geodata_dir
END = "2026-10"
pytestmark = pytest.mark.skipif(
    not (GEODATA / "population.csv.gz").exists(), reason="geodata/ not built yet"
)


def read_all(files: list[Path]) -> pd.DataFrame:
    """Every file as text, the way the ETL reads it."""
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files]
    return pd.concat(frames, ignore_index=True)


def share(mask: pd.Series) -> float:
    return float(mask.mean())


def numbers(df: pd.DataFrame) -> pd.DataFrame:
    """The five categories in kg, NaN where a value does not parse."""
    return df[list(CATEGORY_COLUMNS)].apply(pd.to_numeric, errors="coerce")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("clean")
    summary = generate(out, 60_000, seed=7, geodata_dir=GEODATA, end_month=END)
    return read_all(summary.files)


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    pop = pd.read_csv(GEODATA / "population.csv.gz", dtype={"code": str})
    pop = pop[(pop["level"] == "kommune") & pop["age_group"].isin(AGE_GROUPS)]
    return pop[pop["year"] == pop["year"].max()]


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return pd.read_csv(GEODATA / "code_history.csv", dtype={"old_code": str, "new_code": str})


def test_same_seed_and_size_give_identical_files(tmp_path):
    runs = [generate(tmp_path / d, 3_000, seed=11, geodata_dir=GEODATA, dirty=0.02,
                     end_month=END) for d in ("a", "b")]  # fmt: skip
    names = [[f.name for f in r.files] for r in runs]
    assert names[0] == names[1]
    assert all(
        a.read_bytes() == b.read_bytes() for a, b in zip(*(r.files for r in runs), strict=True)
    )
    other = generate(tmp_path / "c", 3_000, seed=12, geodata_dir=GEODATA, end_month=END)
    assert other.files[0].read_bytes() != runs[0].files[0].read_bytes()


def test_one_file_per_month_with_the_contract_columns(tmp_path):
    summary = generate(tmp_path, 5_000, geodata_dir=GEODATA, end_month="2024-06")
    assert summary.rows == 5_000 and summary.dirty_rows == 0
    assert [f.name for f in summary.files][:2] == [
        "footprints_2021-01.csv",
        "footprints_2021-02.csv",
    ]
    assert summary.files[-1].name == "footprints_2024-06.csv"
    assert all(f.read_text(encoding="utf-8").split("\n", 1)[0] == ",".join(ALL_COLUMNS)
               for f in summary.files)  # fmt: skip
    assert len(read_all(summary.files)) == 5_000


def test_values_are_well_formed(clean):
    assert clean["respondent_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    iso = r"20(2[1-6])-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    assert clean["submitted_at"].str.fullmatch(iso).all()
    assert pd.to_datetime(clean["submitted_at"]).max() < pd.Timestamp("2026-11-01", tz="UTC")
    kg = numbers(clean)
    assert kg.notna().all().all() and (kg >= 0).all().all()
    assert (kg.sum(axis=1) < MAX_TOTAL_KG).all()
    kommune, post, bydel = clean["kommunenummer"], clean["postnummer"], clean["bydelnr"]
    assert kommune[kommune != ""].str.fullmatch(r"\d{4}").all()
    assert post[post != ""].str.fullmatch(r"\d{4}").all()
    assert (bydel[bydel != ""].str[:4] == kommune[bydel != ""]).all()
    assert ((kommune != "") | (post != "")).all()
    assert 0.07 < share((kommune == "") & (post != "")) < 0.13  # postcode only
    assert share((kommune != "") & (post != "")) > 0.1  # both
    assert set(clean["age_group"]) <= {"", *AGE_GROUPS}
    assert set(clean["sex"]) <= {"", *SEXES}
    assert 0.005 < share(clean["age_group"] == "") < 0.06
    assert 0.005 < share(clean["sex"] == "") < 0.06
    size = pd.to_numeric(clean["household_size"].replace("", None))
    assert size.dropna().between(1, 12).all()
    assert set(clean["source"]) == {"app", "bank"}


def test_totals_are_near_the_reference_values(clean):
    kg = numbers(clean) / 1000
    assert 11.5 < kg.sum(axis=1).mean() < 13.5
    assert 9.0 < kg.drop(columns="public_kg").sum(axis=1).mean() < 11.0
    assert 2.4 < kg["public_kg"].mean() < 3.0


def test_respondents_follow_the_population(clean, population):
    recent = clean[(clean["submitted_at"] >= "2024") & (clean["kommunenummer"] != "")]
    rows = recent["kommunenummer"].value_counts()
    adults = population.groupby("code")["population"].sum()
    oslo_ratio = (rows["0301"] / rows.sum()) / (adults["0301"] / adults.sum())
    assert 0.6 < oslo_ratio < 1.6
    big = adults[adults > 20_000].index
    pair = np.log(pd.concat([rows.reindex(big).fillna(0.5), adults[big]], axis=1))
    assert pair.corr().iloc[0, 1] > 0.85
    # The project starts in Trondheim: its residents answer more often than Oslo's.
    trondheim_ratio = (rows["5001"] / rows.sum()) / (adults["5001"] / adults.sum())
    assert trondheim_ratio > oslo_ratio


def test_sample_leans_young_and_female(clean, population):
    given = clean[clean["age_group"] != ""]
    young = (given["age_group"] == "18-29").mean()
    young_pop = population.loc[population["age_group"] == "18-29", "population"].sum()
    assert young > 1.2 * young_pop / population["population"].sum()
    sexes = clean.loc[clean["sex"] != "", "sex"]
    assert (sexes == "female").mean() > 0.55


def test_footprints_fall_slowly_over_time(clean):
    total = numbers(clean).sum(axis=1)
    years = pd.to_datetime(clean["submitted_at"]).dt.year + 0.0
    slope = np.polyfit(years, np.log(total), 1)[0]
    assert -0.04 < slope < -0.005


def test_categories_differ_by_place_and_household(clean, population):
    adults = population.groupby("code")["population"].sum()
    kg = numbers(clean)
    kommune = clean["kommunenummer"]
    rural = kommune.isin(adults[adults < 5_000].index)
    urban = kommune.isin(adults[adults > 100_000].index)
    assert kg.loc[rural, "transport_kg"].mean() > 1.2 * kg.loc[urban, "transport_kg"].mean()
    north = kommune.str[:2].isin(["55", "56"])  # Troms, Finnmark
    assert kg.loc[north, "housing_kg"].mean() > 1.2 * kg.loc[kommune == "0301", "housing_kg"].mean()
    size = clean["household_size"]
    assert kg.loc[size == "1", "housing_kg"].mean() > 1.3 * kg.loc[size == "4", "housing_kg"].mean()


def test_repeat_estimates_are_correlated_slightly_lower_and_rarely_move(clean):
    df = clean.assign(total=numbers(clean).sum(axis=1)).sort_values("submitted_at")
    per_person = df.groupby("respondent_id")
    assert per_person.size().max() <= 6 and (per_person.size() > 1).mean() > 0.3
    first, second = per_person["total"].nth(0), per_person["total"].nth(1)
    pair = pd.concat([df.loc[first.index, ["respondent_id", "total"]].set_index("respondent_id"),
                      df.loc[second.index, ["respondent_id", "total"]].set_index("respondent_id")],
                     axis=1, join="inner")  # fmt: skip
    assert np.log(pair).corr().iloc[0, 1] > 0.6
    assert (pair.iloc[:, 1] / pair.iloc[:, 0]).median() < 1.0
    recent = df[(df["submitted_at"] >= "2024") & (df["kommunenummer"] != "")]
    places = recent.groupby("respondent_id")["kommunenummer"].nunique()
    moved = (places[recent.groupby("respondent_id").size() > 1] > 1).mean()
    assert 0.001 < moved < 0.06


def test_old_records_carry_the_code_valid_then(clean, history):
    year = clean["submitted_at"].str[:4].astype(int)
    kommune, post = clean["kommunenummer"], clean["postnummer"]
    assert (kommune[year < 2024] == "3001").any() and not (kommune[year < 2024] == "3101").any()
    assert (kommune[year >= 2024] == "3101").any() and not (kommune[year >= 2024] == "3001").any()
    assert not kommune[year >= 2024].isin(["1507"]).any()
    # Ålesund (1507) split in 2024: its records need the postcode to find their kommune.
    assert (post[kommune == "1507"] != "").all() and (kommune == "1507").any()
    postcodes = pd.read_csv(GEODATA / "postcodes.csv", dtype=str)
    home = post.map(
        postcodes.drop_duplicates("postnummer").set_index("postnummer")["kommunenummer"]
    )
    old = clean[(year < 2024) & (kommune != "") & (post != "")].assign(home=home)
    valid = history[(history["valid_from_year"] <= 2023) & (history["valid_to_year"] >= 2021)]
    targets = set(zip(valid["old_code"], valid["new_code"], strict=True))
    assert all((k, h) in targets for k, h in zip(old["kommunenummer"], old["home"], strict=True))


def test_dirty_rows_are_counted_by_kind(tmp_path, history):
    summary = generate(tmp_path, 20_000, seed=3, geodata_dir=GEODATA, dirty=0.05, end_month=END)
    df = read_all(summary.files)
    kg = numbers(df)
    areas = pd.read_csv(GEODATA / "areas.csv", dtype=str)
    known = set(areas.loc[areas["level"] == "kommune", "code"]) | set(history["old_code"])
    found = {
        "negative_value": (kg < 0).any(axis=1).sum(),
        "non_numeric_value": kg.isna().any(axis=1).sum(),
        "unknown_kommune": ((df["kommunenummer"] != "") & ~df["kommunenummer"].isin(known)).sum(),
        "future_date": (df["submitted_at"] > "2026-11").sum(),
        "absurd_total": (kg.sum(axis=1) > MAX_TOTAL_KG).sum(),
        "missing_location": ((df["kommunenummer"] == "") & (df["postnummer"] == "")).sum(),
        "duplicate": df.duplicated().sum(),
    }
    assert set(summary.dirty) == set(DIRTY_KINDS)
    assert found == summary.dirty
    assert summary.dirty_rows == pytest.approx(0.05 * 20_000, rel=0.15)
    assert len(df) == 20_000


def test_parquet_holds_the_same_text_as_csv(tmp_path):
    kwargs = {"seed": 5, "geodata_dir": GEODATA, "dirty": 0.01, "end_month": "2022-03"}
    as_csv = generate(tmp_path / "csv", 2_000, **kwargs)
    as_parquet = generate(tmp_path / "pq", 2_000, fmt="parquet", **kwargs)
    table = pq.read_table(as_parquet.files[3])
    assert all(str(t) == "string" for t in table.schema.types)
    text = table.to_pandas().fillna("")
    assert text.equals(pd.read_csv(as_csv.files[3], dtype=str, keep_default_na=False))


@pytest.mark.parametrize(
    "bad", [{"n_rows": 0}, {"fmt": "xlsx"}, {"dirty": 0.9}, {"end_month": "2020-12"}]
)
def test_rejects_bad_arguments(tmp_path, bad):
    args = {"n_rows": 10, "geodata_dir": GEODATA, "end_month": END} | bad
    with pytest.raises(ValueError):
        generate(tmp_path, **args)
