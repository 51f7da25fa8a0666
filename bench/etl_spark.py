"""The ETL on DuckDB and on Spark (local mode), side by side: each stage's time, peak memory.

Both engines run the same generated records (kept in `data/bench/`, shared with bench/etl.py)
into fresh SQLite stores; the published releases must be identical. Peak memory is the
whole process tree (Python, DuckDB and Spark's JVM) sampled from /proc, since the JVM is a
grandchild that a child's rusage does not count. Stage seconds come from the run record.
Sizes: `FOTAVTRYKK_BENCH_SPARK_SIZES=1000000,10000000` (default).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.etl import CACHE, _records

ENGINES = ("duckdb", "spark")
#: Stages whose cost grows with records; the engines differ only there.
RECORD_STAGES = ("spans", "aggregate")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _sizes() -> list[int]:
    raw = os.environ.get("FOTAVTRYKK_BENCH_SPARK_SIZES", "1000000,10000000")
    return [int(s) for s in raw.split(",") if s.strip()]


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = pages * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def _run(records: Path, run_dir: Path, engine: str) -> dict:
    """One ETL run on `engine`: wall seconds, peak tree memory (GB), stage seconds."""
    shutil.rmtree(run_dir, ignore_errors=True)
    inbox = run_dir / "inbox"
    inbox.mkdir(parents=True)
    for f in sorted(records.glob("*.csv")):
        os.link(f, inbox / f.name)
    url = f"sqlite:///{run_dir / 'store.sqlite'}"
    env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(run_dir), "DATABASE_URL": url,
           "FOTAVTRYKK_ENGINE": engine, "FOTAVTRYKK_KEY_SECRET": "bench"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "etl", "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    proc.wait()
    sampler.join()
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{engine} ETL failed:\n{out[-3000:]}")
    store = create_engine(url)
    with store.connect() as conn:
        counts = json.loads(conn.execute(
            text("SELECT counts FROM etl_runs ORDER BY run_id DESC")).scalar())
        release = conn.execute(text(
            "SELECT a.* FROM aggregates a JOIN release r ON a.run_id = r.run_id")).fetchall()
    store.dispose()
    rows = sorted(tuple(r)[1:] for r in release)  # without run_id
    return {"wall_s": round(wall, 1), "peak_gb": round(peak[0] / 1024**3, 2),
            "stage_s": counts["stage_seconds"], "published_rows": len(rows),
            "_release": rows}


def main(results_dir: Path) -> None:
    results = []
    for n in _sizes():
        records = _records(n)
        entry: dict = {"records": n}
        for engine in ENGINES:
            print(f"  {n:,} records on {engine} …", flush=True)
            entry[engine] = _run(records, CACHE / f"spark-run-{n}-{engine}", engine)
            print(f"    {entry[engine]['wall_s']} s, peak {entry[engine]['peak_gb']} GB, "
                  f"stages {entry[engine]['stage_s']}", flush=True)
        entry["identical_release"] = (entry["duckdb"].pop("_release")
                                      == entry["spark"].pop("_release"))
        d, s = entry["duckdb"]["stage_s"], entry["spark"]["stage_s"]
        entry["spark_over_duckdb"] = {
            "record_stages": round(sum(s[k] for k in RECORD_STAGES)
                                   / sum(d[k] for k in RECORD_STAGES), 1),
            "wall": round(entry["spark"]["wall_s"] / entry["duckdb"]["wall_s"], 1),
            "peak_memory": round(entry["spark"]["peak_gb"] / entry["duckdb"]["peak_gb"], 1)}
        results.append(entry)
    report = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "cpus": os.cpu_count(), "load_average": os.getloadavg(), "runs": results}
    (results_dir / "etl_spark.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / "etl_spark.md").write_text(_markdown(report))
    print((results_dir / "etl_spark.md").read_text())


def _markdown(report: dict) -> str:
    lines = [f"# ETL on DuckDB and Spark local mode ({report['measured_at']}, "
             f"{report['cpus']} CPUs, load {report['load_average'][0]:.1f} at the end)", "",
             "Same records, same code path apart from the engine of the spans and aggregate "
             "stages. Ratios are within one run; seconds vary with what else the machine ran.",
             "", "| records | engine | wall s | peak GB (tree) | spans s | aggregate s | "
             "rest s | identical release |", "|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in report["runs"]:
        for engine in ENGINES:
            e = r[engine]
            rest = sum(v for k, v in e["stage_s"].items() if k not in RECORD_STAGES)
            lines.append(f"| {r['records']:,} | {engine} | {e['wall_s']} | {e['peak_gb']} | "
                         f"{e['stage_s']['spans']:.1f} | {e['stage_s']['aggregate']:.1f} | "
                         f"{rest:.1f} | {'yes' if r['identical_release'] else 'NO'} |")
        ratio = r["spark_over_duckdb"]
        lines.append(f"| | Spark ÷ DuckDB | {ratio['wall']} × | {ratio['peak_memory']} × | "
                     f"record stages {ratio['record_stages']} × | | | |")
    return "\n".join(lines) + "\n"
