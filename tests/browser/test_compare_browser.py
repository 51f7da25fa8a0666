"""The compare page in the browser on a phone (375 px) and a laptop (1366 px): the lines with
intervals and the country, the table beside the chart, its CSV, and no sideways scroll."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page, serious_violations

pytestmark = pytest.mark.browser

PATH = "/sammenlign?k=0301,4601,5001&kategori=food&lang=en"


@pytest.fixture(params=[375, 1366], ids=["phone", "laptop"])
def width(request, browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": request.param, "height": 800, "deviceScaleFactor": 1,
        "mobile": request.param < 600})
    yield request.param
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _scroll_through(browser) -> None:
    for y in range(0, 4000, 600):  # charts draw when they come into view
        browser.execute_script(f"window.scrollTo(0, {y})")


def test_compare_draws_lines_bands_and_the_country_beside_a_table(served, browser, width):
    open_page(browser, served + PATH)
    _scroll_through(browser)
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#c-lines .scatterlayer .trace"))
    names = browser.execute_script(
        "return document.querySelector('#c-lines .js-plotly-plot').data"
        ".filter(t => t.showlegend !== false).map(t => t.name)")
    assert names == ["Oslo", "Bergen", "Trondheim", "Norway"]
    bands = browser.execute_script(
        "return document.querySelector('#c-lines .js-plotly-plot').data"
        ".filter(t => t.fill === 'toself').length")
    assert bands == 3
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.ranking tbody tr")]
    assert [r.split()[0] for r in rows] == ["Oslo", "Bergen", "Trondheim", "Norway"]
    link = browser.find_element(By.CSS_SELECTOR, "a.download")
    assert "/data/sammenlign.csv?k=0301,4601,5001&kategori=food" in link.get_attribute("href")
    chart = browser.find_element(By.ID, "c-lines").rect
    table = browser.find_element(By.CSS_SELECTOR, "table.ranking").rect
    if width >= 900:  # beside the chart on a wide screen, below it on a phone
        assert table["x"] >= chart["x"] + chart["width"] - 1
    else:
        assert table["y"] >= chart["y"] + chart["height"] - 1
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"compare scrolls sideways ({scroll}px)"


def test_compare_names_what_it_left_out(served, browser, width):
    open_page(browser, served + "/sammenlign?k=0301,9999&lang=en")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "no municipality has that code: 9999" in text


def test_compare_has_no_serious_accessibility_violations(served, browser, axe_source, width):
    open_page(browser, served + PATH)
    _scroll_through(browser)
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#c-lines .main-svg"))
    violations = serious_violations(browser, axe_source)
    assert violations == []
