"""Every page in the browser: municipality page, search, phones (375 px) and accessibility."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import charts_drawn, open_page, serious_violations

pytestmark = pytest.mark.browser

PAGES = ["/", "/?nivaa=bydel&by=0301&lang=en", "/kommune/5001-trondheim",
         "/kommune/0301-oslo?lang=en", "/sammenlign?k=0301,4601,5001", "/metode",
         "/sok?q=berg", "/kommune/9999-nowhere", "/no/such/page", "/embed/kart?kategori=food",
         "/embed/kommune/4601?lang=en", "/api", "/bygg-inn?vis=kart"]


def test_municipality_page_shows_its_trend_and_release(served, browser):
    open_page(browser, served + "/kommune/5001-trondheim")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#k-trend .scatterlayer .trace"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Trondheim"
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "1,5-gradersbanen" in text and "Sist oppdatert" in text


def _search(browser, served, query: str) -> None:
    open_page(browser, served + "/metode")
    box = browser.find_element(By.ID, "search-q")
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: "/kommune/" in d.current_url)
    open_page(browser, browser.current_url)


def test_search_by_postcode_opens_the_municipality(served, browser):
    _search(browser, served, "7030")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Trondheim"


def test_search_by_sami_name_opens_the_municipality(served, browser):
    _search(browser, served, "Guovdageaidnu")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kautokeino"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_a_375_px_phone(served, browser, path):
    # Emulate the phone's viewport: a headless window cannot be made that narrow.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        open_page(browser, served + path)
        assert browser.execute_script("return window.innerWidth") == 375
        assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
        if not path.startswith("/embed/"):  # embeds have minimal chrome: no search
            assert browser.find_element(By.ID, "search-q").is_displayed()
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width}px)"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(served, browser, axe_source, path):
    open_page(browser, served + path)
    charts_drawn(browser)
    violations = serious_violations(browser, axe_source)
    assert violations == []


def test_pages_fetch_neither_dash_table_nor_the_legacy_polyfill(served, browser):
    for path in ("/", "/kommune/5001-trondheim"):
        open_page(browser, served + path)
        names = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert any("dash-renderer" in n for n in names)  # the app's scripts did load
        assert not [n for n in names if "dash_table" in n or "polyfill@" in n], path


def test_municipality_page_shows_its_numbers_before_any_script_runs(served, browser):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(served + "/kommune/5001-trondheim")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Trondheim"
        value = browser.find_element(By.CSS_SELECTOR, ".headline .card-value").text
        assert value.split()[0].replace(",", "").isdigit()
        assert browser.find_element(By.ID, "search-q").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_phone_trend_draws_when_scrolled_to_with_the_chosen_category(served, browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 640, "deviceScaleFactor": 2, "mobile": True})
    try:
        open_page(browser, served + "/kommune/5001-trondheim")
        assert not browser.find_elements(By.CSS_SELECTOR, "#k-trend .main-svg")
        browser.find_element(By.CSS_SELECTOR, '[id*="food"][id*="k-category"]').click()
        WebDriverWait(browser, 10).until(lambda d: "kategori=food" in d.current_url)
        browser.execute_script(
            "document.querySelector('[data-lazy-graph=\"k-trend\"]').scrollIntoView()")
        WebDriverWait(browser, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#k-trend .scatterlayer .trace"))
        top = browser.execute_script(  # food is about 2 t a year, the total about 12
            "return document.querySelector('#k-trend .js-plotly-plot')._fullLayout.yaxis.range[1]")
        assert top < 6
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_pages_raise_no_script_errors_when_scripts_come_from_the_cache(served, browser):
    # A second page in the same browser runs cached scripts sooner, which once let a chart
    # slot sent by the server come into view before Dash had taken over the page. A browser
    # of its own (the `browser` fixture only decides run or skip) records every error.
    from tests.browser.conftest import start_chromium

    driver = start_chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "window.__errors = []; window.addEventListener('error', function (e) {"
            " window.__errors.push(String(e.message)); });")})
        for path in ["/", "/kommune/5001-trondheim", "/", "/kommune/0301-oslo?lang=en"]:
            open_page(driver, served + path)
            for y in range(0, 4000, 800):
                driver.execute_script(f"window.scrollTo(0, {y})")
            WebDriverWait(driver, 5).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"))
            assert driver.execute_script("return window.__errors") == [], path
    finally:
        driver.quit()
