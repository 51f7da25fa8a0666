"""The district map on a city's page is a frame made only when its box nears the screen: an
empty frame builds a document a phone pays for before the page's first paint."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser


def test_district_map_frame_is_made_when_scrolled_to(served, browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    try:
        open_page(browser, served + "/kommune/5001-trondheim")
        assert not browser.find_elements(By.CSS_SELECTOR, "iframe")
        browser.execute_script("document.querySelector('.district-map').scrollIntoView()")
        frame = WebDriverWait(browser, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".district-map iframe"))[0]
        assert "/embed/kart?nivaa=bydel&by=5001" in frame.get_attribute("src")
        assert frame.get_attribute("title").startswith("Kart over bydeler")
        assert frame.size["height"] > 600
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
