"""Decide which area-months are hidden so that no published number singles out a person.

Primary suppression hides every area-month with fewer than k respondents. Secondary
suppression then walks every family (a parent area-month and its children) until none can
be differenced: parent minus published children gives the hidden children together, so the
hidden part must be empty, or span at least two cells with at least k respondents between
them. Bydeler do not cover their kommune: the respondents without a district form an
implicit "remainder" cell that is never published, so it counts as hidden whenever it is not
empty; a remainder of k or more may stand alone (deriving it reveals k or more people).
Where a family breaks the rule, its smallest published child is hidden too, or, when no
child is left to hide, the parent itself (which is then checked in its own family).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FAMILY = ["parent_level", "parent_code", "period"]


def family_stats(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per parent area-month: counts of hidden children, the remainder and whether it is safe.

    `frame` has level, area_code, period, n, hidden, parent_level, parent_code.
    """
    kids = frame[frame["parent_code"].notna()]
    fam = kids.assign(hidden_n=kids["n"].where(kids["hidden"], 0)).groupby(FAMILY).agg(
        kids_n=("n", "sum"), hidden_count=("hidden", "sum"), hidden_n=("hidden_n", "sum"))
    parents = frame.set_index(["level", "area_code", "period"])[["n", "hidden"]]
    parents.index.names = FAMILY
    fam = fam.join(parents.rename(columns={"n": "parent_n", "hidden": "parent_hidden"}),
                   how="inner")
    remainder = (fam["parent_n"] - fam["kids_n"]).clip(lower=0)
    members = fam["hidden_count"] + (remainder > 0)
    fam["remainder"] = remainder
    fam["safe"] = (
        fam["parent_hidden"]
        | (members == 0)
        | ((members >= 2) & (fam["hidden_n"] + remainder >= k))
        | ((fam["hidden_count"] == 0) & (remainder >= k))
    )
    return fam


def run(area_months: pd.DataFrame, parents: pd.DataFrame, k: int) -> pd.Series:
    """The suppression reason per area-month (None, 'primary' or 'secondary').

    `area_months` has level, area_code, period, n (one row per area-month with respondents);
    `parents` maps (level, code) to (parent_level, parent_code).
    """
    frame = area_months[["level", "area_code", "period", "n"]].merge(
        parents[["level", "code", "parent_level", "parent_code"]].rename(
            columns={"code": "area_code"}),
        on=["level", "area_code"], how="left")
    frame["parent_code"] = frame["parent_code"].replace("", None)
    frame["hidden"] = frame["n"] < k
    frame["reason"] = np.where(frame["hidden"], "primary", None)
    while True:
        fam = family_stats(frame, k)
        unsafe = fam[~fam["safe"]]
        if unsafe.empty:
            break
        keyed = frame.set_index(FAMILY)
        open_kids = frame[~frame["hidden"] & keyed.index.isin(unsafe.index)]
        # Hide the smallest published child: it costs the least information.
        pick = open_kids.sort_values(["n", "area_code"]).groupby(FAMILY).head(1)
        frame.loc[pick.index, ["hidden", "reason"]] = [True, "secondary"]
        # A family with no child left to hide: hide its parent instead.
        stuck = unsafe.index.difference(pick.set_index(FAMILY).index)
        if len(stuck):
            at = frame.set_index(["level", "area_code", "period"]).index.isin(stuck)
            frame.loc[at, ["hidden", "reason"]] = [True, "secondary"]
    return pd.Series(frame["reason"].to_numpy(), index=area_months.index, name="suppression")
