"""Open-data API speed against the national demo store (>= 1 M records):
`python -m bench.run api`.

Measures, and writes to bench/results/api.json and api.md:
- cached API answers (areas, series, latest, release, dictionary) timed at the server (the
  Flask app in process, warm cache): p50/p95 per endpoint; target p95 <= 20 ms;
- the bulk CSV and Parquet downloads from a server in its own process: time, bytes, rows and
  the server's resident memory sampled during the download (flat memory: its peak stays
  close to its size before the download however large the release).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.dashboard import ROOT, ROWS, ensure_store, point_at, summary

URLS = ("/api/v1/areas?level=kommune", "/api/v1/series?area=5001&category=total",
        "/api/v1/series?area=03&level=fylke", "/api/v1/latest?level=kommune&category=total",
        "/api/v1/latest.csv?level=fylke", "/api/v1/release", "/api/v1/dictionary")
REPEATS = 60
TARGET_P95_MS = 20
SERVE = """
import sys
from werkzeug.serving import make_server
from dashboard.app import server
httpd = make_server("127.0.0.1", 0, server, threaded=True)
print(httpd.server_port, flush=True)
httpd.serve_forever()
"""


def bench_cached() -> dict:
    from dashboard.app import server

    client = server.test_client()
    out = {}
    for url in URLS:
        assert client.get(url).status_code == 200, url  # warms the cache
        ms = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            client.get(url).get_data()
            ms.append((time.perf_counter() - started) * 1000)
        out[url] = summary(ms)
    return out


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def bench_bulk(kind: str) -> dict:
    """Download the whole release from a server process, sampling its memory meanwhile."""
    import requests

    proc = subprocess.Popen([sys.executable, "-c", SERVE], cwd=ROOT, env=os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(proc.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        requests.get(f"{base}/api/v1/release", timeout=60).raise_for_status()
        before = rss_kb(proc.pid)
        samples: list[tuple[int, int]] = []  # (bytes received, server RSS kB)
        started = time.perf_counter()
        size = lines = 0
        with requests.get(f"{base}/api/v1/bulk.{kind}", stream=True, timeout=600) as resp:
            resp.raise_for_status()
            for chunk in resp.iter_content(1 << 16):
                size += len(chunk)
                lines += chunk.count(b"\n")
                samples.append((size, rss_kb(proc.pid)))
        seconds = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {"seconds": round(seconds, 2), "bytes": size,
              "rss_before_mb": round(before / 1024, 1),
              "rss_peak_mb": round(max([r for _, r in samples] or [before]) / 1024, 1),
              # the server's memory a quarter, half, three quarters and all the way through:
              # flat memory means these do not climb with the bytes sent
              "rss_by_quarter_mb": [round(max([r for b, r in samples if b <= size * q / 4]
                                              or [before]) / 1024, 1) for q in (1, 2, 3, 4)],
              "rss_samples": len(samples)}
    if kind == "csv":
        result["rows"] = lines - 1
    return result


def release_rows() -> int:
    from sqlalchemy import func, select

    from core.store.schema import aggregates
    from dashboard import store

    rel = store.current_release()
    with store.engine().connect() as conn:
        return conn.execute(select(func.count()).where(aggregates.c.run_id == rel.run_id)
                            ).scalar_one()


def report(results: dict) -> str:
    lines = ["# API bench", "", f"Measured {results['measured_at']} on a store of "
             f"{results['records']:,} demo records ({results['release_rows']:,} published "
             "rows).", "", f"## Cached answers at the server (target p95 <= {TARGET_P95_MS} ms)",
             "", "| request | p50 ms | p95 ms | max ms |", "|---|---|---|---|"]
    lines += [f"| `{url}` | {s['p50_ms']} | {s['p95_ms']} | {s['max_ms']} |"
              for url, s in results["cached"].items()]
    lines += ["", "## Bulk download (server in its own process)", "",
              "| file | seconds | MB | server RSS before MB | peak after 1/4, 1/2, 3/4, all MB |",
              "|---|---|---|---|---|"]
    for kind in ("csv", "parquet"):
        b = results["bulk"][kind]
        lines.append(f"| {kind} | {b['seconds']} | {b['bytes'] / 1e6:.1f} | "
                     f"{b['rss_before_mb']} | {', '.join(map(str, b['rss_by_quarter_mb']))} |")
    lines += ["", results["ten_million"], ""]
    return "\n".join(lines)


def main(results_dir: Path) -> None:
    data = ensure_store()
    point_at(data)
    from dashboard.app import server

    with server.app_context():
        rows = release_rows()
        cached = bench_cached()
    results = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "records": ROWS, "release_rows": rows,
               "targets": {"cached_p95_ms": TARGET_P95_MS}, "cached": cached,
               "bulk": {kind: bench_bulk(kind) for kind in ("csv", "parquet")}}
    worst = max(s["p95_ms"] for s in cached.values())
    csv = results["bulk"]["csv"]
    scale = 10_000_000 / ROWS
    above_idle = csv["rss_peak_mb"] - csv["rss_before_mb"]
    results["ten_million"] = (
        f"Measured on a store of {ROWS:,} records: the whole release streamed in "
        f"{csv['seconds']:.0f} s with memory flat at one chunk (10,000 rows; peak "
        f"{above_idle:.1f} MB above idle)." if scale <= 1 else
        f"10 M records: the published rows grow with areas x months x categories rather than "
        f"with records, so at most {scale:.0f}x these rows; streaming that at the measured "
        f"{csv['rows'] / max(csv['seconds'], 1e-9):,.0f} rows/s would take at most "
        f"{csv['seconds'] * scale:.0f} s, and memory stays at one chunk (10,000 rows) as "
        f"measured here (peak {above_idle:.1f} MB above idle). Run with "
        f"BENCH_DASHBOARD_ROWS=10000000 to measure it.")
    print(f"cached API answers: worst p95 {worst} ms (target {TARGET_P95_MS})")
    for kind, b in results["bulk"].items():
        print(f"bulk {kind}: {b['seconds']} s, {b['bytes']:,} bytes, RSS {b['rss_before_mb']} "
              f"-> peak {b['rss_peak_mb']} MB")
    (results_dir / "api.json").write_text(json.dumps(results, indent=2) + "\n")
    (results_dir / "api.md").write_text(report(results))
