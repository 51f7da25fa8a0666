"""Participation as a map layer on the front page: chosen beside the categories, drawn in
its own colours with its own legend and unit, kept in the URL."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.components.participation_map import COLORS
from tests.browser.conftest import open_page, serious_violations

pytestmark = pytest.mark.browser

KOMMUNER_2024 = 357


def _fills(driver) -> set[str]:
    return set(driver.execute_script(
        "return [...document.querySelectorAll('#home-map .choroplethlocation')]"
        ".map(p => getComputedStyle(p).fill)"))


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _mapped(driver) -> bool:
    return len(driver.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation")) \
        >= KOMMUNER_2024


def test_choosing_participation_recolours_the_map_with_its_own_legend(served, browser):
    open_page(browser, served + "/")
    WebDriverWait(browser, 30).until(_mapped)
    blues = {_rgb(c) for c in COLORS}
    assert not _fills(browser) & blues  # the footprint's own colours first
    browser.find_element(By.CSS_SELECTOR,
                         '[id*="participation"][id*="home-category"]').click()
    WebDriverWait(browser, 30).until(lambda d: "kategori=participation" in d.current_url)
    WebDriverWait(browser, 30).until(lambda d: _fills(d) & blues)
    legend = browser.find_element(By.ID, "home-legend").text
    assert "per 1 000 voksne" in legend
    assert "For få svar til å publisere" in legend
    # The shared address opens the same layer.
    open_page(browser, browser.current_url)
    WebDriverWait(browser, 30).until(_mapped)
    WebDriverWait(browser, 30).until(lambda d: _fills(d) & blues)
    pressed = browser.find_element(By.CSS_SELECTOR,
                                   '[id*="participation"][id*="home-category"]')
    assert pressed.get_attribute("aria-pressed") == "true"


def test_the_layer_speaks_english_too(served, browser):
    open_page(browser, served + "/?kategori=participation&lang=en")
    WebDriverWait(browser, 30).until(_mapped)
    assert "per 1,000 adults" in browser.find_element(By.ID, "home-legend").text


def test_the_layer_fits_a_phone_and_has_no_serious_accessibility_violations(
        served, browser, axe_source):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        open_page(browser, served + "/?kategori=participation")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 375
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    open_page(browser, served + "/?kategori=participation")
    violations = serious_violations(browser, axe_source)
    assert violations == []
