"""Dashboard speed in the browser, for bench/dashboard.py: the app under gunicorn, the front
page's first load in headless Chromium and Lighthouse (mobile defaults), when installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.lighthouse_trace import blocking_cpu
from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, free_port, start_chromium

ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = ROOT / "build" / "node" / "node_modules" / ".bin"


def serve(data: Path, extra_env: dict | None = None):
    port = free_port()
    env = {**os.environ, "FOTAVTRYKK_DATA_DIR": str(data), **(extra_env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                             "--workers", "2", "dashboard.app:server"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("dashboard did not start")


def bench_first_load(url: str) -> dict | None:
    """Bytes the browser transfers to show the front page (compressed, cold browser cache)."""
    if not (CHROMIUM and CHROMEDRIVER):
        return None
    from selenium.webdriver.support.ui import WebDriverWait

    driver = start_chromium()
    try:
        out = {}
        for name, path in (("front_page", "/"), ("kommune_page", "/kommune/5001-trondheim")):
            started = time.perf_counter()
            driver.get(url + path)
            WebDriverWait(driver, 60).until(lambda d: d.execute_script(
                "return document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"))
            shown = (time.perf_counter() - started) * 1000
            time.sleep(1.5)
            entries = driver.execute_script(
                "return performance.getEntriesByType('navigation')"
                ".concat(performance.getEntriesByType('resource'))"
                ".map(e => [e.name, e.transferSize, e.decodedBodySize])")
            biggest = sorted(entries, key=lambda e: -e[1])[:4]
            out[name] = {"bytes_transferred": sum(e[1] for e in entries),
                         "bytes_decoded": sum(e[2] for e in entries),
                         "requests": len(entries), "chart_shown_ms": round(shown),
                         "largest": [[e[0].split("?")[0].rsplit("/", 1)[-1], e[1]]
                                     for e in biggest]}
            driver.get("about:blank")
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        return out
    finally:
        driver.quit()


LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
#: Pages whose performance is a target (issue: >= 90 on a phone, median of three runs).
PERFORMANCE_PAGES = (("front_page", "/"), ("kommune_page", "/kommune/5001-trondheim"))
#: One page of every other type, checked once each for accessibility (target 100).
ACCESSIBILITY_PAGES = (
    ("district_map", "/?nivaa=bydel&by=0301&lang=en"), ("compare", "/sammenlign?k=0301,4601"),
    ("method", "/metode"), ("search", "/sok?q=berg"), ("api", "/api"),
    ("embed_map", "/embed/kart"), ("embed_kommune", "/embed/kommune/4601?lang=en"),
    ("embed_builder", "/bygg-inn?vis=kart"), ("scenario", "/scenario/5001-trondheim"),
    ("county_page", "/fylke/50-trondelag?lang=en"), ("district_page", "/bydel/030105"),
    ("country_page", "/norge"))
# (Lighthouse does not audit a page answered with 404; axe in tests/browser checks those.)


def bench_lighthouse(url: str, results_dir: Path) -> dict | None:
    """Lighthouse with mobile defaults against Debian's Chromium, if installed (make bench).

    Scores vary from run to run (more so on a busy machine): each page runs several times
    and the run with the median performance score is reported, with all scores, the load
    average and Lighthouse's own CPU benchmark (lower on a busy or slow machine; its TBT is
    the observed script time times four, so a busy machine inflates it).
    """
    binary = NODE_BIN / "lighthouse"
    if not (binary.exists() and CHROMIUM):
        return None
    out = {}
    for name, path in PERFORMANCE_PAGES:
        runs = [r for r in (_lighthouse_once(binary, url + path, results_dir / f"lh-{name}.json")
                            for _ in range(LIGHTHOUSE_RUNS)) if "performance" in r]
        if not runs:
            out[name] = {"error": "lighthouse failed"}
            continue
        runs.sort(key=lambda r: r["performance"])
        out[name] = {**runs[len(runs) // 2],
                     "performance_runs": [r["performance"] for r in runs]}
    for name, path in ACCESSIBILITY_PAGES:
        run = _lighthouse_once(binary, url + path, results_dir / f"lh-{name}.json",
                               categories="accessibility")
        out[name] = {k: v for k, v in run.items() if k in (
            "accessibility", "failed_audits", "error", "load_average")}
    return out


def _lighthouse_once(binary: Path, url: str, report: Path,
                     categories: str = "performance,accessibility") -> dict:
    load = round(os.getloadavg()[0], 1)
    artifacts = report.with_suffix(".artifacts")
    proc = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
         f"-GA={artifacts}",
         f"--only-categories={categories}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
         "--disable-background-networking --disable-component-update --disable-sync "
         "--no-first-run"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
        timeout=300)
    if proc.returncode != 0 or not report.exists():
        shutil.rmtree(artifacts, ignore_errors=True)
        report.unlink(missing_ok=True)
        return {"error": proc.stderr[-400:]}
    data = json.loads(report.read_text())
    report.unlink()  # keep the summary, not the 500 KB report
    cpu = blocking_cpu(artifacts / "defaultPass.trace.json") if "performance" in categories \
        else {}
    shutil.rmtree(artifacts, ignore_errors=True)
    audits, scores = data["audits"], data["categories"]
    failed = sorted(key for key, audit in audits.items()
                    if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0)
    return {
        **{name: round(scores[name]["score"] * 100) for name in categories.split(",")},
        **{key: round(audits[key]["numericValue"]) for key in (
            "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
            "speed-index") if key in audits},
        "cumulative-layout-shift": round(
            audits.get("cumulative-layout-shift", {}).get("numericValue", 0), 3),
        **cpu, "failed_audits": failed, "load_average": load,
        "benchmark_index": round(data.get("environment", {}).get("benchmarkIndex", 0)),
    }
