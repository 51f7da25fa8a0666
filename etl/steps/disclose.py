"""Disclosure control: decide which area-months are hidden, then perturb and round the rest.

The one named stage between estimates and the published table. Suppression
(etl/steps/suppress.py) decides per area-month what must stay hidden so that no number
singles out a person, also by differencing; rounding (etl/steps/rounding.py) then adds the
keyed noise, rounds counts into bands and empties the hidden rows.
"""

from __future__ import annotations

import time

import pandas as pd

from etl.runner import RunContext, step
from etl.steps import rounding, suppress

AREA_MONTH = ["level", "area_code", "period"]


def disclose(estimates: pd.DataFrame, parents: pd.DataFrame, k: int) -> pd.DataFrame:
    """Published rows: estimates with suppression decided per area-month, then rounded."""
    area_months = estimates.drop_duplicates(AREA_MONTH)
    reasons = suppress.run(area_months, parents, k)
    keyed = area_months[AREA_MONTH].assign(suppression=reasons.to_numpy())
    rows = estimates.merge(keyed, on=AREA_MONTH, how="left")
    return rounding.run(rows.drop(columns="suppression"), rows["suppression"])


@step("suppress and round", reads=("estimates", "ref_areas"), writes=("published",))
def run(ctx: RunContext) -> None:
    """Load estimates and the area hierarchy, disclose, hand on the published rows."""
    t = time.perf_counter()
    parents = ctx.con.execute(
        "SELECT level, code, parent_level, parent_code FROM ref_areas").df()
    published = disclose(ctx.get("estimates"), parents, ctx.settings.min_respondents)
    ctx.progress.stage("suppress and round", t, len(published))
    ctx.put("published", published)
