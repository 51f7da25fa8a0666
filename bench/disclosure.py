"""What disclosure control costs in accuracy, by respondent count, and what the bounds cost.

Perturbation: for areas of n = 10, 30, 100 and 1000 respondents with plausible answers
(etl/disclosure/synthetic.py), the published total mean is compared with the exact mean:
the mean absolute error of the noise alone and of noise plus rounding to 0.1 t, and the
published interval's half-width against the exact one (1.96 standard errors). Bounds: on
seeded demo records (the generator behind `make run`), the share of answers clipped and how
far the clipped national means of every part and the total lie from the unclipped ones.
Writes `disclosure.md` and `disclosure.json` to the results folder.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from core.contract import CATEGORIES
from etl import disclosure
from etl.disclosure.bounds import PART_BOUNDS_T, TOTAL_BOUND_T, clip, clipped_sql
from etl.disclosure.release import Z95
from etl.disclosure.synthetic import Area, cells, draw_keys, draw_parts

SIZES = (10, 30, 100, 1000)
AREAS = 400
DEMO_ROWS = 100_000
SEED = 2026


def perturbation_error() -> list[dict]:
    rng = np.random.default_rng(SEED)
    rows = []
    for n in SIZES:
        areas = [Area("kommune", f"C0-{i}", date(2025, 1, 1), clip(draw_parts(rng, n)),
                      draw_keys(rng, n)) for i in range(AREAS)]
        everyone = Area("country", "P0", date(2025, 1, 1),
                        np.vstack([a.parts for a in areas]),
                        np.concatenate([a.keys for a in areas]))
        frame = cells([*areas, everyone])
        parents = pd.DataFrame({"level": frame["level"], "code": frame["area_code"],
                                "parent_level": np.where(frame["level"] == "country", None,
                                                         "country"),
                                "parent_code": np.where(frame["level"] == "country", None,
                                                        "P0")}).drop_duplicates()
        exact = frame.set_index(["area_code", "category"])
        exact_mean = (exact["wsum"] / exact["n"]).xs("total", level=1)
        sd = np.sqrt((exact["sumsq"] - exact["sum"] ** 2 / exact["n"]) / (exact["n"] - 1))
        exact_half = (Z95 * sd / np.sqrt(exact["n"])).xs("total", level=1)
        out = {}
        for label, protection in (("noise", replace(disclosure.DEFAULT, decimals=None)),
                                  ("published", disclosure.DEFAULT)):
            pub = disclosure.run(frame, parents, 10, protection)
            pub = pub[pub["category"] == "total"].set_index("area_code")
            out[label] = pub
        kommune = exact_mean.index != "P0"
        noise = (out["noise"]["mean"].astype(float) - exact_mean)[kommune]
        published = out["published"]
        error = (published["mean"].astype(float) - exact_mean)[kommune]
        half = ((published["ci_high"].astype(float) - published["ci_low"].astype(float)) / 2)
        rows.append({"n": n, "noise_mae_t": float(noise.abs().mean()),
                     "published_mae_t": float(error.abs().mean()),
                     "exact_half_width_t": float(exact_half[kommune].median()),
                     "published_half_width_t": float(half[kommune].median())})
    return rows


def bounds_effect(workdir: Path) -> dict:
    """National means of every part and the total, unclipped and clipped (demo records)."""
    from etl.demo import generate

    generate(workdir, n_rows=DEMO_ROWS, seed=SEED, end_month="2026-10")
    tonnes = ", ".join(f"{c}_kg / 1000.0 AS {c}" for c in CATEGORIES)
    records = f"(SELECT {tonnes} FROM read_csv_auto('{workdir}/*.csv'))"
    raw = ", ".join(f"avg({c}) AS {c}" for c in CATEGORIES)
    con = duckdb.connect()
    before = con.execute(f"SELECT {raw}, avg({' + '.join(CATEGORIES)}) AS total, "
                         f"count(*) AS n FROM {records}").df().iloc[0]
    after = con.execute(f"SELECT {raw}, avg(total) AS total FROM "
                        f"(SELECT {clipped_sql()} FROM {records})").df().iloc[0]
    over = " OR ".join([f"{c} > {b}" for c, b in PART_BOUNDS_T.items()]
                       + [f"{' + '.join(CATEGORIES)} > {TOTAL_BOUND_T}"])
    clipped = con.execute(f"SELECT avg(CAST({over} AS INT)) FROM {records}").fetchone()[0]
    return {"records": int(before["n"]), "share_clipped": float(clipped),
            "means_t": {c: {"unclipped": float(before[c]), "clipped": float(after[c])}
                        for c in ("total", *CATEGORIES)}}


def _markdown(perturbation: list[dict], bounds: dict) -> str:
    lines = ["# Disclosure control: what it costs", "",
             "Produced by `bench/disclosure.py` (`make bench`).", "",
             f"## Perturbation by respondent count ({AREAS} areas each, total footprint)", "",
             "| respondents | mean abs. noise (t) | mean abs. error published, incl. rounding "
             "(t) | median half-width exact (t) | median half-width published (t) |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['n']} | {r['noise_mae_t']:.3f} | {r['published_mae_t']:.3f} | "
              f"{r['exact_half_width_t']:.2f} | {r['published_half_width_t']:.2f} |"
              for r in perturbation]
    lines += ["", f"## Bounds on {bounds['records']:,} demo records", "",
              f"Answers with a part or the total over its bound: "
              f"{bounds['share_clipped']:.2%}.", "",
              "| category | national mean unclipped (t) | clipped (t) | change (t) |",
              "|---|---|---|---|"]
    lines += [f"| {c} | {m['unclipped']:.3f} | {m['clipped']:.3f} | "
              f"{m['clipped'] - m['unclipped']:+.3f} |" for c, m in bounds["means_t"].items()]
    return "\n".join(lines) + "\n"


def main(results_dir: Path) -> None:
    perturbation = perturbation_error()
    with tempfile.TemporaryDirectory() as tmp:
        bounds = bounds_effect(Path(tmp))
    (results_dir / "disclosure.json").write_text(
        json.dumps({"perturbation": perturbation, "bounds": bounds}, indent=2) + "\n")
    text = _markdown(perturbation, bounds)
    (results_dir / "disclosure.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main(Path(__file__).resolve().parent / "results")
