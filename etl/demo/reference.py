"""Arrange a geography pack's tables for the demo generator to sample from.

Read only through core.geography, for any pack: respondents live in areas of the pack's
first record level (Norway's kommuner), some name an area of the next one (bydeler), and
postcodes, code history and the demo model's tendencies come from the same pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import geography
from core.contract import AGE_GROUPS, OPTIONAL_COLUMNS, SEXES


@dataclass(frozen=True)
class Reference:
    """Arrays indexed by area (k), sex (s), age group (a), sub-area (b) and postcode (p)."""

    area_level: str  # e.g. "kommune": where every respondent lives
    parent_level: str  # e.g. "fylke"
    area_column: str  # contract column of an area code, e.g. "kommunenummer"
    sub_column: str | None  # contract column of a sub-area code, e.g. "bydelnr"
    post_column: str | None  # contract column of a postcode
    areas: np.ndarray  # (K,) current area codes, str
    parents: np.ndarray  # (K,) parent code of each area, str
    adults: np.ndarray  # (K, 2, 4) adult population by sex and age group
    total_population: np.ndarray  # (K,) all ages
    subareas: np.ndarray  # (B,) sub-area codes, str
    sub_area: np.ndarray  # (B,) area index of each sub-area
    sub_adults: np.ndarray  # (B, 2, 4)
    postcodes: np.ndarray  # (P,) postcodes, str, grouped by area index
    post_start: np.ndarray  # (K,) first postcode index of each area
    post_count: np.ndarray  # (K,) number of postcodes of each area
    codes_by_year: dict[int, np.ndarray]  # year -> (K,) area code valid that year
    ambiguous_by_year: dict[int, np.ndarray]  # year -> (K,) bool: that code split later
    known_codes: frozenset[str]  # every area code any reference table knows
    model: dict[str, Any] = field(default_factory=dict)  # the pack's demo.toml


def load(geodata_dir: Path, year: int, first_year: int) -> Reference:
    """Read the pack in `geodata_dir` and arrange it for sampling respondents living in `year`."""
    pack = geography.pack(geodata_dir)
    levels = pack.record_levels
    if not levels or levels[0].parent is None:
        raise ValueError(f"{pack.path}: the demo needs a record level below the country")
    base = levels[0]
    sub = next((lv for lv in levels[1:] if lv.parent == base.name), None)
    for column in (base.record_column, sub and sub.record_column, pack.postcode_column):
        if column and column not in OPTIONAL_COLUMNS:
            raise ValueError(f"{pack.path}: {column!r} is not an input-contract column")

    pop = geography.load_population(geodata_dir)
    pop = pop[pop["year"] == _population_year(pop, year)]
    kom = pop[pop["level"] == base.name]
    areas = np.array(sorted(kom["code"].unique()))
    area_table = geography.load_areas(geodata_dir).set_index("code")
    parents = area_table["parent_code"].reindex(areas).fillna("").to_numpy()

    byd = pop[pop["level"] == (sub.name if sub else "")]
    subareas = np.array(sorted(byd["code"].unique()), dtype=str)
    sub_area = np.searchsorted(areas, area_table["parent_code"].reindex(subareas).to_numpy())

    all_posts = _optional(geography.load_postcodes, geodata_dir, ["postnummer", "kommunenummer"])
    # A postcode listed under two areas could be placed in either: residents never get one.
    once = ~all_posts.duplicated("postnummer", keep=False)
    posts = all_posts[once & all_posts["kommunenummer"].isin(areas)]
    posts = posts.assign(k=np.searchsorted(areas, posts["kommunenummer"]))
    posts = posts.sort_values(["k", "postnummer"])
    post_count = np.bincount(posts["k"], minlength=len(areas))

    history = _optional(geography.load_code_history, geodata_dir, ["old_code", "new_code"])
    # The history's latest year is the current division; earlier records carry older codes.
    current = int(history["valid_to_year"].max()) if len(history) else first_year
    codes_by_year, ambiguous_by_year = {}, {}
    for y in range(first_year, current):
        codes_by_year[y], ambiguous_by_year[y] = _codes_in_year(history, areas, y)
    known = set(areas) | set(history["old_code"]) | set(history["new_code"])
    known |= set(all_posts["kommunenummer"])

    return Reference(
        area_level=base.name,
        parent_level=str(base.parent),
        area_column=str(base.record_column),
        sub_column=sub.record_column if sub else None,
        post_column=pack.postcode_column,
        areas=areas,
        parents=parents,
        adults=_cells(kom, areas),
        total_population=kom.groupby("code")["population"].sum().reindex(areas).to_numpy(),
        subareas=subareas,
        sub_area=sub_area,
        sub_adults=_cells(byd, subareas),
        postcodes=posts["postnummer"].to_numpy(),
        post_start=np.concatenate([[0], np.cumsum(post_count)[:-1]]),
        post_count=post_count,
        codes_by_year=codes_by_year,
        ambiguous_by_year=ambiguous_by_year,
        known_codes=frozenset(known),
        model=geography.load_demo_model(geodata_dir),
    )


def _optional(loader: Any, geodata_dir: Path, columns: list[str]) -> pd.DataFrame:
    """A table the pack may lack (no postcodes, no code history): empty when absent."""
    try:
        return loader(geodata_dir)
    except FileNotFoundError:
        return pd.DataFrame(columns=columns, dtype=str)


def _population_year(pop: pd.DataFrame, year: int) -> int:
    """The latest population year not after `year` (or the earliest there is)."""
    years = np.sort(pop["year"].unique())
    before = years[years <= year]
    return int(before[-1] if len(before) else years[0])


def _cells(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """Adult population as an array (code, sex, age group); children are not respondents."""
    adults = frame[frame["age_group"].isin(AGE_GROUPS)]
    table = adults.pivot_table(
        index="code", columns=["sex", "age_group"], values="population", aggfunc="sum"
    )
    wanted = pd.MultiIndex.from_product([SEXES, AGE_GROUPS])
    table = table.reindex(index=codes, columns=wanted).fillna(0)
    return table.to_numpy(float).reshape(len(codes), len(SEXES), len(AGE_GROUPS))


def _codes_in_year(
    history: pd.DataFrame, areas: np.ndarray, year: int
) -> tuple[np.ndarray, np.ndarray]:
    """The code each current area had in `year`, and whether that code maps to several."""
    frm = history["valid_from_year"].fillna(-np.inf)
    to = history["valid_to_year"].fillna(np.inf)
    valid = history[(frm <= year) & (year <= to)]
    targets = valid.groupby("old_code")["new_code"].nunique()
    # The table's year ranges may overlap at a reform (3001 and 3101 both "valid" in 2023), so a
    # renumbering beats the new code itself; then the most weight, then the lowest code.
    valid = valid.assign(same=valid["old_code"] == valid["new_code"])
    best = valid.sort_values(
        ["new_code", "same", "weight", "old_code"], ascending=[True, True, False, True]
    )
    old_of = best.drop_duplicates("new_code").set_index("new_code")["old_code"]
    codes = old_of.reindex(areas).fillna(pd.Series(areas, index=areas)).to_numpy()
    ambiguous = targets.reindex(codes).fillna(1).to_numpy() > 1
    return codes.astype(str), ambiguous
