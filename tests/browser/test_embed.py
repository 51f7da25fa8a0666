"""Embeds as a journalist uses them: the snippet copied from the builder, pasted into a plain
page on another site, shows the map and the trend whole, source included, at 320 and 1200 px."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import free_port, open_page, serious_violations

pytestmark = pytest.mark.browser

#: The views a journalist embeds: a map of a category and a municipality's trend.
VIEWS = ("/bygg-inn?kategori=transport", "/bygg-inn?vis=kommune/0301-oslo")
WIDTHS = (320, 1200)
#: What one embedded frame measures about itself once drawn (CSS px, frame coordinates).
MEASURE = """
var root = document.getElementById('react-entry-point');
var footer = document.querySelector('.embed-footer'), legend = document.querySelector('.legend');
var box = function (el) { return el ? el.getBoundingClientRect() : null; };
return {bottom: root.getBoundingClientRect().bottom, height: window.innerHeight,
        width: window.innerWidth, scroll: document.documentElement.scrollHeight,
        footer: box(footer) && [box(footer).top, box(footer).bottom],
        legend: box(legend) && box(legend).bottom,
        source: footer ? footer.innerText : ''};
"""
DRAWN = ("return !!document.querySelector('#_pages_content .embed-footer') && "
         "!!document.querySelector('.js-plotly-plot .main-svg') && "
         "!!document.querySelector('.chart-export')")


class Host:
    """A plain web page on another local port: what a newspaper's page is to an embed."""

    def __init__(self) -> None:
        self.body = b""
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(host.body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, *snippets: str) -> str:
        self.body = ("<!DOCTYPE html><html lang='nb'><head><meta charset='utf-8'>"
                     "<meta name='viewport' content='width=device-width, initial-scale=1'>"
                     "<title>Avisa</title><style>body{margin:0}"
                     # no scrollbar of the host's own: its frames get the window's width
                     "html{scrollbar-width:none}</style></head><body>"
                     "<h1>Avisa</h1>" + "<p>Brødtekst.</p>".join(snippets) +
                     "</body></html>").encode()
        return self.url


@pytest.fixture(scope="module")
def host() -> Iterator[Host]:
    server = Host()
    yield server
    server.server.shutdown()


def copied_snippet(driver, url: str, box: str = "embed-code") -> str:
    """The builder's snippet, after its copy button (used from the keyboard) says it copied."""
    open_page(driver, url)
    button = driver.find_element(By.CSS_SELECTOR, f"[data-copy='{box}']")
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(
        By.ID, f"{box}-status").text == "Kopiert")
    return driver.find_element(By.ID, box).get_attribute("value")


def frames_measured(driver) -> list[dict]:
    """Each frame of the host page once its chart is drawn, as it measures itself."""
    out = []
    for frame in driver.find_elements(By.TAG_NAME, "iframe"):
        driver.execute_script("arguments[0].scrollIntoView()", frame)
        driver.switch_to.frame(frame)
        try:
            WebDriverWait(driver, 60).until(lambda d: d.execute_script(DRAWN))
            out.append(driver.execute_script(MEASURE))
        finally:
            driver.switch_to.default_content()
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_copied_snippets_show_map_and_trend_whole_with_source(served, browser, host, width):
    snippets = [copied_snippet(browser, served + view) for view in VIEWS]
    assert all(s.startswith(f'<iframe src="{served}/embed/') for s in snippets)
    browser.set_window_size(width, 1000)
    browser.get(host.page(*snippets))
    measured = frames_measured(browser)
    assert len(measured) == 2
    for frame in measured:
        assert frame["width"] == width  # the frame takes the page's width
        assert "Kilde: Folkets Fotavtrykk" in frame["source"] and "CC BY 4.0" in frame["source"]
        assert "datautgave" in frame["source"]
        # nothing is cut off: the whole page, legend and source included, is in the frame
        assert frame["scroll"] <= frame["height"], frame
        assert frame["bottom"] <= frame["height"], frame
        assert 0 <= frame["footer"][0] < frame["footer"][1] <= frame["height"], frame
        if frame["legend"] is not None:
            assert frame["legend"] <= frame["height"]
    # the guard: these frames would be cut in the 600 px frame a host might guess
    assert max(f["bottom"] for f in measured) > 600
    assert measured[0]["legend"] is not None  # the map's legend was measured


def test_host_script_sizes_each_frame_to_its_content(served, browser, host):
    snippet = copied_snippet(browser, served + VIEWS[0])
    script = copied_snippet(browser, served + VIEWS[0], "embed-resize")
    assert script == f'<script src="{served}/assets/embed-resize.js" async></script>'
    browser.set_window_size(1200, 1000)
    browser.get(host.page(snippet + script))
    content = frames_measured(browser)[0]["bottom"]
    frame = browser.find_element(By.TAG_NAME, "iframe")
    WebDriverWait(browser, 20).until(
        lambda d: abs(frame.rect["height"] - content) <= 2)
    default = int(snippet.split('height="', 1)[1].split('"', 1)[0])
    assert default - content > 50  # the guard: the frame really changed from its default


BUILDERS = ("/bygg-inn?vis=kommune/0301", "/bygg-inn?lang=en",
            "/bygg-inn?vis=sammenlign&k=0301,4601")


@pytest.mark.parametrize("path", BUILDERS)
def test_builder_fits_a_375_px_phone(served, browser, path):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        open_page(browser, served + path)
        assert browser.execute_script("return window.innerWidth") == 375
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width}px)"
        assert browser.find_element(By.ID, "embed-code").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("path", (*BUILDERS, "/embed/sammenlign?k=0301,4601&lang=en"))
def test_builder_and_embeds_have_no_serious_accessibility_violations(served, browser,
                                                                     axe_source, path):
    open_page(browser, served + path)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return !document.querySelector('.js-plotly-plot') || "
        "!!document.querySelector('.chart-export')"))
    violations = serious_violations(browser, axe_source)
    assert violations == []


def test_builder_preview_can_be_seen_at_phone_width(served, browser):
    browser.set_window_size(1200, 900)
    open_page(browser, served + BUILDERS[0])
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.embed-preview")
    assert frame.rect["width"] > 600  # the guard: the page's width at first
    button = browser.find_element(By.CSS_SELECTOR, "[data-preview-width='320']")
    button.send_keys(Keys.SPACE)
    WebDriverWait(browser, 10).until(lambda d: frame.rect["width"] == 320)
    assert button.get_attribute("aria-pressed") == "true"
