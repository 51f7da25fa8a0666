"""The soak's report: errors, latency per kind and worker memory growth (bench/soak.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from statistics import mean

from bench.dashboard import p95, summary

#: Worker memory may grow this much from the first minute to the last. A worker holds the
#: app and the boundaries (~200 MB) and keeps query results in Redis, not in itself, so after
#: warm-up it should stay flat; 50 MB is a quarter of that, room for allocator noise and
#: lazily built caches. Which leak per request it catches depends on the load: the report
#: says (about 17 KB per request at 3,000 requests per worker).
GROWTH_BOUND_MB = 50


def memory_growth(samples: list, seconds: float) -> dict:
    """Per worker: mean RSS over the first minute and over the last, and the difference."""
    per: dict[int, dict] = {}
    for pid in sorted({pid for _, pid, _ in samples}):
        mine = [(t, mb) for t, p, mb in samples if p == pid]
        first = [mb for t, mb in mine if t <= 60]
        last = [mb for t, mb in mine if t >= seconds - 60]
        per[pid] = {"first_min_mb": round(mean(first), 1), "last_min_mb": round(mean(last), 1),
                    "growth_mb": round(mean(last) - mean(first), 1),
                    "max_mb": round(max(mb for _, mb in mine), 1)}
    return per


def report(results: list, samples: list, seconds: float, rows: int, built: float,
           worker_pids: list[int], threads: int, pause_s: float) -> dict:
    """Results are (time, kind, path, status, expected, ms); samples (seconds, pid, MB)."""
    errors = [r for r in results if r[3] != r[4]]
    kinds = {}
    for kind in sorted({r[1] for r in results}):
        ms = [r[5] for r in results if r[1] == kind]
        kinds[kind] = {**summary(ms), "p99_ms": round(sorted(ms)[int(0.99 * (len(ms) - 1))], 1)}
    growth = memory_growth(samples, seconds)
    worst = max((w["growth_mb"] for w in growth.values()), default=0.0)
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "rows": rows,
        "store_build_s": round(built, 1), "minutes": round(seconds / 60, 2),
        "threads": threads, "pause_s": pause_s, "requests": len(results),
        "requests_per_s": round(len(results) / seconds, 1), "errors": len(errors),
        "error_samples": [{"kind": e[1], "path": e[2], "status": str(e[3])} for e in errors[:20]],
        "latency": kinds, "p95_all_ms": round(p95([r[5] for r in results]), 1),
        "workers": growth, "workers_replaced": sorted(set(growth) - set(worker_pids)),
        "growth_bound_mb": GROWTH_BOUND_MB, "worst_growth_mb": worst,
        "passed": not errors and worst <= GROWTH_BOUND_MB and set(growth) == set(worker_pids),
        "memory_samples": [[round(t), pid, round(mb, 1)] for t, pid, mb in samples],
    }


def markdown(r: dict) -> str:
    lines = [
        "# Soak: mixed browsing against PostgreSQL with Redis", "",
        f"{r['when']}: {r['minutes']} minutes, {r['rows']:,} demo records through the ETL "
        f"(store built in {r['store_build_s']} s), gunicorn with 2 workers (not recycled), "
        f"{r['threads']} browsing threads pausing {r['pause_s']} s between requests.", "",
        f"**{'PASSED' if r['passed'] else 'FAILED'}**: {r['requests']:,} requests "
        f"({r['requests_per_s']}/s), {r['errors']} errors; worst worker growth "
        f"{r['worst_growth_mb']} MB (bound {r['growth_bound_mb']} MB).", "",
        "| kind | requests | p50 ms | p95 ms | p99 ms | max ms |", "|---|---|---|---|---|---|",
    ]
    lines += [f"| {k} | {v['n']} | {v['p50_ms']} | {v['p95_ms']} | {v['p99_ms']} | {v['max_ms']} |"
              for k, v in r["latency"].items()]
    lines += ["", "| worker | first minute MB | last minute MB | growth MB | max MB |",
              "|---|---|---|---|---|"]
    lines += [f"| {pid} | {w['first_min_mb']} | {w['last_min_mb']} | {w['growth_mb']} | "
              f"{w['max_mb']} |" for pid, w in r["workers"].items()]
    lines += ["", f"Bound: {r['growth_bound_mb']} MB per worker from the first minute to the "
              "last. A worker holds the app and the boundaries (~200 MB) and keeps query "
              "results in Redis, not in itself, so after warm-up it should stay flat; the "
              "bound is a quarter of that, room for allocator noise and lazily built caches. "
              f"At this run's load (about {r['requests'] // 2:,} requests per worker) it "
              f"catches a leak of {r['growth_bound_mb'] * 1024 / max(1, r['requests'] // 2):.0f}"
              " KB per request or more."]
    if r["error_samples"]:
        lines += ["", "Errors (first 20):", ""]
        lines += [f"- {e['kind']} {e['path']}: {e['status']}" for e in r["error_samples"]]
    return "\n".join(lines) + "\n"


