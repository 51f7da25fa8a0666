"""The planner's way as a new user would take it: from the municipality page, past its
participation line and stayers' chart, through the change-needed panel's link to the
scenario page, a preset applied into the URL, and the path downloaded as CSV; on a phone
and a laptop."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.presets import PRESETS
from tests.browser.conftest import open_page
from tests.browser.test_scenario_browser import WIDTHS, _emulate

pytestmark = pytest.mark.browser


def _tap(browser, element) -> None:
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


@pytest.mark.parametrize("width", WIDTHS)
def test_from_the_municipality_page_to_a_shared_scenario_and_its_csv(served, browser, width):
    _emulate(browser, width)
    try:
        open_page(browser, served + "/kommune/5001-trondheim?lang=en")
        line = browser.find_element(By.CSS_SELECTOR, ".panel.participation .lead-line")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", line)
        assert line.is_displayed() and "per 1,000 adults" in browser.page_source
        assert "Trondheim" in line.text and "1,000 adults" in line.text
        # the stayers' change month by month (Trondheim has published months in the demo)
        slot = browser.find_element(By.ID, "part-stayers-slot")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", slot)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, "#part-stayers-slot .main-svg"))
        link = browser.find_element(By.CSS_SELECTOR, "a[href^='/scenario/5001']")
        _tap(browser, link)
        WebDriverWait(browser, 20).until(lambda d: "/scenario/5001" in d.current_url)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "sc-outcome"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Scenario for Trondheim"
        width_now = browser.execute_script("return document.documentElement.scrollWidth")
        assert width_now <= width, f"scrolls sideways at {width}px ({width_now}px)"
        preset = next(p for p in PRESETS if p.key != "electric_cars")
        _tap(browser, browser.find_element(By.CSS_SELECTOR,
                                           f"a[data-preset='{preset.key}']"))
        WebDriverWait(browser, 20).until(lambda d: f"{preset.category}=" in d.current_url)
        assert "lang=en" in browser.current_url
        # the preset is a link: the page it opens carries the change in its CSV link too
        wanted = f"{preset.category}={preset.change}"
        WebDriverWait(browser, 20).until(lambda d: any(
            wanted in (a.get_attribute("href") or "")
            for a in d.find_elements(By.ID, "sc-csv")))
        csv_href = browser.find_element(By.ID, "sc-csv").get_attribute("href")
        text = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then(r => r.text()).then(done);", csv_href)
        header, *rows = text.strip().splitlines()
        assert header.startswith("area_code,area_name,date,scenario_t")
        assert rows and all(r.startswith("5001,") for r in rows)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
