"""Builds the table outputs: population by age group and sex, postcodes and kommune code history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from etl.geo.errors import GeodataError
from etl.geo.sources import read_table

POPULATION_COLUMNS = ["level", "code", "year", "sex", "age_group", "population"]
POSTCODE_COLUMNS = ["postnummer", "poststed", "kommunenummer"]
HISTORY_COLUMNS = ["old_code", "new_code", "weight", "valid_from_year", "valid_to_year"]


def age_labels(breaks: list[int]) -> list[str]:
    """[0, 18, 30] → ["0-17", "18-29", "30+"]."""
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(breaks[:-1], breaks[1:], strict=True)]
    return [*labels, f"{breaks[-1]}+"]


def build_population(spec: dict[str, Any], source_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Population per area, year, sex and age group; roll-up levels summed through parents."""
    breaks = [int(b) for b in spec["age_breaks"]]
    frames = []
    for src in spec["sources"]:
        cols = [src[k] for k in ("code", "year", "sex", "age", "value")]
        raw = read_table(source_dir, src, cols)
        frame = pd.DataFrame(
            {
                "level": src["level"],
                "code": raw[src["code"]],
                "year": raw[src["year"]].astype(int),
                "sex": raw[src["sex"]].map(spec["sex"]),
                "age_group": pd.cut(
                    raw[src["age"]].astype(int),
                    [*breaks, np.inf],
                    right=False,
                    labels=age_labels(breaks),
                ).astype(str),
                "population": raw[src["value"]].astype(int),
            }
        )
        if frame["sex"].isna().any():
            bad = raw.loc[frame["sex"].isna(), src["sex"]].iloc[0]
            raise GeodataError(src["file"], bad, "unknown sex code (see [population].sex)")
        known = set(areas.loc[areas["level"] == src["level"], "code"])
        unknown = sorted(set(frame["code"]) - known)
        if unknown:
            raise GeodataError(src["file"], unknown[0], f"no {src['level']} with this code")
        frames.append(_sum(frame))
    base = frames[0]
    parent_of = areas.set_index("code")["parent_code"]
    level_of = areas.set_index("code")["level"]
    for level in spec.get("rollup", []):
        up = base.assign(code=base["code"].map(parent_of))
        while not (up["code"].map(level_of) == level).all():
            up = up.assign(code=up["code"].map(parent_of))
        frames.append(_sum(up.assign(level=level)))
        base = frames[-1]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["level", "code", "year", "sex", "age_group"], ignore_index=True)


def _sum(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["level", "code", "year", "sex", "age_group"]
    return frame.groupby(keys, as_index=False, observed=True)["population"].sum()


def build_postcodes(spec: dict[str, Any], source_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Union of the postcode registers; the first source wins; codes outside the areas dropped."""
    frames = []
    for src in spec["sources"]:
        raw = read_table(source_dir, src, [src["code"], src["place"], src["area"]])
        frames.append(
            raw[[src["code"], src["place"], src["area"]]].set_axis(POSTCODE_COLUMNS, axis=1)
        )
    out = pd.concat(frames, ignore_index=True).drop_duplicates("postnummer", keep="first")
    known = set(areas.loc[areas["level"] == spec["level"], "code"])
    # Svalbard (2100) and Jan Mayen (2211) have postcodes but lie outside the kommune division.
    out = out[out["kommunenummer"].isin(known)]
    return out.sort_values("postnummer", ignore_index=True)


def build_code_history(spec: dict[str, Any], source_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Every code valid since `since_year` → current code(s) with weights summing to 1."""
    t = spec["table"]
    cols = [t[k] for k in ("old", "new", "weight", "valid_from", "valid_to")]
    raw = read_table(source_dir, t, cols)
    out = raw[cols].set_axis(HISTORY_COLUMNS, axis=1)
    out["weight"] = out["weight"].astype(float)
    out[["valid_from_year", "valid_to_year"]] = out[["valid_from_year", "valid_to_year"]].astype(
        int
    )
    out = out[out["valid_to_year"] >= int(spec.get("since_year", 0))]
    if "weights" in spec:
        w = spec["weights"]
        table = read_table(source_dir, w, [w["old"], w["new"], w["weight"]])
        better = {
            (o, n): float(v)
            for o, n, v in zip(table[w["old"]], table[w["new"]], table[w["weight"]], strict=True)
        }
        keys = list(zip(out["old_code"], out["new_code"], strict=True))
        out["weight"] = [better.get(k, v) for k, v in zip(keys, out["weight"], strict=True)]
    if "first_year" in spec:
        out = _trim_first_year(spec["first_year"], source_dir, out)
    for fix in spec.get("overrides", []):
        # An override says all of `old` went to `new`: drop its other targets.
        hit = out["old_code"] == fix["old"]
        out = out[~hit | (out["new_code"] == fix["new"])]
        out.loc[out["old_code"] == fix["old"], "weight"] = float(fix["weight"])
    _check_history(t["file"], out, set(areas.loc[areas["level"] == spec["level"], "code"]))
    return out.sort_values(["old_code", "valid_from_year", "new_code"], ignore_index=True)


def _trim_first_year(spec: dict[str, Any], source_dir: Path, out: pd.DataFrame) -> pd.DataFrame:
    """Start a code's validity a year later when the list of that year's codes lacks it.

    csdata marks the codes new in 2024 (e.g. 3101 Halden) as valid from 2023, when the
    old code (3001) was still in use; the 2023 code list shows which codes really existed.
    """
    codes = set(read_table(source_dir, spec, [spec["code"]])[spec["code"]])
    year = int(spec["year"])
    late = (out["valid_from_year"] == year) & ~out["old_code"].isin(codes)
    late &= out["valid_to_year"] > year
    out = out.copy()
    out.loc[late, "valid_from_year"] = year + 1
    return out


def _check_history(file: str, out: pd.DataFrame, current: set[str]) -> None:
    """Targets must be current codes and each old code's weights must sum to 1."""
    bad = out.loc[~out["new_code"].isin(current), "new_code"]
    if len(bad):
        raise GeodataError(file, bad.iloc[0], "maps to a code that is not in the current division")
    sums = out.groupby(["old_code", "valid_from_year"])["weight"].sum()
    off = sums[(sums - 1).abs() > 1e-6]
    if len(off):
        raise GeodataError(file, str(off.index[0][0]), f"weights sum to {off.iloc[0]}, not 1")
    missing = current - set(out["old_code"])
    if missing:
        raise GeodataError(file, sorted(missing)[0], "current code missing from the history")
