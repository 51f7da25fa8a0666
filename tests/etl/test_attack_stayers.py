"""Play the outsider against the stayers' change: one stayer more between two months.

The published change of an area is a mean over its stayers with their (rounded) count, so
an outsider who knows that exactly one person became a stayer in a month can take
mean × count now minus mean × count before as that person's change. Without protection that
recovers them to the tonne; with it, no more than 15 % of trials land within 1 t of the
truth and the median error is at least 1.5 t (the bar of test_attack.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from etl.disclosure import OFF, change
from etl.disclosure.bounds import TOTAL_BOUND_T

TRIALS = 300
PARENTS = pd.DataFrame({"level": ["kommune"], "code": ["x"], "parent_level": [None],
                        "parent_code": [None]})


def _trials(n: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Per trial an area of n stayers in one month and the same plus one the next."""
    rows, truths = [], []
    for trial in range(TRIALS):
        changes = np.clip(rng.normal(-0.4, 1.5, n), -TOTAL_BOUND_T, TOTAL_BOUND_T)
        keys = rng.integers(0, 1 << 20, n)
        newcomer, key = float(np.clip(rng.normal(-0.4, 3.0), -40, 40)), rng.integers(0, 1 << 20)
        truths.append(newcomer)
        for month, (c, k) in enumerate([(changes, keys),
                                         (np.append(changes, newcomer), np.append(keys, key))]):
            rows.append({"level": "kommune", "area_code": f"a{trial:04d}",
                         "period": date(2025, 1 + month, 1), "n": len(c),
                         "rkey": int(k.sum() % (1 << 20)), "change_sum": c.sum(),
                         "change_sumsq": (c ** 2).sum()})
    return pd.DataFrame(rows), np.array(truths)


def _guess(published: pd.DataFrame) -> np.ndarray:
    both = published.sort_values(["area_code", "period"])
    total = both["mean_change"].astype(float) * both["stayers"].astype(float)
    total = total.to_numpy().reshape(-1, 2)
    return total[:, 1] - total[:, 0]


@pytest.mark.parametrize("n", [30, 60, 150])
def test_one_more_stayer_cannot_be_recovered_by_differencing(n):
    cells, truth = _trials(n, np.random.default_rng(n))
    order = cells.sort_values(["area_code", "period"]).index
    plain = change.run(cells, PARENTS, 10, "country", OFF).loc[order]
    assert np.median(np.abs(_guess(plain) - truth)) < 0.1  # the attack works unprotected
    protected = change.run(cells, PARENTS, 10, "country").loc[order]
    error = np.abs(_guess(protected) - truth)
    assert np.mean(error < 1.0) <= 0.15
    assert np.median(error) >= 1.5
