"""Browser fixtures: the dashboard served on a free local port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


def free_port() -> int:
    """A free local TCP port (for the server under test; also used by the bench)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def served(demo_store) -> Iterator[str]:
    """The dashboard under gunicorn against the demo store; yields its base URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": demo_store.db_url,
           "FOTAVTRYKK_DATA_DIR": str(demo_store.data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "dashboard.app:server"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError(proc.stderr.read().decode())
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through chromedriver; skipped (not passed) where it is missing."""
    if not (CHROMIUM and CHROMEDRIVER):
        if REQUIRE_SERVICES:
            pytest.fail("chromium and chromedriver are required in CI")
        pytest.skip("Debian chromium and chromium-driver are not installed")
    driver = start_chromium()
    yield driver
    driver.quit()


def start_chromium(window: str = "1280,900"):
    """Debian's Chromium, headless, making no requests of its own (also used by the bench)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--window-size={window}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


AXE = Path(__file__).resolve().parents[2] / "build" / "node" / "node_modules" / "axe-core" / \
    "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, installed by `make install` into build/node (never committed)."""
    if not AXE.exists():
        if REQUIRE_SERVICES:
            pytest.fail(f"axe-core missing at {AXE}: run `make install`")
        pytest.skip("axe-core not installed (make install puts it in build/node)")
    return AXE.read_text(encoding="utf-8")


def open_page(driver, url: str, timeout: float = 30) -> None:
    """Load a page and wait until Dash has rendered its main content (not the copy the
    server sends rendered, which shows before the app runs)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "return !!document.querySelector('#_pages_content main#content') && "
            "!document.querySelector('[data-dash-is-loading=\"true\"]')"))


def charts_drawn(driver, timeout: float = 10) -> None:
    """Wait until the page's first chart (if any) is drawn, so axe checks what a reader sees."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "return !document.querySelector('.js-plotly-plot') || "
        "!!document.querySelector('.js-plotly-plot .main-svg')"))


def serious_violations(driver, axe_source: str) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page shown, as
    'rule: first targets' (an empty list when it passes)."""
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => done(r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3))))")
