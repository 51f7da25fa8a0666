"""Area pages in the browser at every level: a phone (375 px) and a laptop (1366 px), the
category and month carried from page to page and back to the map, the browser's Back and
Forward, a suppressed area's page, both languages and no serious accessibility faults."""

from __future__ import annotations

import csv
import io
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page, serious_violations

pytestmark = pytest.mark.browser

#: An area page at each level, a suppressed one, a homonym and both languages.
PAGES = ["/norge", "/fylke/50?lang=en", "/kommune/5001-trondheim?kategori=food",
         "/bydel/030105", "/bydel/460105?lang=en", "/kommune/1856-rost",
         "/kommune/3419?lang=en"]
WIDTHS = {"phone": 375, "laptop": 1366}


@pytest.fixture(params=list(WIDTHS))
def width(request, browser):
    """The page's viewport: a phone emulated (a headless window cannot be that narrow)."""
    px = WIDTHS[request.param]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": px, "height": 800, "deviceScaleFactor": 2 if px < 600 else 1,
        "mobile": px < 600})
    yield px
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize("path", PAGES)
def test_area_pages_fit_the_screen_without_serious_accessibility_faults(
        served, browser, axe_source, width, path):
    open_page(browser, served + path)
    assert browser.execute_script("return window.innerWidth") == width
    assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{path} scrolls sideways ({scroll}px)"
    violations = serious_violations(browser, axe_source)
    assert violations == []


def test_context_travels_to_the_area_and_back_and_history_moves_as_expected(
        served, browser, width):
    open_page(browser, served + "/fylke/50?kategori=food")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Trøndelag"
    browser.find_element(By.LINK_TEXT, "Trondheim").click()
    WebDriverWait(browser, 20).until(lambda d: "/kommune/5001" in d.current_url)
    open_page(browser, browser.current_url)
    assert query_of(browser.current_url).get("kategori") == "food"
    pressed = browser.find_element(By.CSS_SELECTOR, '[aria-pressed="true"][id*="k-category"]')
    assert pressed.text == "Mat"
    assert "<title>" not in browser.title and "Trondheim" in browser.title
    browser.find_element(By.PARTIAL_LINK_TEXT, "Tilbake til kartet").click()
    WebDriverWait(browser, 20).until(lambda d: urlsplit(d.current_url).path == "/")
    assert query_of(browser.current_url).get("kategori") == "food"
    browser.back()
    WebDriverWait(browser, 20).until(lambda d: "/kommune/5001" in d.current_url)
    browser.back()
    WebDriverWait(browser, 20).until(lambda d: "/fylke/50" in d.current_url)
    browser.forward()
    WebDriverWait(browser, 20).until(lambda d: "/kommune/5001" in d.current_url)
    open_page(browser, browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Trondheim"


def test_a_district_page_opens_from_its_city_and_says_where_it_is(served, browser, width):
    open_page(browser, served + "/kommune/0301-oslo?lang=en")
    browser.find_element(By.LINK_TEXT, "Frogner").click()
    WebDriverWait(browser, 20).until(lambda d: "/bydel/030105" in d.current_url)
    open_page(browser, browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Frogner"
    assert browser.title == "Frogner – carbon footprint per resident"
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Municipality: Oslo" in text and "Neighbouring districts" in text


def test_the_trend_table_opens_beside_the_chart(served, browser, width):
    open_page(browser, served + "/fylke/50")
    summary = browser.find_element(By.CSS_SELECTOR, ".trend-numbers summary")
    browser.execute_script("arguments[0].scrollIntoView()", summary)
    summary.click()
    table = browser.find_element(By.CSS_SELECTOR, ".trend-numbers table")
    assert table.is_displayed()
    assert "Trøndelag, totalt" in table.find_element(By.TAG_NAME, "caption").text
    food = browser.find_element(By.CSS_SELECTOR, '[id*="food"][id*="k-category"]')
    browser.execute_script("arguments[0].scrollIntoView()", food)
    food.click()
    # The table is drawn anew for the new category, so an earlier caption may go stale.
    WebDriverWait(browser, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "Trøndelag, mat" in d.find_element(By.CSS_SELECTOR,
                                                      ".trend-numbers caption").text)
    assert query_of(browser.current_url).get("kategori") == "food"


def test_a_suppressed_area_explains_itself_instead_of_empty_charts(served, browser, width):
    open_page(browser, served + "/kommune/1856-rost")
    main = browser.find_element(By.TAG_NAME, "main")
    assert "Ingen tall for Røst" in main.text and "Røst – t" not in main.text
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-lazy-graph='k-trend']")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Se tallene for")
    assert "/fylke/18" in link.get_attribute("href")


def test_a_category_chosen_on_the_page_keeps_the_month_and_travels_back(served, browser):
    # the release's first month, from the county's own series
    with urllib.request.urlopen(served + "/data/fylke/50.csv", timeout=10) as response:
        month = min(row["period"] for row in csv.DictReader(
            io.StringIO(response.read().decode())))
    open_page(browser, served + f"/fylke/50?periode={month}")
    food = browser.find_element(By.CSS_SELECTOR, '[id*="food"][id*="k-category"]')
    browser.execute_script("arguments[0].scrollIntoView()", food)
    food.click()
    WebDriverWait(browser, 20).until(lambda d: "kategori=food" in d.current_url)
    assert query_of(browser.current_url) == {"kategori": "food", "periode": month}
    WebDriverWait(browser, 20).until(lambda d: "kategori=food" in d.find_element(
        By.ID, "k-back").get_attribute("href"))
    back = query_of(browser.find_element(By.ID, "k-back").get_attribute("href"))
    # ... to the county map at that view, the county outlined
    assert back == {"nivaa": "fylke", "kategori": "food", "periode": month, "omraade": "50"}
