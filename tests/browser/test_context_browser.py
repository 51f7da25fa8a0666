"""On a 375 px phone: the view a resident taps an area in (category and an earlier month)
travels to its page, and "back to the map" returns to that view with the area outlined."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page
from tests.browser.test_phone_map import _drawn_map, _largest_inside, _phone, _press

pytestmark = pytest.mark.browser


def _query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def _outlined(browser) -> list:
    return browser.execute_script("const g = document.querySelector('#home-map .js-plotly-plot');"
                                  "return g ? g.data[1].locations : null") or []


def test_context_travels_to_the_area_page_and_back_to_the_map(served, browser):
    _phone(browser)
    try:
        open_page(browser, served + "/")
        _press(browser, "home-category", "transport")
        label = browser.find_element(By.ID, "home-period-label").text
        browser.find_element(By.CSS_SELECTOR, "[data-slider-label] input[type=range]") \
            .send_keys(Keys.HOME)  # the first month
        WebDriverWait(browser, 20).until(
            lambda d: d.find_element(By.ID, "home-period-label").text != label
            and "periode=" in d.current_url and "kategori=transport" in d.current_url)
        month = _query(browser.current_url)["periode"][0]
        _drawn_map(browser, browser.current_url)
        path = browser.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation")[
            _largest_inside(browser)]
        ActionChains(browser).move_to_element(path).pause(0.3).click().perform()
        link = WebDriverWait(browser, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#home-pick a.pick-link"))[0]
        assert _query(link.get_attribute("href")) == {"kategori": ["transport"],
                                                      "periode": [month]}
        code = _outlined(browser)[0]
        link.click()
        WebDriverWait(browser, 20).until(lambda d: f"/{code}" in urlsplit(d.current_url).path)
        open_page(browser, browser.current_url)
        assert _query(browser.current_url) == {"kategori": ["transport"], "periode": [month]}
        # the trend's category control, where the area has numbers to draw (a thin area
        # explains itself instead), stands on transport
        pressed = [b.get_attribute("id") for b in browser.find_elements(
            By.CSS_SELECTOR, '.area .pills [aria-pressed="true"]')]
        assert not pressed or any("transport" in p for p in pressed), pressed
        back = browser.find_element(By.ID, "k-back").get_attribute("href")
        assert _query(back) == {"kategori": ["transport"], "periode": [month],
                                "omraade": [code]}
        _drawn_map(browser, back)
        assert _outlined(browser) == [code]
        assert browser.find_element(By.CSS_SELECTOR, "#home-pick a.pick-link")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
