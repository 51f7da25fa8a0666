"""Disclosure control: the one named stage between estimates and the published table.

It hands the estimates and the area hierarchy to `etl.disclosure`, which decides what must
stay hidden (also against differencing), perturbs counts, sums and sums of squares by cell
key, and derives every published number from the perturbed values only.
"""

from __future__ import annotations

import time

from etl import disclosure
from etl.runner import RunContext, step


@step("suppress and round", reads=("estimates", "ref_areas"), writes=("published",))
def run(ctx: RunContext) -> None:
    """Load estimates and the area hierarchy, disclose, hand on the published rows."""
    t = time.perf_counter()
    parents = ctx.con.execute(
        "SELECT level, code, parent_level, parent_code FROM ref_areas").df()
    published = disclosure.run(ctx.get("estimates"), parents, ctx.settings.min_respondents)
    ctx.progress.stage("suppress and round", t, len(published))
    ctx.put("published", published)
