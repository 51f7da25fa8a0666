"""Sanity checks run inside the build; each failure names the layer, the area and the problem."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from etl.geo.config import Config
from etl.geo.errors import GeodataError


def check_geometry_coverage(
    cfg: Config, areas: pd.DataFrame, geoms: dict[str, gpd.GeoSeries]
) -> None:
    """Every area of every level has a shape, and no shape lacks an area."""
    for level in cfg.levels:
        codes = set(areas.loc[areas["level"] == level.name, "code"])
        shaped = set(geoms[level.name].index)
        if codes - shaped:
            code = sorted(codes - shaped)[0]
            raise GeodataError(f"boundaries/{level.name}", code, "area has no geometry")
        if shaped - codes:
            code = sorted(shaped - codes)[0]
            raise GeodataError(f"boundaries/{level.name}", code, "geometry has no area")


def check_population_codes(population: pd.DataFrame, geoms: dict[str, gpd.GeoSeries]) -> None:
    """Every code in the population table has a shape, so every number can be mapped."""
    for level, codes in population.groupby("level")["code"]:
        missing = set(codes) - set(geoms[str(level)].index)
        if missing:
            raise GeodataError("population", sorted(missing)[0], f"no {level} shape for this code")


def check_budgets(cfg: Config, sizes: dict[str, dict[str, float]]) -> None:
    """Gzip size per layer (budget_kb) and per parent, e.g. per city (budget_kb_per_parent)."""
    for level in cfg.levels:
        size = sizes[level.name]
        budget = level.spec.get("budget_kb")
        if budget is not None and size["total"] > float(budget):
            raise GeodataError(
                f"boundaries/{level.name}.geojson",
                "all",
                f"{size['total']} KB gzipped exceeds the budget of {budget} KB",
            )
        per_parent = level.spec.get("budget_kb_per_parent")
        if per_parent is None:
            continue
        for parent, kb in size.items():
            if parent != "total" and kb > float(per_parent):
                raise GeodataError(
                    f"boundaries/{level.name}.geojson",
                    parent,
                    f"{kb} KB gzipped for this parent exceeds {per_parent} KB",
                )
