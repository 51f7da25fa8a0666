"""`etl run` on the Testland pack: its levels, names and codes all the way to the release.

Testland's levels are country → region → municipality → district, so a step that secretly
names Norway's kommune, fylke or bydel, or its country code, fails here.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import select

from core import geography
from core.store.db import make_engine
from core.store.schema import aggregates, areas, release
from etl.demo import generate
from etl.disclosure import DEFAULT
from etl.pipeline import run
from tests.conftest import NOW, make_settings
from tests.geo.testland import PACK

#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow


NORWAY = re.compile(r"kommune|fylke|bydel|\bNO\b", re.IGNORECASE)
#: How far one published count may lie from the exact one: its perturbation plus rounding.
PER_AREA = DEFAULT.count_spread + DEFAULT.count_base / 2


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, pd.DataFrame]:
    settings = make_settings(tmp_path_factory.mktemp("testland"), geodata_dir=PACK)
    generate(settings.inbox_dir, 20_000, seed=11, geodata_dir=PACK, end_month="2026-10")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded" and report.rows["accepted"] > 19_000
    engine = make_engine(settings.db_url)
    try:
        with engine.connect() as conn:
            run_id = conn.execute(select(release.c.run_id)).scalar_one()
            return {t.name: pd.read_sql(select(t).where(t.c.run_id == run_id), conn)
                    for t in (areas, aggregates)}
    finally:
        engine.dispose()


def test_the_release_publishes_testlands_areas_with_their_population(published):
    pack_areas = geography.load_areas(PACK)
    rows = published["areas"]
    assert sorted(zip(rows["level"], rows["code"], strict=True)) == sorted(
        zip(pack_areas["level"], pack_areas["code"], strict=True))
    population = rows.set_index("code")["population"]
    municipalities = rows.loc[rows["level"] == "municipality", "code"]
    assert population["TL"] == population[municipalities].sum() > 0
    for region in rows.loc[rows["level"] == "region", "code"]:
        inside = rows[(rows["level"] == "municipality") & (rows["parent_code"] == region)]
        assert population[region] == inside["population"].sum()


def test_aggregates_use_testlands_level_names_and_codes(published):
    agg = published["aggregates"]
    pack = geography.pack(PACK)
    assert set(agg["level"]) == {lv.name for lv in pack.published_levels} == {
        "country", "region", "municipality", "district"}
    known = geography.load_areas(PACK).groupby("level")["code"].apply(set)
    for level, codes in agg.groupby("level")["area_code"]:
        assert set(codes) <= known[level]
    assert set(agg.loc[agg["level"] == "country", "area_code"]) == {"TL"}
    assert agg["mean"].notna().sum() > 1_000


def test_every_level_holds_the_same_respondents(published):
    """Published counts are perturbed and rounded, so sums may differ by that, never by more."""
    agg = published["aggregates"]
    total = agg[(agg["category"] == "total")]
    country = total[total["level"] == "country"].set_index("period")["respondents"]
    checked = 0
    for level in ("region", "municipality"):
        rows = total[total["level"] == level]
        per_month = rows.groupby("period").agg(
            n=("respondents", "sum"), hidden=("suppressed", "any"), areas=("level", "size"))
        full = per_month[~per_month["hidden"]]
        slack = PER_AREA * (full["areas"] + 1)
        assert ((full["n"] - country[full.index]).abs() <= slack).all()
        checked += len(full)
    assert checked > 12  # guard: months with every area published were compared
    districts = total[total["level"] == "district"].groupby("period")["respondents"].sum()
    vestby = total[(total["level"] == "municipality") & (total["area_code"] == "0101")]
    vestby = vestby.set_index("period")["respondents"]
    both = districts.index.intersection(vestby.dropna().index)
    assert len(both) and (districts[both] <= vestby[both] + PER_AREA * 4).all()


def test_nothing_published_names_norways_levels_or_country(published):
    for table in ("areas", "aggregates"):
        text = published[table].to_csv(index=False)
        assert not NORWAY.search(text), NORWAY.search(text)


def test_weighting_finds_the_packs_population_by_age_and_sex(published):
    """Testland's sources code sex F/M; the pack maps them to the contract's codes, so the
    records' sex meets the population's and the country is weighted by age and sex."""
    agg = published["aggregates"]
    country = agg[agg["level"] == "country"]
    latest = country[country["period"] == country["period"].max()]
    # Strata whose sex finds no population could not be weighted by sex at all.
    assert len(latest) and (latest["weighting"] == "age_sex").all()
