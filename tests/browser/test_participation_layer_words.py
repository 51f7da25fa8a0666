"""Choosing participation on the front page changes more than the colours: the lead, the
table beside the map and the CSV link follow the layer, without a reload."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import charts_drawn, open_page, serious_violations

pytestmark = pytest.mark.browser


def test_the_words_table_and_csv_follow_the_chosen_layer(served, browser):
    open_page(browser, served + "/?lang=en")
    lead = browser.find_element(By.ID, "home-lead")
    assert "larger footprint" in lead.text
    browser.find_element(By.CSS_SELECTOR,
                         '[id*="participation"][id*="home-category"]').click()
    WebDriverWait(browser, 30).until(
        lambda d: "more take part" in d.find_element(By.ID, "home-lead").text)
    caption = browser.find_element(By.CSS_SELECTOR, "#home-table caption").text
    assert "by participation" in caption
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#home-table th")]
    assert "Respondents per 1,000 adults" in heads
    WebDriverWait(browser, 30).until(lambda d: "kategori=participation" in (
        d.find_element(By.ID, "home-csv").get_attribute("href") or ""))
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done);",
        browser.find_element(By.ID, "home-csv").get_attribute("href"))
    assert text.startswith("area_code,area_name,period,respondents_per_1000_adults")


@pytest.mark.parametrize("path", ["/?kategori=participation&lang=en",
                                  "/?kategori=participation&sort=high",
                                  "/embed/kart?kategori=participation&lang=en"])
def test_the_layer_has_no_serious_accessibility_violations(served, browser, axe_source, path):
    open_page(browser, served + path)
    charts_drawn(browser)
    violations = serious_violations(browser, axe_source)
    assert violations == []
