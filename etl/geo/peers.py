"""Groups areas into peer groups of similar places: population band × density band."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

PEER_COLUMNS = ["level", "code", "peer_group", "peer_group_label"]


def build_peers(
    spec: dict[str, Any], population: pd.DataFrame, geoms: gpd.GeoSeries, area_crs: str
) -> pd.DataFrame:
    """Peer group per area from its population in `year` and residents per km² of land."""
    level, year = spec["level"], int(spec["year"])
    pop = population[(population["level"] == level) & (population["year"] == year)]
    residents = pop.groupby("code")["population"].sum().reindex(geoms.index).fillna(0)
    km2 = shapely.area(geoms.to_crs(area_crs).values) / 1e6
    density = residents.to_numpy() / km2
    p_band = _band(residents.to_numpy(), spec["population_breaks"])
    d_band = _band(density, spec["density_breaks"])
    p_labels, d_labels = spec["population_labels"], spec["density_labels"]
    template = spec.get("label", "{population}, {density}")
    out = pd.DataFrame(
        {
            "level": level,
            "code": geoms.index,
            "peer_group": [f"p{p + 1}d{d + 1}" for p, d in zip(p_band, d_band, strict=True)],
            "peer_group_label": [
                template.format(population=p_labels[p], density=d_labels[d])
                for p, d in zip(p_band, d_band, strict=True)
            ],
        }
    )
    return out.sort_values("code", ignore_index=True)


def _band(values: np.ndarray, breaks: list[float]) -> np.ndarray:
    """Index of the band each value falls in; breaks are lower bounds starting at 0."""
    return np.searchsorted(np.asarray(breaks, dtype=float), values, side="right") - 1
