"""What each page shows, gathered from the store for one release (plain data, no layout)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import areas, store


@dataclass
class AreaData:
    """Everything an area page shows about one area of any level, from one release."""

    level: str
    code: str
    name: str
    parent_level: str  # '' for the country
    parent_code: str
    parent_name: str
    series: pd.DataFrame
    national: pd.DataFrame
    parent: pd.DataFrame  # the parent's series (empty for the country)
    latest_all: pd.DataFrame  # every area of the level, the page's month and category
    areas: pd.DataFrame  # every area of the release, all levels
    period: date | None = None  # the month the page shows (its URL's, else the last)

    # The municipality page's words for its parent, kept for the callers written for it.
    @property
    def county_code(self) -> str:
        return self.parent_code

    @property
    def county_name(self) -> str:
        return self.parent_name

    @property
    def county(self) -> pd.DataFrame:
        return self.parent

    @property
    def is_country(self) -> bool:
        return self.parent_level == ""

    def children(self, level: str) -> pd.DataFrame:
        """The areas of `level` directly under this one (a county's municipalities)."""
        table = self.areas
        return table[(table["level"] == level) & (table["parent_code"] == self.code)]

    def has_numbers(self, category: str = "total") -> bool:
        """Whether any month of the series has a published value (Røst and Utsira: none)."""
        rows = self.series[self.series["category"] == category]
        return bool(rows["mean"].notna().any())


#: The name the municipality page was written with.
KommuneData = AreaData


def load(rel: store.Release, code: str, level: str | None = None,
         period: date | None = None, category: str = "total") -> AreaData | None:
    """An area's data at `level` (default: the base level, municipalities), or None when the
    code is not one of the release's areas there. Its parent is the area one level up; the
    country is the pack's top level; `latest_all` holds the level at `period` (default the
    release's last month) in `category`."""
    pack = areas.pack()
    level = level or areas.base().name
    table = store.area_table(rel.run_id)
    own = table[(table["level"] == level) & (table["code"] == code)]
    if own.empty:
        return None
    row = own.iloc[0]
    parent_level = pack.level(level).parent or ""
    parent_code = (row["parent_code"] or "") if parent_level else ""
    parent = table[(table["level"] == parent_level) & (table["code"] == parent_code)]
    country = table[table["level"] == pack.top.name]
    country_code = country.iloc[0]["code"] if not country.empty else pack.country_code
    series = store.series(rel.run_id, level, code)
    return AreaData(
        level=level, code=code, name=row["name"], parent_level=parent_level,
        parent_code=parent_code,
        parent_name=parent.iloc[0]["name"] if not parent.empty else "",
        series=series,
        national=series if level == pack.top.name
        else store.series(rel.run_id, pack.top.name, country_code),
        parent=store.series(rel.run_id, parent_level, parent_code) if parent_level
        else series.iloc[:0],
        latest_all=store.map_values(rel.run_id, level, period or rel.last_period,
                                    category),
        areas=table, period=period or rel.last_period,
    )
