"""Disclose the stayers' change (etl/disclosure/change.py) and hand on its published rows."""

from __future__ import annotations

import time

import pandas as pd

from etl.disclosure import change
from etl.levels import Levels
from etl.runner import RunContext, step


@step("protect the change", reads=("stayer_cells", "ref_areas"), writes=("stayer_change",))
def run(ctx: RunContext) -> None:
    """Load the stayers' sums and the area hierarchy; suppress, perturb and round."""
    t = time.perf_counter()
    cells = ctx.con.execute("SELECT * FROM stayer_cells ORDER BY level, area_code, period").df()
    cells["period"] = pd.to_datetime(cells["period"]).dt.date
    parents = ctx.con.execute(
        "SELECT level, code, parent_level, parent_code FROM ref_areas").df()
    top = Levels.of(ctx.settings.geodata_dir).top
    published = change.run(cells, parents, ctx.settings.min_respondents, top)
    ctx.put("stayer_change", published)
    ctx.progress.stage("protect the change", t, len(published))
