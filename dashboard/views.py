"""What each page shows, gathered from the store for one release (plain data, no layout)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import areas, store


@dataclass
class KommuneData:
    """Everything the page shows about one municipality, from one release."""

    code: str
    name: str
    county_code: str
    county_name: str
    series: pd.DataFrame
    national: pd.DataFrame
    county: pd.DataFrame
    latest_all: pd.DataFrame  # every kommune, latest month, total
    areas: pd.DataFrame


def load(rel: store.Release, code: str) -> KommuneData | None:
    """A base-level area's data (a municipality's), or None when the code is not one of the
    release; its county is its parent level's area, the country the pack's top level."""
    pack, base = areas.pack(), areas.base()
    table = store.area_table(rel.run_id)
    own = table[(table["level"] == base.name) & (table["code"] == code)]
    if own.empty:
        return None
    row = own.iloc[0]
    county = table[(table["level"] == base.parent) & (table["code"] == row["parent_code"])]
    country = table[table["level"] == pack.top.name]
    return KommuneData(
        code=code, name=row["name"], county_code=row["parent_code"] or "",
        county_name=county.iloc[0]["name"] if not county.empty else "",
        series=store.series(rel.run_id, base.name, code),
        national=store.series(rel.run_id, pack.top.name, country.iloc[0]["code"]
                              if not country.empty else pack.country_code),
        county=store.series(rel.run_id, base.parent or "", row["parent_code"] or ""),
        latest_all=store.map_values(rel.run_id, base.name, rel.last_period, "total"),
        areas=table,
    )


