"""Disclosure control: the one stage between estimates and the published table.

It decides which area-months are hidden (suppress.py: fewer than k respondents, and
whatever else would let a hidden one be worked out from its parent and siblings), perturbs
every cell's count, sums and sums of squares by its cell key (perturb.py), derives every
published number from those perturbed ingredients alone (release.py), and blanks hidden
rows, which keep their key, an explicit `suppressed` flag and the reason. Contributions are
bounded before any of this, where answers are summed (bounds.py). Nothing else decides what
is shown: the dashboard reads the flag.
"""

from __future__ import annotations

import pandas as pd

from etl.disclosure import perturb, release, suppress
from etl.disclosure.perturb import AREA_MONTH, DEFAULT, OFF, Protection

__all__ = ["DEFAULT", "OFF", "PUBLISHED_COLUMNS", "Protection", "run"]

#: The published table's columns, in order.
PUBLISHED_COLUMNS = ["level", "area_code", "period", "category", "respondents", "count_band",
                     "mean", "mean_unweighted", "ci_low", "ci_high", "rse", "rse_band",
                     "reliable", "vs_country", "weighting", "suppressed", "suppression"]
#: Emptied in a hidden row (the weighting scheme too: it hints at the count).
VALUE_COLUMNS = ["respondents", "count_band", "mean", "mean_unweighted", "ci_low", "ci_high",
                 "rse", "rse_band", "reliable", "vs_country", "weighting"]


def run(estimates: pd.DataFrame, parents: pd.DataFrame, k: int,
        protection: Protection | None = None) -> pd.DataFrame:
    """The published rows, one per area, month and category.

    `estimates` has, per row: level, area_code, period, category, n, rkey, weighting and
    the sums wsum, sum, wsumsq and the squared-weight sum wsq (estimate step); `parents`
    maps (level, code) to (parent_level, parent_code); k is the fewest respondents a
    published number may rest on.
    """
    protection = protection or perturb.DEFAULT
    top = _top_level(estimates, parents)
    area_months = estimates.drop_duplicates(AREA_MONTH)
    reasons = suppress.run(area_months, parents, k)
    keyed = area_months[AREA_MONTH].assign(suppression=reasons.to_numpy())
    rows = estimates.merge(keyed, on=AREA_MONTH, how="left")
    out = release.run(perturb.run(rows, protection), protection, top)
    out["suppressed"] = out["suppression"].notna()
    # The relative standard error is released only as a band (rse_band).
    out["rse"] = None
    out["vs_country"] = None
    out[VALUE_COLUMNS] = out[VALUE_COLUMNS].astype(object).where(~out["suppressed"], None)
    # Against the country's published mean, so a reader can check the class from the table.
    out["vs_country"] = release.against_country(out, top)
    return out[PUBLISHED_COLUMNS]


def _top_level(estimates: pd.DataFrame, parents: pd.DataFrame) -> str | None:
    """The country's level: the one whose areas have no parent in this geography pack."""
    keyed = estimates[["level", "area_code"]].drop_duplicates().merge(
        parents.rename(columns={"code": "area_code"}), on=["level", "area_code"], how="left")
    tops = keyed.loc[keyed["parent_code"].fillna("").eq(""), "level"].unique()
    return tops[0] if len(tops) == 1 else None
