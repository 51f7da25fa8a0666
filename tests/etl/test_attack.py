"""Try to recover single respondents' footprints from published tables, and fail.

The attacker is stronger than a real one: they are told the exact respondent counts and
exactly when one person entered or left an area, and they read every published number.
Two attacks: month-to-month differencing ((n+1)·mean₂ − n·mean₁) in small kommuner, and
hierarchy differencing (kommune minus its bydeler, with hidden bydeler filled in from the
month before) for the respondents outside any district. Both must miss by a wide margin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from core.contract import AGE_GROUPS, CATEGORIES, SEXES
from core.store.db import make_engine
from core.store.schema import aggregates
from etl.pipeline import run
from tests.conftest import NOW, make_settings, record, write_csv

SEED = 5
MONTHS = [f"2025-{m:02d}" for m in range(1, 12)]
SPREAD_KG = {"housing": (500, 4000), "transport": (500, 8000), "food": (1000, 2500),
             "goods": (1000, 5000), "public": (2300, 2900)}


def _person(rng, month: str, **where) -> dict:
    values = {f"{c}_kg": round(rng.uniform(*SPREAD_KG[c]), 1) for c in CATEGORIES}
    day = f"{month}-{rng.integers(1, 28):02d}T12:00:00"
    return record(respondent_id=f"r{rng.integers(1 << 62)}", submitted_at=day,
                  age_group=rng.choice(AGE_GROUPS), sex=rng.choice(SEXES), **values, **where)


def _total(row: dict) -> float:
    return sum(float(row[f"{c}_kg"]) for c in CATEGORIES) / 1000


def _scenario(settings, rng):
    """Rows, and the truth: (level, code, month, sign, total) for every single change."""
    areas = pd.read_csv(settings.geodata_dir / "areas.csv", dtype=str, keep_default_na=False)
    cities = sorted(areas.loc[areas["level"] == "bydel", "parent_code"].unique())
    small = [c for c in areas.loc[areas["level"] == "kommune", "code"] if c not in cities][:30]
    rows, events = [], []
    for code in small:
        rows += [_person(rng, "2025-01", kommunenummer=code) for _ in range(12)]
        leaver = rows[-1]
        for month in MONTHS[1:]:
            if month == "2025-07":  # one respondent moves away: a new estimate elsewhere
                moved = dict(leaver, submitted_at="2025-07-15T12:00:00", kommunenummer="0301")
                rows.append(moved)
                events.append(("kommune", code, month, -1, _total(leaver)))
                continue
            rows.append(_person(rng, month, kommunenummer=code))
            events.append(("kommune", code, month, +1, _total(rows[-1])))
    for city in cities:
        for bydel in areas.loc[areas["parent_code"] == city, "code"]:
            rows += [_person(rng, "2025-01", kommunenummer=city, bydelnr=bydel)
                     for _ in range(12)]
        for month in MONTHS[1:]:  # one more respondent outside any district each month
            rows.append(_person(rng, month, kommunenummer=city))
            events.append(("remainder", city, month, +1, _total(rows[-1])))
    return rows, events, areas


def _published(settings, category: str = "total") -> pd.DataFrame:
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        frame = pd.read_sql(select(aggregates).where(aggregates.c.category == category), conn)
    engine.dispose()
    frame["month"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    return frame.set_index(["level", "area_code", "month"])


def _true_counts(rows: list[dict], areas: pd.DataFrame) -> dict:
    """Exact respondents per (level, code, month), given to the attacker."""
    frame = pd.DataFrame(rows)
    frame["month"] = frame["submitted_at"].str[:7]
    latest = frame.sort_values("submitted_at").groupby(["respondent_id", "month"]).tail(1)
    counts: dict = {}
    for month in MONTHS:
        standing = latest[latest["month"] <= month].groupby("respondent_id").tail(1)
        for (k, b), n in standing.groupby(["kommunenummer", "bydelnr"]).size().items():
            counts[("kommune", k, month)] = counts.get(("kommune", k, month), 0) + n
            if b:
                counts[("bydel", b, month)] = n
    return counts


def _value(pub, key, column):
    try:
        value = pub.loc[key, column]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


def _outside(pub, counts, areas, city, month, column):
    """The total of the respondents outside any district, as far as the tables tell."""
    total = _value(pub, ("kommune", city, month), column)
    if total is None:
        return None
    rest = counts[("kommune", city, month)] * total
    for b in areas.loc[areas["parent_code"] == city, "code"]:
        value = _value(pub, ("bydel", b, month), column)
        for earlier in reversed(MONTHS[:MONTHS.index(month)]):  # fill in a hidden bydel
            if value is not None:
                break
            value = _value(pub, ("bydel", b, earlier), column)
        rest -= counts[("bydel", b, month)] * (value or 0.0)
    return rest


def _attack(pub, counts, areas, events, column) -> np.ndarray:
    errors = []
    prev = {m: MONTHS[i - 1] for i, m in enumerate(MONTHS) if i}
    for level, code, month, sign, truth in events:
        before = prev[month]
        if level == "kommune":
            now_ = _value(pub, (level, code, month), column)
            then = _value(pub, (level, code, before), column)
            if now_ is None or then is None:
                continue  # suppressed: nothing to difference
            n_now, n_then = counts[(level, code, month)], counts[(level, code, before)]
            guess = sign * (n_now * now_ - n_then * then)
        else:  # the remainder: kommune minus its bydeler, this month minus the month before
            now_, then = (_outside(pub, counts, areas, code, m, column) for m in (month, before))
            if now_ is None or then is None:
                continue
            guess = now_ - then
        errors.append(abs(guess - truth))
    return np.array(errors)


def test_differencing_published_tables_does_not_recover_anyone(tmp_path):
    settings = make_settings(tmp_path, key_secret="attack")
    rng = np.random.default_rng(SEED)
    rows, events, areas = _scenario(settings, rng)
    write_csv(settings.inbox_dir / "attack.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    pub = _published(settings)
    counts = _true_counts(rows, areas)
    truths = np.array([e[4] for e in events])
    # The yardstick: guessing that everyone is the average person.
    naive = np.median(np.abs(truths - truths.mean()))
    naive_close = float(np.mean(np.abs(truths - truths.mean()) <= 1.0))
    for kind in ("kommune", "remainder"):
        chosen = [e for e in events if e[0] == kind]
        for column in ("mean", "mean_unweighted"):
            errors = _attack(pub, counts, areas, chosen, column)
            assert len(errors) >= 0.5 * len(chosen), f"{kind}: too few attacks possible"
            close = float(np.mean(errors <= 1.0))
            print(f"{kind} attack on {column}: {len(errors)} tries, median error "
                  f"{np.median(errors):.1f} t, {close:.0%} within 1 t "
                  f"(guessing the average: {naive:.1f} t, {naive_close:.0%} within 1 t)")
            assert np.median(errors) > max(2.0, naive), "the attack beats a blind guess"
            assert close < naive_close + 0.1, "the attack lands within 1 t too often"
    # The five parts have their own perturbations: adding up their differences is no better.
    chosen = [e for e in events if e[0] == "kommune"]
    parts = [_attack_signed(_published(settings, c), counts, chosen) for c in CATEGORIES]
    errors = np.abs(np.sum(parts, axis=0) - np.array([e[4] for e in chosen]))
    errors = errors[~np.isnan(errors)]
    print(f"sum of the five parts: median error {np.median(errors):.1f} t, "
          f"{np.mean(errors <= 1):.0%} within 1 t")
    assert np.median(errors) > max(2.0, naive) and np.mean(errors <= 1) < naive_close + 0.1


def _attack_signed(pub, counts, events) -> np.ndarray:
    """The month-to-month guess per kommune event (NaN where a value is hidden)."""
    prev = {m: MONTHS[i - 1] for i, m in enumerate(MONTHS) if i}
    out = []
    for level, code, month, sign, _truth in events:
        now_ = _value(pub, (level, code, month), "mean_unweighted")
        then = _value(pub, (level, code, prev[month]), "mean_unweighted")
        out.append(np.nan if now_ is None or then is None else sign * (
            counts[(level, code, month)] * now_ - counts[(level, code, prev[month])] * then))
    return np.array(out)


def _spread_attack(pub, counts, events) -> np.ndarray:
    """How far a newcomer lies from the mean, from the change in interval width (for the
    plain mean, n(n−1)·SE² is the sum of squared deviations); both signs are guesses."""
    errors = []
    prev = {m: MONTHS[i - 1] for i, m in enumerate(MONTHS) if i}
    for level, code, month, sign, truth in events:
        if sign < 0:
            continue
        now_, then = (level, code, month), (level, code, prev[month])
        a, b = pub.loc[now_] if now_ in pub.index else None, pub.loc[then]
        if a is None or pd.isna(a["mean"]) or pd.isna(b["mean"]):
            continue
        squares = [counts[k] * (counts[k] - 1) * ((r["ci_high"] - r["ci_low"]) / 2 / 1.96) ** 2
                   for k, r in ((now_, a), (then, b))]
        distance = np.sqrt(max(squares[0] - squares[1], 0) * counts[now_] / counts[then])
        errors += [abs(b["mean"] + s * distance - truth) for s in (1, -1)]
    return np.array(errors)


def test_the_change_in_interval_width_does_not_place_a_newcomer(tmp_path):
    settings = make_settings(tmp_path, key_secret="attack")
    rows, events, areas = _scenario(settings, np.random.default_rng(SEED))
    write_csv(settings.inbox_dir / "attack.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    pub = _published(settings)
    chosen = [e for e in events if e[0] == "kommune"]
    errors = _spread_attack(pub, _true_counts(rows, areas), chosen)
    # The yardstick: the newcomer is like last month's average.
    prev = {m: MONTHS[i - 1] for i, m in enumerate(MONTHS) if i}
    naive = np.array([abs(pub.loc[(lv, c, prev[m]), "mean"] - y) for lv, c, m, sg, y in chosen
                      if sg > 0 and not pd.isna(pub.loc[(lv, c, prev[m]), "mean"])])
    close, naive_close = float(np.mean(errors <= 1.0)), float(np.mean(naive <= 1.0))
    print(f"spread attack: {len(errors)} guesses, median error {np.median(errors):.1f} t, "
          f"{close:.0%} within 1 t (last month's average: {np.median(naive):.1f} t, "
          f"{naive_close:.0%} within 1 t)")
    assert close < naive_close + 0.05


def test_the_attack_has_teeth_without_the_perturbation(tmp_path, monkeypatch):
    """Rounding to 0.1 t alone would not be enough: the same attack then mostly succeeds."""
    monkeypatch.setattr("etl.steps.rounding.NOISE_FACTOR", 0.0)
    settings = make_settings(tmp_path, key_secret="attack")
    rows, events, areas = _scenario(settings, np.random.default_rng(SEED))
    write_csv(settings.inbox_dir / "attack.csv", rows)
    run(settings, now=NOW, progress=lambda _: None)
    chosen = [e for e in events if e[0] == "kommune"]
    errors = _attack(_published(settings), _true_counts(rows, areas), areas, chosen,
                     "mean_unweighted")
    assert np.median(errors) < 1.0
