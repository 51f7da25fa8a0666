"""Weight cell statistics to each area's adult population and estimate means with errors.

Post-stratification under the scheme chosen per area-month (etl/steps/weights.py).
Respondents who did not give the fields a scheme needs form an `unknown` stratum that keeps
its own share of the sample, so they are neither dropped nor allowed to stand for others. No
respondent weighs more than WEIGHT_CAP times the area's average: a stratum over the cap is
held at it and the others share the rest (repeated TRIM_ROUNDS times).

Standard error: Taylor linearisation of the post-stratified mean, conditional on the
stratum counts: var = Σ W_h² s_h² / n_h, with the area's pooled variance for a stratum of one.
"""

from __future__ import annotations

import time

import duckdb
import pandas as pd

from core.contract import PUBLISHED_CATEGORIES
from etl.runner import RunContext, step
from etl.steps.weights import stratum_sql

WEIGHT_CAP = 5.0
TRIM_ROUNDS = 4
KEYS = ["level", "area_code", "period", "category"]


def _trim_rounds() -> str:
    """Weight trimming: strata over the cap are held at it and the others share the rest."""
    rounds = []
    for i in range(1, TRIM_ROUNDS + 1):
        over = f"stratum IS NOT NULL AND w >= {WEIGHT_CAP} * n_h / n * (1 - 1e-9)"
        rounds.append(f"""w{i} AS (
            SELECT * REPLACE (coalesce(CASE WHEN stratum IS NULL THEN w
                WHEN {over} THEN {WEIGHT_CAP} * n_h / n
                ELSE target * ((1 - unknown_share) - sum(CASE WHEN {over}
                                THEN {WEIGHT_CAP} * n_h / n ELSE 0 END) OVER a)
                     / nullif(sum(CASE WHEN stratum IS NOT NULL AND NOT ({over})
                                  THEN target ELSE 0 END) OVER a, 0) END, w) AS w)
            FROM w{i - 1}
            WINDOW a AS (PARTITION BY level, area_code, period))""")
    return ", ".join(rounds)


def means(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per area, month and category: n, weighted and plain mean, standard error, the sample
    standard deviation, the weighting scheme used and the cell key; and for disclosure
    control the weighted and plain sums and sums of squares (weights scaled to mean 1) and
    the sum of squared weights.

    Reads `cells`, `area_months` and `scheme_choice` (etl/steps/weights.py) and
    `ref_population` (reference tables).
    """
    cats = PUBLISHED_CATEGORIES
    per_stratum = ", ".join(
        f"sum(W * sum_{c} / n_h) AS mean_{c}, "
        f"sum(W * W * coalesce(s2_{c}, pooled_{c}) / n_h) AS var_{c}" for c in cats)
    s2 = ", ".join(
        f"CASE WHEN n_h > 1 THEN greatest(sumsq_{c} - sum_{c} * sum_{c} / n_h, 0) / (n_h - 1) "
        f"END AS s2_{c}" for c in cats)
    pooled = ", ".join(
        f"CASE WHEN a.n > 1 THEN greatest(a.sumsq_{c} - a.sum_{c} * a.sum_{c} / a.n, 0) "
        f"/ (a.n - 1) ELSE 0 END AS pooled_{c}" for c in cats)
    strat_sums = ", ".join(f"sum(c.sum_{c}) AS sum_{c}, sum(c.sumsq_{c}) AS sumsq_{c}"
                           for c in cats)
    wide = con.execute(f"""
        WITH strata AS (
            SELECT c.level, c.area_code, c.period, ch.scheme,
                   {stratum_sql()} AS stratum, sum(c.n) AS n_h, {strat_sums}
            FROM cells c JOIN scheme_choice ch USING (level, area_code, period)
            GROUP BY ALL
        ), pop AS (
            SELECT ch.level, ch.area_code, ch.period, {stratum_sql()} AS stratum,
                   sum(p.population) AS pop_h
            FROM scheme_choice ch JOIN area_months a USING (level, area_code, period)
            JOIN ref_population p ON p.level = a.level AND p.code = a.area_code
                                 AND p.year = a.pop_year
            GROUP BY ALL
        ), shares AS (
            SELECT s.*, a.n, p.pop_h,
                   sum(CASE WHEN s.stratum IS NULL THEN s.n_h ELSE 0 END)
                       OVER w / a.n AS unknown_share,
                   sum(p.pop_h) OVER w AS pop_total
            FROM strata s JOIN area_months a USING (level, area_code, period)
            LEFT JOIN pop p ON p.level = s.level AND p.area_code = s.area_code
                           AND p.period = s.period AND p.stratum = s.stratum
            WINDOW w AS (PARTITION BY s.level, s.area_code, s.period)
        ), raw_w AS (
            -- Target share of each stratum; the unknown stratum keeps its sample share.
            SELECT *, CASE WHEN stratum IS NULL THEN n_h / n
                           WHEN scheme = 'none' OR coalesce(pop_total, 0) = 0 THEN n_h / n
                           ELSE (1 - unknown_share) * pop_h / pop_total END AS target
            FROM shares
        ), w0 AS (
            SELECT *, target AS w FROM raw_w
        ), {_trim_rounds()}, weighted AS (
            SELECT *, CASE WHEN stratum IS NULL THEN w
                           ELSE w * (1 - unknown_share)
                                / sum(CASE WHEN stratum IS NULL THEN 0 ELSE w END) OVER a
                      END AS W, {s2}
            FROM w{TRIM_ROUNDS}
            WINDOW a AS (PARTITION BY level, area_code, period)
        )
        SELECT w.level, w.area_code, w.period, any_value(w.scheme) AS weighting,
               any_value(w.n) AS n, any_value(a.rkey) AS rkey,
               {per_stratum},
               {", ".join(f"any_value(a.area_sum_{c}) / any_value(w.n) AS plain_{c}, "
                          f"sqrt(any_value(pooled_{c})) AS sd_{c}" for c in cats)},
               -- What perturbation needs, with each respondent's weight W·n/n_h (mean 1):
               -- weighted and plain sums of squares, and the sum of squared weights.
               {", ".join(f"sum(W * sumsq_{c} / n_h) * any_value(w.n) AS wsumsq_{c}, "
                          f"any_value(a.area_sumsq_{c}) AS sumsq_{c}" for c in cats)},
               sum(W * W / n_h) * any_value(w.n) * any_value(w.n) AS wsq
        FROM weighted w JOIN (
            SELECT level, area_code, period, rkey, {pooled},
                   {", ".join(f"sum_{c} AS area_sum_{c}, sumsq_{c} AS area_sumsq_{c}"
                              for c in cats)}
            FROM area_months a) a
          USING (level, area_code, period)
        GROUP BY ALL
    """).df()
    return _long(wide)


def _long(wide: pd.DataFrame) -> pd.DataFrame:
    """One row per area, month and category."""
    keys = ["level", "area_code", "period", "n", "rkey", "weighting"]
    parts = [
        wide[keys].assign(category=c, mean=wide[f"mean_{c}"],
                          mean_unweighted=wide[f"plain_{c}"],
                          se=wide[f"var_{c}"].clip(lower=0) ** 0.5, sd=wide[f"sd_{c}"],
                          wsum=wide[f"mean_{c}"] * wide["n"], wsumsq=wide[f"wsumsq_{c}"],
                          sum=wide[f"plain_{c}"] * wide["n"], sumsq=wide[f"sumsq_{c}"],
                          wsq=wide["wsq"])
        for c in PUBLISHED_CATEGORIES
    ]
    out = pd.concat(parts, ignore_index=True)
    out["period"] = pd.to_datetime(out["period"]).dt.date
    out["n"] = out["n"].astype(int)
    return out


@step("weight and estimate", reads=("cells", "area_months", "scheme_choice", "ref_population"),
      writes=("estimates",))
def run(ctx: RunContext) -> None:
    """Load the cells and chosen schemes, weight and estimate, hand the estimates on."""
    t = time.perf_counter()
    estimates = means(ctx.con)
    ctx.progress.stage("weight and estimate", t, len(estimates))
    ctx.put("estimates", estimates)
