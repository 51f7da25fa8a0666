"""The geography pack's levels as the ETL places records at them and sums them up.

No step names a level: they ask this module, which reads the pack (core.geography). A
record is placed at the pack's first record level, the base (Norway's kommune), through its
input column or a postcode; it may name an area of one record level directly below (bydel);
and it carries the code of every level between the base and the country (fylke). So a
staged record holds one code column per level below the country, named after the level,
and every published level is summed from those columns, the country from all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from core import geography
from core.contract import CATEGORIES
from core.geography import PackLevel

#: Columns of staged records and cells that a level's code column must not shadow.
RESERVED = frozenset({
    "row_number", "respondent_id", "submitted_at", "age_group", "sex", "household_size",
    "source", "reason", "record", "seq", "total", "rkey", "m", "ends", "sign", "period",
    "level", "area_code", "code", "parent_code", "year", "population", "n", *CATEGORIES,
})
#: Level names become column names in SQL; plain identifiers keep quoting trivial.
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Levels:
    """Where records are placed and which levels are summed, for one pack."""

    top: str  # the country level, one area
    country_code: str
    base: PackLevel  # every record is placed here (Norway: kommune)
    above: tuple[str, ...]  # levels between the top and the base, nearest first (fylke)
    sub: PackLevel | None  # a record level directly below the base (bydel), if any
    postcode_column: str | None  # input column holding a postcode, if postcodes place records
    #: The oldest year of the code history: a code that ended before it cannot be placed.
    oldest_code_year: int

    @classmethod
    def of(cls, geodata_dir: Path | str | None) -> Levels:
        """The levels of the pack in `geodata_dir`; ValueError if the ETL cannot place by it."""
        pack = geography.pack(geodata_dir)
        records = pack.record_levels
        if not records or records[0].parent is None:
            raise ValueError(f"{pack.path}: records need a record level below the country")
        base, finer = records[0], records[1:]
        if len(finer) > 1 or any(lv.parent != base.name for lv in finer):
            raise ValueError(f"{pack.path}: records are placed at one level and at most one "
                             f"level directly below it, not {[lv.name for lv in records]}")
        if pack.postcode_level not in (None, base.name):
            raise ValueError(f"{pack.path}: postcodes must place records at {base.name!r}")
        history = geography.load_code_history(geodata_dir)
        levels = cls(
            top=pack.top.name,
            country_code=pack.country_code,
            base=base,
            above=pack.ancestors(base.name)[:-1],
            sub=finer[0] if finer else None,
            postcode_column=pack.postcode_column if pack.postcode_level else None,
            # The input contract's oldest division (the pack's records_since_year), not
            # the oldest code search knows: an old code from before it is expired.
            oldest_code_year=int(pack.records_since_year or (
                history["valid_to_year"].min() if len(history) else 0)),
        )
        for name in levels.summed:
            if not IDENTIFIER.match(name) or name in RESERVED:
                raise ValueError(f"{pack.path}: level {name!r} cannot name a column")
        return levels

    @property
    def columns(self) -> tuple[str, ...]:
        """Code columns of a staged record, coarsest first (fylke, kommune, bydel)."""
        return (*reversed(self.above), self.base.name, *((self.sub.name,) if self.sub else ()))

    @property
    def staged(self) -> tuple[str, ...]:
        """Code columns a staged record holds: the base and the sub level. The levels above
        follow from the base code through the pack (`ref_base_areas`) when records are read,
        so they are always the current pack's, and staging need not hold them."""
        return (self.base.name, *((self.sub.name,) if self.sub else ()))

    def above_sql(self, base_areas: str) -> str:
        """The levels above the base as SQL columns of the `ref_base_areas` alias given
        (nothing if the pack has none), each followed by a comma."""
        return "".join(f'{base_areas}."{n}", ' for n in reversed(self.above))

    @property
    def summed(self) -> dict[str, str | None]:
        """Every level with numbers, from the top, and the staged column placing records
        there (the country has none: it holds everyone)."""
        return {self.top: None, **{c: c for c in self.columns}}

    @property
    def covering(self) -> tuple[str, ...]:
        """Levels whose areas together hold every respondent: the country down to the base.
        The sub level does not: records without a district count only in their base area."""
        return (self.top, *reversed(self.above), self.base.name)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(parent, child) pairs of summed levels: they form one chain from the top."""
        return tuple(pairwise(self.summed))

    def staged_sql(self, base: str, sub: str) -> str:
        """The staged code columns as SQL, from expressions for the base and sub codes."""
        cols = [f'{base} AS "{self.base.name}"']
        if self.sub:
            cols.append(f'{sub} AS "{self.sub.name}"')
        return ", ".join(cols)


def quoted(names: tuple[str, ...] | list[str], prefix: str = "") -> str:
    """Level columns as a quoted SQL list, each after `prefix` (a table alias and a dot)."""
    return ", ".join(f'{prefix}"{n}"' for n in names)
