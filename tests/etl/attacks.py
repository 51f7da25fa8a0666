"""Constructed areas where exactly one respondent joins between two months, and the
outsider's estimators against the published table (used by the attack tests).

The attacker is stronger than a real one: told the exact respondent counts of both months,
which month the newcomer joined and the noise settings (docs/methodology.md publishes
them), and reading every published column. Each trial has its own pair of months, so every
trial can have its own country.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from core.contract import CATEGORIES
from etl import disclosure
from etl.disclosure.perturb import sum_noise_sd
from etl.disclosure.release import Z95
from etl.disclosure.synthetic import Area, cells, draw_keys, draw_parts

SIZES = (10, 20, 40, 100)
#: An outlier's parts (tonnes): 30 t in all, within the bounds (a category added later: 0) ...
OUTLIER_T = np.array([{"housing": 4.0, "transport": 12.0, "food": 3.0, "goods": 8.0,
                       "public": 3.0}.get(c, 0.0) for c in CATEGORIES])
#: ... scaled by up to this share either way. With exact counts, n₂·mean₂ − n₁·mean₁ can
#: only take values n/10 t apart (means are rounded to 0.1 t): whether one of them lies
#: within 1 t of a newcomer depends on where the newcomer falls between them, so a single
#: fixed value would measure that accident rather than the protection.
OUTLIER_JITTER = 0.2
#: A typical newcomer lies at least this far from the area's mean: nearer, guessing the
#: average already lands within 1 t, whatever is published.
TYPICAL_AWAY_T = 2.0
#: Families for hierarchy differencing: parent level, child level, the children's sizes
#: beside the one the newcomer joins, and whether the children cover the parent.
FAMILIES = {"kommune-bydeler": ("kommune", "bydel", (12, 15, 20), False),
            "fylke-kommuner": ("fylke", "kommune", (15, 25), True),
            "country-fylker": ("country", "fylke", (30, 45), True)}


def _months(trial: int) -> tuple[date, date]:
    start = 2 * trial
    return (date(2000 + start // 12, start % 12 + 1, 1),
            date(2000 + (start + 1) // 12, (start + 1) % 12 + 1, 1))


def newcomer(rng: np.random.Generator, kind: str, mean: float) -> np.ndarray:
    if kind == "outlier":
        return OUTLIER_T * rng.uniform(1 - OUTLIER_JITTER, 1 + OUTLIER_JITTER)
    while True:
        parts = draw_parts(rng, 1)[0]
        if abs(parts.sum() - mean) >= TYPICAL_AWAY_T:
            return parts


def _group(rng, n, weighted):
    return rng.integers(0, 2, n) if weighted else None


def join_trials(rng, n: int, kind: str, trials: int, weighted: bool, first: int = 0):
    """Areas where one newcomer joins a kommune of n; the truth per trial."""
    areas, truth = [], []
    for t in range(first, first + trials):
        m1, m2 = _months(t)
        parts, keys, groups = draw_parts(rng, n), draw_keys(rng, n), _group(rng, n, weighted)
        new = newcomer(rng, kind, parts.sum(axis=1).mean())
        grown = (np.vstack([parts, new]), np.append(keys, draw_keys(rng, 1)),
                 None if groups is None else np.append(groups, rng.integers(0, 2)))
        code = f"K{t}"
        areas += [Area("kommune", code, m1, parts, keys, groups), Area("kommune", code, m2,
                                                                       *grown)]
        areas += [Area("country", "NO", m1, parts, keys, groups),
                  Area("country", "NO", m2, *grown)]
        truth.append({"code": code, "then": m1, "now": m2, "n": n, "y": new.sum()})
    return areas, pd.DataFrame(truth)


def family_trials(rng, family: str, n: int, kind: str, trials: int, first: int = 0):
    """Areas where one newcomer joins a child of n that the attacker reaches only as the
    parent minus its other children (or, for districts, the kommune minus its districts)."""
    parent_level, child_level, sizes, covers = FAMILIES[family]
    areas, truth = [], []
    for t in range(first, first + trials):
        m1, m2 = _months(t)
        sibs = [(draw_parts(rng, s), draw_keys(rng, s)) for s in sizes]
        own, own_keys = draw_parts(rng, n), draw_keys(rng, n)
        new = newcomer(rng, kind, own.sum(axis=1).mean())
        grown = (np.vstack([own, new]), np.append(own_keys, draw_keys(rng, 1)))
        for month, (p, k) in ((m1, (own, own_keys)), (m2, grown)):
            for j, (sp, sk) in enumerate(sibs):
                areas.append(Area(child_level, f"C{t}-{j}", month, sp, sk))
            if covers:
                areas.append(Area(child_level, f"C{t}-own", month, p, k))
            everyone = [p, *(sp for sp, _ in sibs)]
            keys = [k, *(sk for _, sk in sibs)]
            areas.append(Area(parent_level, f"P{t}", month, np.vstack(everyone),
                              np.concatenate(keys)))
            if parent_level != "country":  # every family needs its country
                areas.append(Area("country", "NO", month, np.vstack(everyone),
                                  np.concatenate(keys)))
        truth.append({"code": f"P{t}", "then": m1, "now": m2, "n": n, "y": new.sum(),
                      "sibs": [f"C{t}-{j}" for j in range(len(sizes))],
                      "sib_n": list(sizes)})
    return areas, pd.DataFrame(truth)


def parents_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The hierarchy of constructed areas: children named C<t>-… belong to P<t>."""
    areas = frame[["level", "area_code"]].drop_duplicates()
    parent = areas["area_code"].str.extract(r"^C(\d+)-")[0]
    levels = frame.drop_duplicates("area_code").set_index("area_code")["level"]
    parent_code = ("P" + parent).where(parent.notna())
    parent_code = parent_code.where(parent.notna(), np.where(
        areas["level"] == "country", None, "NO"))
    parent_level = parent_code.map(lambda c: None if c is None else
                                   ("country" if c == "NO" else levels.get(c)))
    return pd.DataFrame({"level": areas["level"], "code": areas["area_code"],
                         "parent_level": parent_level, "parent_code": parent_code})


def publish(areas: list, protection=None) -> pd.DataFrame:
    frame = cells(areas)
    out = disclosure.run(frame, parents_of(frame), 10, protection)
    # One flat key per row: looking thousands of cells up is then a hash lookup.
    out.index = _keys(out["area_code"], out["period"], out["category"])
    return out


def _keys(code, period, category) -> pd.Index:
    return pd.Index(pd.Series(code).astype(str).to_numpy() + "|"
                    + pd.Series(period).astype(str).to_numpy() + "|"
                    + (pd.Series(category).astype(str).to_numpy()
                       if not isinstance(category, str) else category))


def _get(pub, code, period, category, column) -> np.ndarray:
    values = pub[column].reindex(_keys(code, period, category))
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def linear_guesses(pub: pd.DataFrame, truth: pd.DataFrame) -> dict[str, np.ndarray]:
    """n₂·mean₂ − n₁·mean₁ on total, parts, weighted and plain, and averages of them."""
    n1, n2 = truth["n"].to_numpy(), truth["n"].to_numpy() + 1

    def diff(category, column):
        return (n2 * _get(pub, truth["code"], truth["now"], category, column)
                - n1 * _get(pub, truth["code"], truth["then"], category, column))

    parts = sum(diff(c, "mean") for c in CATEGORIES)
    plain_parts = sum(diff(c, "mean_unweighted") for c in CATEGORIES)
    out = {"total": diff("total", "mean"), "plain": diff("total", "mean_unweighted"),
           "parts": parts, "plain parts": plain_parts}
    out["avg total+plain"] = (out["total"] + out["plain"]) / 2
    out["avg of all four"] = (out["total"] + out["plain"] + parts + plain_parts) / 4
    return out


def spread_guesses(pub: pd.DataFrame, truth: pd.DataFrame, noise: bool = True):
    """How far the newcomer lies from the mean, from the change in interval width: for a
    plain mean, (n−1)·n·SE² is the sum of squared deviations, and it grows by
    n/(n+1)·(y − mean)² when y joins. The attacker removes the perturbation's own published
    variance. Returns the guess above the mean and the better of the two signs."""
    n1, n2 = truth["n"].to_numpy(), truth["n"].to_numpy() + 1
    noise_sd = sum_noise_sd("total", disclosure.DEFAULT) if noise else 0.0

    def squares(period, n):
        low = _get(pub, truth["code"], period, "total", "ci_low")
        high = _get(pub, truth["code"], period, "total", "ci_high")
        se2 = ((high - low) / 2 / Z95) ** 2 - (noise_sd / n) ** 2
        return np.clip(se2, 0, None) * n * (n - 1)

    distance = np.sqrt(np.clip(squares(truth["now"], n2) - squares(truth["then"], n1), 0, None)
                       * n2 / n1)
    mean = _get(pub, truth["code"], truth["then"], "total", "mean")
    up = mean + distance
    best = np.where(np.abs(up - truth["y"]) <= np.abs(mean - distance - truth["y"]), up,
                    mean - distance)
    return {"spread (above)": up, "spread (better sign)": best}


def hierarchy_guesses(pub: pd.DataFrame, truth: pd.DataFrame) -> dict[str, np.ndarray]:
    """(parent − other children) this month minus the same last month, by counts."""
    def rest(period, own_n):
        parent_n = own_n + np.array([sum(s) for s in truth["sib_n"]])
        value = parent_n * _get(pub, truth["code"], period, "total", "mean")
        for j in range(len(truth["sib_n"].iloc[0])):
            codes = truth["sibs"].map(lambda s, j=j: s[j])
            sib_n = truth["sib_n"].map(lambda s, j=j: s[j]).to_numpy()
            value = value - sib_n * _get(pub, codes, period, "total", "mean")
        return value

    n = truth["n"].to_numpy()
    return {"hierarchy": rest(truth["now"], n + 1) - rest(truth["then"], n)}


def score(guess: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Share of trials within 1 t, and the median error (tonnes)."""
    error = np.abs(guess - truth)
    assert np.isfinite(error).all(), "a published value the attack needs is missing"
    return float(np.mean(error <= 1.0)), float(np.median(error))
