"""ETL at national scale: wall time and peak memory for 1 M and 10 M records, against a floor.

The floor is one DuckDB query computing the same trailing-window monthly mean per
municipality straight from the same CSV files, with no checks, weighting, suppression or
store: the least work the numbers could take on this machine, measured in the same run.
Generated records are kept in `data/bench/` and reused by later runs of the bench.
Sizes: `FOTAVTRYKK_BENCH_ETL_SIZES=1000000,10000000` (default).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, text

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "data" / "bench"
END_MONTH = "2026-10"
SEED = 2026
TARGET_SECONDS, TARGET_GB, TARGET_RATIO = 60.0, 3.0, 10.0
#: From this many records on, fixed costs no longer excuse a run: at most 4 × the floor.
NATIONAL, TARGET_RATIO_NATIONAL = 10_000_000, 4.0
#: New records in the "next night" run on top of the largest store.
NIGHTLY = 150_000

FLOOR = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET preserve_insertion_order = false")
from core.contract import CATEGORIES as cats
total = " + ".join(f"TRY_CAST({c}_kg AS DOUBLE)" for c in cats)
con.execute(f'''
CREATE TABLE result AS
WITH r AS (
    SELECT respondent_id, kommunenummer AS k, {total} / 1000 AS total,
           TRY_CAST(submitted_at AS TIMESTAMPTZ)::TIMESTAMP AS ts
    FROM read_csv('{sys.argv[1]}/*.csv', header=true, all_varchar=true)
), s AS (
    SELECT k, total, date_trunc('month', ts)::DATE AS m,
           lead(date_trunc('month', ts)::DATE) OVER (PARTITION BY respondent_id ORDER BY ts) AS nm
    FROM r WHERE total IS NOT NULL AND ts IS NOT NULL
), e AS (
    SELECT k, m AS p, 1 AS n, total FROM s WHERE nm IS NULL OR nm > m
    UNION ALL
    SELECT k, least(coalesce(nm, m + INTERVAL 12 MONTH), m + INTERVAL 12 MONTH)::DATE,
           -1, -total FROM s WHERE nm IS NULL OR nm > m
), d AS (SELECT k, p, sum(n) AS n, sum(total) AS t FROM e GROUP BY ALL)
SELECT k, p, sum(t) OVER w / sum(n) OVER w AS mean
FROM d WINDOW w AS (PARTITION BY k ORDER BY p)
''')
print(con.execute("SELECT count(*) FROM result").fetchone()[0])
"""


def _sizes() -> list[int]:
    raw = os.environ.get("FOTAVTRYKK_BENCH_ETL_SIZES", "1000000,10000000")
    return [int(s) for s in raw.split(",") if s.strip()]


def _timed(argv: list[str], env: dict | None = None) -> tuple[float, float, str, float]:
    """Run a child; its wall time (s), peak resident memory (GB), output and CPU time (s).

    CPU time is what the child used of the cores, whatever else ran: on a shared machine the
    ratio of CPU times is the steadier comparison, the wall ratio the one a user waits for."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{argv} failed:\n{out[-3000:]}")
    return wall, usage.ru_maxrss / 1024**2, out, usage.ru_utime + usage.ru_stime


def _records(n: int, seed: int = SEED) -> Path:
    """Demo records of size n, generated once and reused."""
    folder = CACHE / (f"rows-{n}" if seed == SEED else f"rows-{n}-seed{seed}")
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  generating {n:,} records (kept for later runs) …", flush=True)
        wall, _, _, _ = _timed([sys.executable, "-m", "etl.cli", "demo-data", "--rows", str(n),
                             "--seed", str(seed), "--out", str(folder), "--dirty", "0.002",
                             "--end-month", END_MONTH])
        print(f"  generated in {wall:.0f} s", flush=True)
        marker.write_text(f"{n} rows, seed {seed}, end {END_MONTH}\n")
    return folder


def _etl(records: Path, run_dir: Path, database_url: str | None = None,
         fresh: bool = True) -> dict:
    """One ETL run of these records (hard links: the originals stay put); `fresh` starts
    from an empty store, otherwise they are the next night's deliveries."""
    if fresh:
        shutil.rmtree(run_dir, ignore_errors=True)
    inbox = run_dir / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for f in sorted(records.glob("*.csv")):
        os.link(f, inbox / f.name)
    url = database_url or f"sqlite:///{run_dir / 'store.sqlite'}"
    env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(run_dir), "DATABASE_URL": url}
    wall, peak, out, cpu = _timed([sys.executable, "-m", "etl.cli", "etl", "run"], env)
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(text("SELECT counts FROM etl_runs ORDER BY run_id DESC")).scalar()
    engine.dispose()
    counts = json.loads(counts)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_gb": round(peak, 2),
            "rows": counts["rows"],
            "published_rows": counts["published_rows"], "stage_s": counts["stage_seconds"]}


def _postgres_url() -> str | None:
    """A fresh schema on the test PostgreSQL server, if one is reachable."""
    base = os.environ.get("FOTAVTRYKK_TEST_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS bench_etl CASCADE"))
            conn.execute(text("CREATE SCHEMA bench_etl"))
            conn.execute(select(1))
        engine.dispose()
    except Exception:  # no server: skip that measurement
        return None
    return f"{base}?options=-csearch_path%3Dbench_etl"


def main(results_dir: Path) -> None:
    results = []
    for n in _sizes():
        records = _records(n)
        print(f"  {n:,} records: ETL …", flush=True)
        etl = _etl(records, CACHE / f"run-{n}")
        print(f"    ETL {etl['wall_s']} s, peak {etl['peak_gb']} GB, stages {etl['stage_s']}",
              flush=True)
        wall, peak, _, cpu = _timed([sys.executable, "-c", FLOOR, str(records)])
        floor = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_gb": round(peak, 2)}
        print(f"    floor {floor['wall_s']} s, peak {floor['peak_gb']} GB", flush=True)
        ratio = etl["wall_s"] / floor["wall_s"]
        entry = {"records": n, "etl": etl, "floor": floor, "ratio_to_floor": round(ratio, 1),
                 "cpu_ratio_to_floor": round(etl["cpu_s"] / max(floor["cpu_s"], 1e-9), 1),
                 "load_average": round(os.getloadavg()[0], 1),
                 "targets_met": {"seconds": etl["wall_s"] <= TARGET_SECONDS,
                                 "memory": etl["peak_gb"] <= TARGET_GB,
                                 "ratio": ratio <= (TARGET_RATIO_NATIONAL if n >= NATIONAL
                                                    else TARGET_RATIO)}}
        results.append(entry)
    incremental = None
    if results:
        n = results[-1]["records"]
        print(f"  the next night: {NIGHTLY:,} new records on top of {n:,} …", flush=True)
        incremental = {"store_records": n, "new_records": NIGHTLY,
                       **_etl(_records(NIGHTLY, seed=SEED + 1), CACHE / f"run-{n}", fresh=False)}
        print(f"    ETL {incremental['wall_s']} s, peak {incremental['peak_gb']} GB", flush=True)
    postgres = None
    url = _postgres_url()
    if url and results:
        n = results[0]["records"]
        print(f"  {n:,} records into PostgreSQL …", flush=True)
        postgres = {"records": n, **_etl(_records(n), CACHE / f"run-{n}-pg", url)}
        print(f"    ETL {postgres['wall_s']} s, publish {postgres['stage_s'].get('publish')} s",
              flush=True)
    report = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "targets": {"seconds": TARGET_SECONDS, "peak_gb": TARGET_GB,
                          "ratio_to_floor": TARGET_RATIO,
                          "ratio_to_floor_from_10m": TARGET_RATIO_NATIONAL},
              "sqlite": results, "incremental": incremental, "postgresql": postgres}
    (results_dir / "etl.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / "etl.md").write_text(_markdown(report))
    print((results_dir / "etl.md").read_text())


def _markdown(report: dict) -> str:
    lines = [f"# ETL benchmark ({report['measured_at']}, {report['machine']['cpus']} CPUs)", "",
             "Targets: ≤ 60 s, ≤ 3 GB peak, ≤ 10 × the floor (one DuckDB query, same files);",
             "≤ 4 × the floor from 10 M records on.",
             "Measured on a shared machine: other jobs may have run at the same time, so",
             "compare ratios to the floor rather than seconds between runs.",
             "The CPU columns are what each used of the cores (user + system), steadier",
             "than wall time when other jobs compete for them.",
             "", "| records | ETL s | ETL CPU s | ETL peak GB | floor s | floor CPU s | "
             "floor peak GB | ratio | CPU ratio | load | met |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in report["sqlite"]:
        met = "yes" if all(r["targets_met"].values()) else "no: " + ", ".join(
            k for k, v in r["targets_met"].items() if not v)
        lines.append(f"| {r['records']:,} | {r['etl']['wall_s']} | {r['etl']['cpu_s']} | "
                     f"{r['etl']['peak_gb']} | {r['floor']['wall_s']} | {r['floor']['cpu_s']} | "
                     f"{r['floor']['peak_gb']} | {r['ratio_to_floor']} | "
                     f"{r['cpu_ratio_to_floor']} | {r['load_average']} | {met} |")
    lines += ["", "Stage seconds (SQLite store):", ""]
    for r in report["sqlite"]:
        stages = ", ".join(f"{k} {v}" for k, v in r["etl"]["stage_s"].items())
        lines.append(f"- {r['records']:,}: {stages}")
    inc = report.get("incremental")
    if inc:
        lines += ["", f"The next night, {inc['new_records']:,} new records on top of "
                  f"{inc['store_records']:,}: {inc['wall_s']} s, peak {inc['peak_gb']} GB "
                  f"(stages: {', '.join(f'{k} {v}' for k, v in inc['stage_s'].items())})."]
    pg = report.get("postgresql")
    if pg:
        lines += ["", f"PostgreSQL store, {pg['records']:,} records: ETL {pg['wall_s']} s, "
                  f"publish {pg['stage_s'].get('publish')} s for {pg['published_rows']:,} rows."]
    return "\n".join(lines) + "\n"
