"""What each page shows, gathered from the store for one release (plain data, no layout)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import store


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
    """The municipality's data, or None when the code is not a municipality of the release."""
    areas = store.area_table(rel.run_id)
    own = areas[(areas["level"] == "kommune") & (areas["code"] == code)]
    if own.empty:
        return None
    row = own.iloc[0]
    county = areas[(areas["level"] == "fylke") & (areas["code"] == row["parent_code"])]
    country = areas[areas["level"] == "country"]
    return KommuneData(
        code=code, name=row["name"], county_code=row["parent_code"] or "",
        county_name=county.iloc[0]["name"] if not county.empty else "",
        series=store.series(rel.run_id, "kommune", code),
        national=store.series(rel.run_id, "country",
                              country.iloc[0]["code"] if not country.empty else "NO"),
        county=store.series(rel.run_id, "fylke", row["parent_code"] or ""),
        latest_all=store.map_values(rel.run_id, "kommune", rel.last_period, "total"),
        areas=areas,
    )


