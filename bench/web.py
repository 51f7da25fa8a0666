"""The web tier under a spike, as a ratio to the machine's own ceiling: `python -m bench.run web`.

A store of `BENCH_WEB_ROWS` demo records (default 1 M; built once through the real ETL
into its own PostgreSQL schema and reused), served by `fotavtrykk serve` (gunicorn, 2
workers, the shared cache in Redis). The ceiling is a bare Flask route returning a
precomputed 357-area JSON under the same gunicorn settings, measured in the same run. Each
target — front page, a municipality page, a map update (the POST callback), an API series,
the map CSV — gets 20 keep-alive connections for `BENCH_WEB_SECONDS` after one request
has rendered it. Then a cold start: the same mix under load while a publish lands (the
release's `published_at` is bumped in the store, which is what every cache key names),
counted per second until the rate is back. Targets: >= 30 % of the ceiling, p99 <= 50 ms,
zero errors, recovered within 10 s. The client runs on the same machine (bench/loadgen.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from bench import loadgen
from bench.loadgen import Request, post_json
from bench.soak import POSTGRES, callback_body, free_port

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_WEB_ROWS", "1000000"))
SECONDS = float(os.environ.get("BENCH_WEB_SECONDS", "8"))
CONNECTIONS = 20
REDIS_URL = os.environ.get("BENCH_WEB_REDIS_URL", "redis://127.0.0.1:6379/12")
SCHEMA = f"bench_web_{ROWS}"
WORK = ROOT / "build" / "bench" / f"web-{ROWS}"
TARGET_RATIO, TARGET_P99_MS, RECOVER_S = 0.30, 50.0, 10
COLD_SECONDS = 16
#: Two ports to serve on (the ceiling, then the dashboard); free ones when unset.
PORT = int(os.environ.get("BENCH_WEB_PORT", "0"))

#: The ceiling: what the machine serves when the answer is already bytes in memory.
CEILING_BODY = json.dumps([{"code": f"{n:04d}", "name": f"Area {n}", "value": 7000.5 + n}
                           for n in range(357)]).encode()


def _ceiling_app():
    """A bare Flask route, served as `gunicorn bench.web:ceiling_app`."""
    from flask import Flask, Response

    app = Flask("ceiling")

    @app.get("/areas")
    def areas() -> Response:
        return Response(CEILING_BODY, mimetype="application/json")

    return app


ceiling_app = _ceiling_app()


def store_url() -> str:
    """The bench's store, built on the first run (minutes for 1 M records) and kept."""
    url = f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}"
    engine = create_engine(POSTGRES)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    with create_engine(url).connect() as conn:
        try:
            built = conn.execute(text("SELECT count(*) FROM release")).scalar()
        except Exception:  # noqa: BLE001 - no tables yet
            built = 0
    if not built:
        env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(WORK / "data"), "DATABASE_URL": url}
        started = time.perf_counter()
        for args in (["demo-data", "--rows", str(ROWS)], ["etl", "run"]):
            subprocess.run([sys.executable, "-m", "etl.cli", *args], env=env, check=True,
                           cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"built the {ROWS:,}-record store in {time.perf_counter() - started:.0f} s")
    return url


def gunicorn(app: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:dashboard.gunicorn_conf",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--max-requests", "0",
            "--access-logfile", "/dev/null", app]
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log.open("w"),
                            stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 500:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"{app} did not come up; see {log}")


def targets(months: int) -> dict[str, list[Request]]:
    return {
        "front page": [Request("/")],
        "municipality page": [Request("/kommune/5001")],
        "map update": [post_json("/_dash-update-component",
                                 callback_body(months - 2, "total", "kommune"))],
        "API series": [Request("/api/v1/series?area=5001&category=total")],
        "map CSV": [Request("/data/kart.csv")],
    }


def measure(port: int, reqs: list[Request]) -> dict:
    for r in reqs:  # the first visitor renders it
        loadgen.run(port, [r], connections=1, seconds=0.01)
    return loadgen.run(port, reqs, CONNECTIONS, SECONDS).summary()


def cold_start(port: int, url: str, mix: list[Request], rate: float) -> dict:
    """Load the mix; publish after 3 s; seconds until each second is back at `rate`."""
    bump_at = 3.0

    def publish() -> None:
        time.sleep(bump_at)
        with create_engine(url).begin() as conn:
            conn.execute(text("UPDATE release SET published_at = now()"))

    thread = threading.Thread(target=publish)
    thread.start()
    result = loadgen.run(port, mix, CONNECTIONS, COLD_SECONDS)
    thread.join()
    counts = loadgen.per_second(result)[:-1]  # the last second is partial
    after = counts[int(bump_at):]
    slow = [i for i, n in enumerate(after) if n < rate]
    recovered = (slow[-1] + 1) if slow else 0
    if slow and slow[-1] == len(after) - 1:
        recovered = None  # not back within the run
    return {**result.summary(), "per_second": counts, "publish_at_s": bump_at,
            "target_rate": round(rate, 1), "recovered_after_s": recovered}


def months_of_release(url: str) -> int:
    with create_engine(url).connect() as conn:
        first, last = conn.execute(text("SELECT first_period, last_period FROM release")).one()
    return (last.year - first.year) * 12 + last.month - first.month + 1


def report(r: dict) -> str:
    c = r["ceiling"]
    lines = ["# Web tier under a spike", "",
             f"Measured {r['measured_at']}: {r['records']:,} records on PostgreSQL, Redis, "
             f"gunicorn 2 workers, {CONNECTIONS} connections, {SECONDS:g} s per target; "
             f"client on the same machine ({os.cpu_count()} cores, load average "
             f"{r['load_average']} when it started: p99 says more about the machine's other "
             "work than about the server when that is above the core count).", "",
             f"Ceiling (bare Flask route, precomputed 357-area JSON): {c['rps']:,} req/s, "
             f"p99 {c['p99_ms']} ms.", "",
             f"| target | req/s | ratio (>= {TARGET_RATIO:.0%}) | p50 ms | p99 ms "
             f"(<= {TARGET_P99_MS:g}) | errors |", "|---|---|---|---|---|---|"]
    for name, s in r["targets"].items():
        lines.append(f"| {name} | {s['rps']:,} | {s['ratio']:.0%} | {s['p50_ms']} | "
                     f"{s['p99_ms']} | {s['errors']} |")
    cold = r["cold_start"]
    back = cold["recovered_after_s"]
    lines += ["", f"Cold start: a publish lands {cold['publish_at_s']:g} s into {COLD_SECONDS} s "
              f"of the mix; answers per second: {cold['per_second']}. Back at "
              f"{cold['target_rate']:,} req/s ({TARGET_RATIO:.0%} of the ceiling) "
              + (f"after {back} s" if back is not None else "not within the run")
              + f" (target {RECOVER_S} s); errors {cold['errors']}, p99 {cold['p99_ms']} ms.",
              "", "The publish is simulated by bumping the release's `published_at`: every "
              "page-cache and query-cache key names it, so the whole cache goes cold as "
              "after a real publish; the rows read are the same size.", ""]
    return "\n".join(lines)


def main(results_dir: Path) -> None:
    import redis

    url = store_url()
    redis.Redis.from_url(REDIS_URL).flushdb()
    WORK.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "FOTAVTRYKK_CACHE_URL": REDIS_URL,
           "FOTAVTRYKK_DATA_DIR": str(WORK / "data")}
    port = PORT or free_port()
    proc = gunicorn("bench.web:ceiling_app", port, env, WORK / "ceiling.log")
    try:
        base = measure(port, [Request("/areas")])
    finally:
        proc.terminate()
        proc.wait(30)
    results = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "records": ROWS, "ceiling": base, "targets": {},
               "load_average": round(os.getloadavg()[0], 1)}
    port = PORT + 1 if PORT else free_port()
    proc = gunicorn("dashboard.app:server", port, env, WORK / "dashboard.log")
    try:
        plan = targets(months_of_release(url))
        for name, reqs in plan.items():
            s = measure(port, reqs)
            s["ratio"] = round(s["rps"] / base["rps"], 3) if base["rps"] else 0.0
            results["targets"][name] = s
            print(f"{name}: {s['rps']} req/s ({s['ratio']:.0%} of {base['rps']}), "
                  f"p99 {s['p99_ms']} ms, errors {s['errors']}")
        mix = [r for reqs in plan.values() for r in reqs]
        results["cold_start"] = cold_start(port, url, mix, TARGET_RATIO * base["rps"])
        print(f"cold start: {results['cold_start']['per_second']}, recovered after "
              f"{results['cold_start']['recovered_after_s']} s")
    finally:
        proc.terminate()
        proc.wait(30)
    results["targets_met"] = all(
        s["ratio"] >= TARGET_RATIO and s["p99_ms"] <= TARGET_P99_MS and s["errors"] == 0
        for s in results["targets"].values()) and \
        results["cold_start"]["recovered_after_s"] is not None and \
        results["cold_start"]["recovered_after_s"] <= RECOVER_S
    (results_dir / "web.json").write_text(json.dumps(results, indent=2) + "\n")
    (results_dir / "web.md").write_text(report(results))
