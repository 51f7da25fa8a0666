"""Build the reference release the comparison test checks every change against.

Run `python -m tests.etl.release_snapshot` to rewrite `tests/etl/data/release-*.csv.gz` from
the code as it is; do that only when a change is meant to move published numbers.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from core.settings import Settings, get_settings
from core.store.db import make_engine
from core.store.schema import aggregates, areas, participation, release, stayer_change
from etl.demo import generate
from etl.pipeline import run

#: Where the reference tables live, one gzip CSV per store table.
DATA_DIR = Path(__file__).parent / "data"
#: The demo delivery behind the reference: fixed seed, size, dirt and last month.
DEMO = {"n_rows": 20_000, "seed": 7, "dirty": 0.02, "end_month": "2026-10"}
#: A fixed perturbation secret, or the keys (and the rounded counts) would differ per run.
KEY_SECRET = "release-snapshot"
#: Same as tests/conftest.py's NOW, repeated so this script runs against any checkout.
NOW = datetime(2026, 11, 15, 12, 0)
#: Each table's key, the order rows are written and compared in.
KEYS = {"aggregates": ["level", "area_code", "period", "category"], "areas": ["level", "code"],
        "participation": ["level", "area_code", "period"],
        "stayer_change": ["level", "area_code", "period"]}


def build_release(work: Path) -> dict[str, pd.DataFrame]:
    """Run the ETL on the demo delivery in `work` and return the published tables."""
    settings: Settings = get_settings(data_dir=work / "data", key_secret=KEY_SECRET,
                                      database_url=f"sqlite:///{work / 'store.sqlite'}")
    generate(settings.inbox_dir, geodata_dir=settings.geodata_dir, **DEMO)
    run(settings, now=NOW, progress=lambda _: None)
    return published_tables(settings)


def published_tables(settings: Settings) -> dict[str, pd.DataFrame]:
    """The published release's tables (aggregates, areas, participation, stayer_change),
    without run ids, in key order."""
    engine = make_engine(settings.db_url)
    try:
        with engine.connect() as conn:
            run_id = conn.execute(select(release.c.run_id)).scalar_one()
            return {t.name: pd.read_sql(select(t).where(t.c.run_id == run_id), conn)
                    .drop(columns="run_id").sort_values(KEYS[t.name]).reset_index(drop=True)
                    for t in (aggregates, areas, participation, stayer_change)}
    finally:
        engine.dispose()


def snapshot_path(table: str) -> Path:
    return DATA_DIR / f"release-{table}.csv.gz"


def main(argv: list[str] | None = None) -> None:
    """Write the reference tables (or to the folder given as the one argument)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in build_release(Path(tmp)).items():
            frame.to_csv(out / snapshot_path(name).name, index=False)
            print(f"{name}: {len(frame):,} rows")


if __name__ == "__main__":
    main()
