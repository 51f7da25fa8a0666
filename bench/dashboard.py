"""Dashboard speed against a national demo store (>= 1 M records): `python -m bench.run dashboard`.

Measures, and writes to bench/results/dashboard.json:
- map update after a period or category change, through Dash's HTTP endpoint (server time and
  bytes sent), against a naive rebuild of the whole choropleth figure per slider move;
- the municipality page's data and layout, cold and warm cache;
- the front page's first load in headless Chromium (bytes transferred, compressed);
- Lighthouse (mobile defaults) on the front page and a municipality page, and accessibility
  on one page of every other type, when installed;
- the map update again with the shared Redis cache, when Redis answers.
Targets: update <= 30 KB and <= 50 ms p95 (warm), municipality data <= 150 ms, first load
<= 1.5 MB, Lighthouse performance >= 90 (front page and a municipality page, median of three)
and accessibility 100 on every page type.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from core.contract import PUBLISHED_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_DASHBOARD_ROWS", "1000000"))
STORE_DIR = ROOT / "build" / "bench" / f"dashboard-store-{ROWS}"
KOMMUNER = ("0301", "4601", "5001", "1103", "3101", "1508", "5501", "1804", "3403", "4204",
            "1506", "5403", "3301", "3907", "4621", "1579", "3201", "1119", "5601", "4647")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(median(ms), 1), "p95_ms": round(p95(ms), 1),
            "max_ms": round(max(ms), 1)}


# ---------------------------------------------------------------- the store


def ensure_store() -> Path:
    """A national demo store built through the real ETL, reused between bench runs."""
    data = STORE_DIR / "data"
    env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    if not (STORE_DIR / ".published").exists():
        shutil.rmtree(STORE_DIR, ignore_errors=True)
        started = time.perf_counter()
        cli = [sys.executable, "-m", "etl.cli"]
        subprocess.run([*cli, "demo-data", "--rows", str(ROWS)], env=env, check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        subprocess.run([*cli, "etl", "run"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        (STORE_DIR / ".published").write_text(f"{time.perf_counter() - started:.1f}\n")
    return data


def point_at(data: Path) -> None:
    os.environ["FOTAVTRYKK_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)


# ---------------------------------------------------------------- map updates


def _callback_request(app, months: list[str], category: str, index: int, changed: str) -> dict:
    assert "home-map.figure" in app.callback_map  # the map's own callback, figure only
    return {
        "output": "home-map.figure", "outputs": {"id": "home-map", "property": "figure"},
        "changedPropIds": [changed],
        "inputs": [{"id": "home-level", "property": "data", "value": "kommune"},
                   {"id": "home-city", "property": "data", "value": "0301"},
                   {"id": "home-category", "property": "data", "value": category},
                   {"id": "home-period", "property": "value", "value": index}],
        "state": [{"id": "home-lang", "property": "data", "value": "nb"}],
    }


def bench_map_update(rounds: int = 3) -> dict:
    """Period and category changes through POST /_dash-update-component (warm cache)."""
    from dashboard import stats, store
    from dashboard.app import app, server

    client = server.test_client()
    client.get("/")  # Dash registers its callbacks on the first request
    rel = store.current_release()
    months = [f"{m:%Y-%m}" for m in stats.months_between(rel.first_period, rel.last_period)]
    categories = list(PUBLISHED_CATEGORIES)
    moves = [(c, i, "home-period.value") for c in categories[:2] for i in range(len(months))]
    moves += [(c, len(months) - 1, "home-category.data") for c in categories]

    def post(move) -> tuple[float, bytes]:
        body = _callback_request(app, months, *move)
        started = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return elapsed, response.get_data()

    cold = [post(m)[0] for m in moves[:: max(1, len(moves) // 10)]]  # first touches
    for move in moves:  # warm every key
        post(move)
    warm, sizes = [], []
    for _ in range(rounds):
        for move in moves:
            ms, payload = post(move)
            warm.append(ms)
            sizes.append(len(payload))
    sample = post(moves[5])[1]
    return {**summary(warm), "cold_first_touch": summary(cold),
            "bytes_max": max(sizes), "bytes_gzip": len(gzip.compress(sample)),
            "has_geometry": b"coordinates" in sample, "updates": len(warm)}


# ---------------------------------------------------------------- municipality page


def bench_kommune() -> dict:
    """The municipality page: its data (store queries, cold and warm cache) and the whole
    layout with figures, as the server builds it for a request."""
    from dashboard import geo, store
    from dashboard.cache import cache
    from dashboard.pages import kommune
    from dashboard.views import load
    rel = store.current_release()
    known = set(store.area_table(rel.run_id, "kommune")["code"])
    codes = [c for c in KOMMUNER if c in known]

    def data(code: str) -> None:
        load(rel, code)
        geo.neighbours(code)
        geo.peers(code)
        store.map_values(rel.run_id, "bydel", rel.last_period, "total")

    def timed(fn, code: str) -> float:
        started = time.perf_counter()
        fn(code)
        return (time.perf_counter() - started) * 1000

    out = {"kommuner": len(codes)}
    for name, fn in (("data", data), ("layout", lambda c: kommune.layout(code=c))):
        cold = []
        for code in codes:
            cache.clear()
            cold.append(timed(fn, code))
        warm = [timed(fn, code) for _ in range(3) for code in codes]
        out[name] = {"cold_cache": summary(cold), "warm_cache": summary(warm)}
    return out


def bench_redis() -> dict | None:
    """The map update again, with the shared Redis cache (FOTAVTRYKK_CACHE_URL or local)."""
    url = os.environ.get("FOTAVTRYKK_CACHE_URL") or "redis://127.0.0.1:6379/15"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no Redis here: skip this part
        return None
    from dashboard import cache as cache_module
    from dashboard.app import server

    server.extensions.get("cache", {}).clear()
    cache_module.cache.init_app(server, config=cache_module.config(url, 600))
    cache_module.cache.clear()
    result = bench_map_update(rounds=2)
    cache_module.cache.clear()
    return {"cache": "redis", **result}


def main(results_dir: Path) -> None:
    started = time.perf_counter()
    data = ensure_store()
    point_at(data)
    from dashboard.app import server

    with server.app_context():
        _measure(data, results_dir, started)


def _measure(data: Path, results_dir: Path, started: float) -> None:
    from dashboard import store

    rel = store.current_release()
    print(f"store: {ROWS:,} demo records, release {rel.run_id}, "
          f"{rel.first_period:%Y-%m}..{rel.last_period:%Y-%m}")
    results = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "records": ROWS, "store_build_s": float((STORE_DIR / ".published").read_text()),
               "targets": {"map_update_p95_ms": 50, "map_update_bytes": 30_000,
                           "kommune_data_ms": 150, "first_load_bytes": 1_500_000,
                           "lighthouse_performance": 90, "lighthouse_accessibility": 100}}
    results["map_update"] = bench_map_update()
    print(f"map update (Patch): p95 {results['map_update']['p95_ms']} ms, "
          f"{results['map_update']['bytes_max']:,} bytes")
    from bench.dashboard_naive import bench_naive

    results["naive_full_figure"] = bench_naive()
    print(f"naive full figure: p95 {results['naive_full_figure']['p95_ms']} ms, "
          f"{results['naive_full_figure']['bytes']:,} bytes")
    results["kommune_page"] = bench_kommune()
    page = results["kommune_page"]
    print(f"municipality page data: cold p95 {page['data']['cold_cache']['p95_ms']} ms, "
          f"warm p95 {page['data']['warm_cache']['p95_ms']} ms; whole layout: cold p95 "
          f"{page['layout']['cold_cache']['p95_ms']} ms, "
          f"warm p95 {page['layout']['warm_cache']['p95_ms']} ms")
    from bench.dashboard_browser import bench_first_load, bench_lighthouse, serve

    proc, url = serve(data)
    try:
        results["first_load"] = bench_first_load(url)
        if results["first_load"]:
            print(f"front page first load: "
                  f"{results['first_load']['front_page']['bytes_transferred']:,} bytes")
        results["lighthouse"] = bench_lighthouse(url, results_dir)
        print(f"lighthouse: {results['lighthouse']}")
    finally:
        proc.terminate()
        proc.wait(10)
    results["map_update_redis"] = bench_redis()
    if results["map_update_redis"]:
        print(f"map update with Redis: p95 {results['map_update_redis']['p95_ms']} ms")
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    (results_dir / "dashboard.json").write_text(json.dumps(results, indent=2, default=str) + "\n")


if __name__ == "__main__":
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    main(out)
