"""The ETL's levels come from the pack: Norway's and Testland's, and packs it cannot place by."""

from __future__ import annotations

import shutil

import pytest

from core import geography
from etl.levels import Levels
from tests.geo.testland import PACK


def test_norway_places_records_at_kommuner_with_fylke_above_and_bydeler_below():
    levels = Levels.of(None)
    assert (levels.top, levels.country_code, levels.base.name) == ("country", "NO", "kommune")
    assert levels.above == ("fylke",) and levels.sub is not None and levels.sub.name == "bydel"
    assert levels.columns == ("fylke", "kommune", "bydel")
    assert levels.covering == ("country", "fylke", "kommune")
    # The input contract's oldest division (layers.toml), though the history reaches
    # further back for search: codes ending before 2018 cannot be placed.
    assert levels.oldest_code_year == 2018


@pytest.mark.parametrize("folder", [None, PACK], ids=["norway", "testland"])
def test_the_summed_levels_are_the_packs_published_levels_in_a_chain(folder):
    levels, pack = Levels.of(folder), geography.pack(folder)
    assert list(levels.summed) == [lv.name for lv in pack.published_levels]
    assert all(pack.level(child).parent == parent for parent, child in levels.pairs)


def test_testland_places_records_at_its_municipalities():
    levels = Levels.of(PACK)
    assert (levels.top, levels.country_code, levels.base.name) == ("country", "TL",
                                                                   "municipality")
    assert levels.columns == ("region", "municipality", "district")
    assert levels.base.record_column == "kommunenummer" and levels.postcode_column == "postnummer"


def _edited(tmp_path, old: str, new: str):
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack, ignore=shutil.ignore_patterns("sources"))
    config = pack / "layers.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text  # guard: the edit changes the pack
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pack


def test_a_pack_with_two_record_levels_below_the_base_is_refused(tmp_path):
    pack = _edited(tmp_path, 'slug = "region"', 'slug = "region"\nrecord_column = "source"')
    with pytest.raises(ValueError, match="at most one level directly below"):
        Levels.of(pack)


def test_a_level_named_like_a_record_column_is_refused(tmp_path):
    pack = _edited(tmp_path, 'name = "district"', 'name = "sex"')
    with pytest.raises(ValueError, match="'sex' cannot name a column"):
        Levels.of(pack)
