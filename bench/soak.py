"""A soak: minutes of mixed browsing against PostgreSQL with Redis, as the site is deployed.

`python -m bench.soak [--minutes 10] [--rows 200000]` (and `make bench`). Demo records go
through the real ETL into a fresh PostgreSQL schema; `fotavtrykk serve` (gunicorn, 2
workers) serves it with the shared cache in Redis; a few threads on this machine browse it
over loopback — front page views, many municipality pages, compare, CSV downloads, boundary
files, map-update callbacks, the method page and a few pages that do not exist — until the
time is up. Any 5xx, connection error or timeout is an error; 404 only where one is asked
for. Each worker's resident memory is read from /proc every 10 s.

The bar: zero errors, and no worker grows by more than `GROWTH_BOUND_MB` (soak_report.py)
from the first minute to the last. Workers are not recycled during the soak
(`--max-requests 0`), so a leak shows instead of being hidden by the restarts
`gunicorn_conf.py` schedules every ~1000 requests. Writes soak.md and soak.json to the
results folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from bench.dashboard import KOMMUNER
from bench.soak_report import markdown, report

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_SOAK_REDIS_URL", "redis://127.0.0.1:6379/13")
THREADS = 4
#: Each thread pauses this long between requests: a bounded load on a shared machine.
PAUSE_S = 0.05
REQUEST_TIMEOUT_S = 10
SAMPLE_EVERY_S = 10
#: No more requests than this, whatever the minutes.
MAX_REQUESTS = 200_000


def build_store(rows: int, work: Path) -> tuple[str, str]:
    """Demo records through the real ETL into a fresh schema; returns (url, schema)."""
    schema = f"soak_{uuid.uuid4().hex[:10]}"
    with create_engine(POSTGRES).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(work / "data"), "DATABASE_URL": url}
    cli = [sys.executable, "-m", "etl.cli"]
    try:
        for args in (["demo-data", "--rows", str(rows)], ["etl", "run"]):
            subprocess.run([*cli, *args], env=env, check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
    except BaseException:
        drop_schema(schema)  # interrupted or failed: leave no schema behind
        raise
    return url, schema


def drop_schema(schema: str) -> None:
    with create_engine(POSTGRES).begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, work: Path, port: int) -> subprocess.Popen:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # this bench's own database number only
    env = {**os.environ, "DATABASE_URL": url, "FOTAVTRYKK_CACHE_URL": REDIS_URL,
           "FOTAVTRYKK_DATA_DIR": str(work / "data"), "GUNICORN_CMD_ARGS": "--max-requests 0"}
    log = (work / "gunicorn.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "2"], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return proc
        except requests.RequestException:
            pass  # not listening yet, or the worker still building the app
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("gunicorn did not come up; see gunicorn.log")


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def callback_body(index: int, category: str, level: str) -> dict:
    """The map-update request a browser sends when the slider or a category moves."""
    return {"output": "home-map.figure", "outputs": {"id": "home-map", "property": "figure"},
            "changedPropIds": ["home-period.value"],
            "inputs": [{"id": "home-level", "property": "data", "value": level},
                       {"id": "home-city", "property": "data", "value": "0301"},
                       {"id": "home-category", "property": "data", "value": category},
                       {"id": "home-period", "property": "value", "value": index}],
            "state": [{"id": "home-lang", "property": "data", "value": "nb"}]}


def requests_mix(rng: random.Random, kommuner: list[str]):
    """Endless (kind, method, path, body, expected status) in a browsing mix."""
    cats = ["total", "housing", "transport", "food", "goods", "public"]
    fronts = ["/", "/?lang=en", "/?nivaa=fylke", "/?nivaa=bydel&by=0301", "/?kategori=food",
              "/?kategori=transport&periode=2025-06", "/?sort=high"]
    while True:
        code = rng.choice(kommuner)
        yield rng.choice([
            ("front", "GET", rng.choice(fronts), None, 200),
            ("kommune", "GET", f"/kommune/{code}", None, 200),
            ("kommune", "GET", f"/kommune/{code}?lang=en", None, 200),
            ("compare", "GET", "/sammenlign?k=" + ",".join(rng.sample(kommuner, 3)), None, 200),
            ("csv", "GET", f"/data/kommune/{code}.csv", None, 200),
            ("csv", "GET", f"/data/kart.csv?kategori={rng.choice(cats)}", None, 200),
            ("boundaries", "GET", f"/geo/{rng.choice(['kommune', 'fylke', 'bydel'])}.geojson",
             None, 200),
            ("callback", "POST", "/_dash-update-component",
             callback_body(rng.randrange(12), rng.choice(cats), rng.choice(["kommune", "fylke"])),
             200),
            ("callback", "POST", "/_dash-update-component",
             callback_body(rng.randrange(12), rng.choice(cats), "kommune"), 200),
            ("method", "GET", "/metode", None, 200),
            ("404", "GET", f"/finnes-ikke-{rng.randrange(1000)}", None, 404),
        ])


def browse(base: str, deadline: float, seed: int, kommuner: list[str], out: list,
           budget: threading.Semaphore) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    for kind, method, path, body, expected in requests_mix(rng, kommuner):
        if time.monotonic() >= deadline or not budget.acquire(blocking=False):
            return
        started = time.perf_counter()
        try:
            response = session.request(method, base + path, json=body,
                                       timeout=REQUEST_TIMEOUT_S)
            status, _ = response.status_code, response.content
        except requests.RequestException as exc:
            status = type(exc).__name__
        out.append((time.monotonic(), kind, path, status, expected,
                    (time.perf_counter() - started) * 1000))
        time.sleep(PAUSE_S)


def sample_memory(master: int, stop: threading.Event, start: float, out: list) -> None:
    while True:
        for pid in workers(master):
            if (mb := rss_mb(pid)) is not None:
                out.append((time.monotonic() - start, pid, mb))
        if stop.wait(SAMPLE_EVERY_S):
            return


def soak(minutes: float, rows: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = Path(tmp)
        built = time.perf_counter()
        url, schema = build_store(rows, work)
        built = time.perf_counter() - built
        port = free_port()
        proc = None
        try:
            proc = serve(url, work, port)
            base = f"http://127.0.0.1:{port}"
            kommuner = [c for c in _kommuner() if c]
            for path in ("/", f"/kommune/{KOMMUNER[0]}"):  # Dash registers callbacks on first use
                requests.get(base + path, timeout=REQUEST_TIMEOUT_S)
            start = time.monotonic()
            deadline = start + minutes * 60
            results: list = []
            samples: list = []
            stop = threading.Event()
            sampler = threading.Thread(target=sample_memory,
                                       args=(proc.pid, stop, start, samples))
            sampler.start()
            budget = threading.Semaphore(MAX_REQUESTS)
            threads = [threading.Thread(target=browse, args=(base, deadline, seed, kommuner,
                                                             results, budget))
                       for seed in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            stop.set()
            sampler.join()
            seconds = time.monotonic() - start
            worker_pids = workers(proc.pid)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
            drop_schema(schema)
    return report(results, samples, seconds, rows, built, worker_pids, THREADS, PAUSE_S)


def _kommuner() -> list[str]:
    from core.geography import load_areas

    frame = load_areas(ROOT / "geodata")
    return sorted(frame.loc[frame["level"] == "kommune", "code"])


def main(results_dir: Path, minutes: float | None = None, rows: int | None = None) -> None:
    minutes = minutes or float(os.environ.get("BENCH_SOAK_MINUTES", "10"))
    rows = rows or int(os.environ.get("BENCH_SOAK_ROWS", "200000"))
    result = soak(minutes, rows)
    (results_dir / "soak.json").write_text(json.dumps(result, indent=1) + "\n")
    (results_dir / "soak.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    main(args.out, args.minutes, args.rows)
