"""Suppression rules that must hold for every input (hypothesis)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.disclosure import suppress
from etl.disclosure.suppress import family_stats

PERIOD = date(2025, 1, 1)
small = st.one_of(st.integers(0, 12), st.integers(0, 60))


@st.composite
def hierarchies(draw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area-month counts for a random country → fylke → kommune → bydel tree.

    Bydeler leave a remainder of their kommune uncovered, as in the real division.
    """
    rows, parents = [], [("country", "NO", None, None)]
    country_n = 0
    for f in range(draw(st.integers(1, 3))):
        fylke, fylke_n = f"F{f}", 0
        parents.append(("fylke", fylke, "country", "NO"))
        for k in range(draw(st.integers(1, 5))):
            kommune = f"{fylke}K{k}"
            parents.append(("kommune", kommune, "fylke", fylke))
            kommune_n = draw(small)  # respondents without a district
            for b in range(draw(st.sampled_from([0, 0, 2, 3, 4]))):
                bydel, n = f"{kommune}B{b}", draw(small)
                parents.append(("bydel", bydel, "kommune", kommune))
                rows.append(("bydel", bydel, n))
                kommune_n += n
            rows.append(("kommune", kommune, kommune_n))
            fylke_n += kommune_n
        rows.append(("fylke", fylke, fylke_n))
        country_n += fylke_n
    rows.append(("country", "NO", country_n))
    frame = pd.DataFrame(rows, columns=["level", "area_code", "n"]).assign(period=PERIOD)
    frame = frame[frame["n"] > 0].reset_index(drop=True)  # empty areas have no row
    return frame, pd.DataFrame(parents, columns=["level", "code", "parent_level",
                                                 "parent_code"])


def _suppressed(frame, parents, k):
    reasons = suppress.run(frame, parents, k)
    merged = frame.merge(parents.rename(columns={"code": "area_code"}), how="left")
    return merged.assign(hidden=reasons.notna().to_numpy(), reason=reasons.to_numpy())


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(hierarchies(), st.sampled_from([3, 5, 10]))
def test_no_published_cell_has_fewer_than_k_respondents(tree, k):
    out = _suppressed(*tree, k)
    assert (out.loc[~out["hidden"], "n"] >= k).all()
    assert (out.loc[out["n"] < k, "reason"] == "primary").all()


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(hierarchies(), st.sampled_from([3, 5, 10]))
def test_no_hidden_cell_can_be_worked_out_from_its_parent_and_siblings(tree, k):
    out = _suppressed(*tree, k)
    by_code = out.set_index("area_code")
    for parent, kids in out[out["parent_code"].notna()].groupby("parent_code"):
        if by_code.loc[parent, "hidden"]:
            continue  # nothing to subtract from
        hidden = kids[kids["hidden"]]
        remainder = by_code.loc[parent, "n"] - kids["n"].sum()  # never published
        if remainder == 0:
            # Children cover the parent: never exactly one hidden child, and the hidden
            # ones together hold at least k respondents.
            assert len(hidden) != 1
            assert hidden.empty or hidden["n"].sum() >= k
        else:
            # Bydeler: the remainder is hidden by nature; alone it must hold k or more,
            # with hidden districts the union must.
            assert (hidden.empty and remainder >= k) or (
                not hidden.empty and hidden["n"].sum() + remainder >= k)
    assert family_stats(out, k)["safe"].all()


def test_a_lone_small_remainder_hides_the_smallest_district():
    frame = pd.DataFrame({"level": ["kommune", "bydel", "bydel"], "area_code": ["K", "B1", "B2"],
                          "n": [45, 20, 23], "period": PERIOD})
    parents = pd.DataFrame({"level": ["kommune", "bydel", "bydel"], "code": ["K", "B1", "B2"],
                            "parent_level": [None, "kommune", "kommune"],
                            "parent_code": [None, "K", "K"]})
    reasons = suppress.run(frame, parents, 10)
    # Two respondents outside the districts: hiding B1 keeps them from being worked out.
    assert [r if isinstance(r, str) else None for r in reasons] == [None, "secondary", None]
