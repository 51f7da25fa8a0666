"""Load the reference tables the demo generator samples from (population, postcodes, codes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core.contract import AGE_GROUPS, SEXES

#: The division the population table uses; earlier records carry the codes valid then.
CURRENT_DIVISION_YEAR = 2024


@dataclass(frozen=True)
class Reference:
    """Arrays indexed by kommune (k), sex (s), age group (a), bydel (b) and postcode (p)."""

    kommuner: np.ndarray  # (K,) 2024 kommunenummer, str
    fylker: np.ndarray  # (K,) fylkesnummer of each kommune, str
    adults: np.ndarray  # (K, 2, 4) adult population by sex and age group
    total_population: np.ndarray  # (K,) all ages
    bydeler: np.ndarray  # (B,) bydelnr, str
    bydel_kommune: np.ndarray  # (B,) kommune index of each bydel
    bydel_adults: np.ndarray  # (B, 2, 4)
    postcodes: np.ndarray  # (P,) postnummer, str, grouped by kommune index
    post_start: np.ndarray  # (K,) first postcode index of each kommune
    post_count: np.ndarray  # (K,) number of postcodes of each kommune
    codes_by_year: dict[int, np.ndarray]  # year -> (K,) kommune code valid that year
    ambiguous_by_year: dict[int, np.ndarray]  # year -> (K,) bool: that code split later
    known_codes: frozenset[str]  # every kommune code any reference table knows


def load(geodata_dir: Path, year: int, first_year: int) -> Reference:
    """Read geodata/ and arrange it for sampling respondents living in `year`."""
    pop = pd.read_csv(geodata_dir / "population.csv.gz", dtype={"code": str})
    pop = pop[pop["year"] == _population_year(pop, year)]
    kom = pop[pop["level"] == "kommune"]
    kommuner = np.array(sorted(kom["code"].unique()))
    areas = pd.read_csv(geodata_dir / "areas.csv", dtype=str)
    kom_areas = areas[areas["level"] == "kommune"].set_index("code")
    fylker = kom_areas["parent_code"].reindex(kommuner).fillna("").to_numpy()

    byd = pop[pop["level"] == "bydel"]
    bydeler = np.array(sorted(byd["code"].unique()))
    # A bydelnr is its kommunenummer followed by two digits (SSB's numbering).
    bydel_kommune = np.searchsorted(kommuner, [b[:4] for b in bydeler])

    all_posts = pd.read_csv(geodata_dir / "postcodes.csv", dtype=str)
    # A postcode listed under two kommuner could be placed in either: residents never get one.
    once = ~all_posts.duplicated("postnummer", keep=False)
    posts = all_posts[once & all_posts["kommunenummer"].isin(kommuner)]
    posts = posts.assign(k=np.searchsorted(kommuner, posts["kommunenummer"]))
    posts = posts.sort_values(["k", "postnummer"])
    post_count = np.bincount(posts["k"], minlength=len(kommuner))

    text = {"old_code": str, "new_code": str}
    history = pd.read_csv(geodata_dir / "code_history.csv", dtype=text)
    codes_by_year, ambiguous_by_year = {}, {}
    for y in range(first_year, CURRENT_DIVISION_YEAR):
        codes_by_year[y], ambiguous_by_year[y] = _codes_in_year(history, kommuner, y)
    known = set(kommuner) | set(history["old_code"]) | set(history["new_code"])
    known |= set(all_posts["kommunenummer"])

    return Reference(
        kommuner=kommuner,
        fylker=fylker,
        adults=_cells(kom, kommuner),
        total_population=kom.groupby("code")["population"].sum().reindex(kommuner).to_numpy(),
        bydeler=bydeler,
        bydel_kommune=bydel_kommune,
        bydel_adults=_cells(byd, bydeler),
        postcodes=posts["postnummer"].to_numpy(),
        post_start=np.concatenate([[0], np.cumsum(post_count)[:-1]]),
        post_count=post_count,
        codes_by_year=codes_by_year,
        ambiguous_by_year=ambiguous_by_year,
        known_codes=frozenset(known),
    )


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
    history: pd.DataFrame, kommuner: np.ndarray, year: int
) -> tuple[np.ndarray, np.ndarray]:
    """The code each 2024 kommune had in `year`, and whether that code maps to several."""
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
    codes = old_of.reindex(kommuner).fillna(pd.Series(kommuner, index=kommuner)).to_numpy()
    ambiguous = targets.reindex(codes).fillna(1).to_numpy() > 1
    return codes.astype(str), ambiguous
