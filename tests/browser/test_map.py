"""The front page as a person sees it: the national map with every municipality drawn."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

KOMMUNER_2024 = 357


def _map_paths(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation"))


def test_front_page_map_draws_all_357_municipalities(served, browser):
    browser.get(served + "/")
    WebDriverWait(browser, 30).until(lambda d: _map_paths(d) >= KOMMUNER_2024)
    assert _map_paths(browser) == KOMMUNER_2024


def test_municipality_page_shows_its_trend(served, browser):
    browser.get(served + "/kommune/5001-trondheim")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .scatterlayer .trace"))
    assert "Trondheim" in browser.find_element(By.TAG_NAME, "h1").text
