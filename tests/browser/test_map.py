"""The front page as a person sees it: every municipality drawn, clickable, suppressed areas
marked, and the view kept in the URL across the language switch."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

KOMMUNER_2024 = 357
SUPPRESSED_FILL = "rgb(200, 200, 200)"


def _map_paths(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation")


def test_front_page_map_draws_all_357_municipalities(served, browser):
    open_page(browser, served + "/")
    WebDriverWait(browser, 30).until(lambda d: len(_map_paths(d)) >= KOMMUNER_2024)
    assert len(_map_paths(browser)) == KOMMUNER_2024
    # the table is the map's accessible alternative: all rows one button away
    browser.find_element(By.ID, "home-all").click()
    WebDriverWait(browser, 10).until(lambda d: len(
        d.find_elements(By.CSS_SELECTOR, "#home-table tbody tr")) == KOMMUNER_2024)


def test_suppressed_areas_are_grey_and_explained_never_zero(served, browser):
    open_page(browser, served + "/")
    WebDriverWait(browser, 30).until(lambda d: len(_map_paths(d)) >= KOMMUNER_2024)
    fills = browser.execute_script(
        "return [...document.querySelectorAll('#home-map .choroplethlocation')]"
        ".map(p => getComputedStyle(p).fill)")
    assert SUPPRESSED_FILL in fills
    browser.find_element(By.CSS_SELECTOR, '[id*="high"][id*="home-sort"]').click()
    WebDriverWait(browser, 10).until(lambda d: "sort=high" in d.current_url)
    browser.find_element(By.ID, "home-all").click()
    WebDriverWait(browser, 10).until(lambda d: len(
        d.find_elements(By.CSS_SELECTOR, "#home-table tbody tr")) == KOMMUNER_2024)
    table = browser.find_element(By.ID, "home-table").text
    assert "for få svar" in table
    legend = browser.find_element(By.ID, "home-legend").text
    assert "For få svar til å publisere" in legend


def test_clicking_a_municipality_then_its_link_opens_its_page(served, browser):
    open_page(browser, served + "/")
    WebDriverWait(browser, 30).until(lambda d: len(_map_paths(d)) >= KOMMUNER_2024)
    # The largest municipality on screen whose outline stays inside the map (a polygon
    # with the wrong winding would cover the globe and fail here, as it should).
    index = browser.execute_script(
        "const map = document.querySelector('#home-map .geo').getBoundingClientRect();"
        "let best = -1, area = 0;"
        "document.querySelectorAll('#home-map .choroplethlocation').forEach((p, i) => {"
        "  const r = p.getBoundingClientRect(), a = r.width * r.height;"
        "  if (a > area && a < map.width * map.height / 4) { area = a; best = i; } });"
        "return best;")
    assert index >= 0, "no municipality outline fits inside the map"
    ActionChains(browser).move_to_element(_map_paths(browser)[index]).pause(0.3).click().perform()
    # the click shows the value first; its link opens the page
    link = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#home-pick a.pick-link"))[0]
    name = browser.find_element(By.CSS_SELECTOR, "#home-pick h3").text
    link.click()
    WebDriverWait(browser, 20).until(lambda d: "/kommune/" in d.current_url)
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == name)
    # its trend, or (the largest areas are often thinly answered) why there is none
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#k-trend .scatterlayer .trace")
        or f"Ingen tall for {name}" in d.find_element(By.TAG_NAME, "main").text)


def test_language_switch_keeps_the_view(served, browser):
    open_page(browser, served + "/?nivaa=fylke&kategori=mat")
    browser.find_element(By.CSS_SELECTOR, '[id*="transport"][id*="home-category"]').click()
    WebDriverWait(browser, 10).until(lambda d: "kategori=transport" in d.current_url)
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, 20).until(lambda d: "lang=en" in d.current_url)
    open_page(browser, browser.current_url)
    query = parse_qs(urlparse(browser.current_url).query)
    assert query["nivaa"] == ["fylke"] and query["kategori"] == ["transport"]
    assert browser.find_element(By.TAG_NAME, "h1").text == "Climate footprint per resident"
    pressed = browser.find_elements(By.CSS_SELECTOR, 'button.pill[aria-pressed="true"]')
    assert {"✓ Counties", "✓ Transport"} <= {b.text for b in pressed} | {
        "✓ " + b.text for b in pressed}
    assert "Norway" in browser.find_element(By.ID, "home-cards").text


def test_changing_the_month_updates_the_map_without_reloading(served, browser):
    open_page(browser, served + "/")
    WebDriverWait(browser, 30).until(lambda d: len(_map_paths(d)) >= KOMMUNER_2024)
    browser.execute_script("window.__same_page = true")
    label = browser.find_element(By.ID, "home-period-label").text
    thumb = browser.find_element(By.CSS_SELECTOR, "[data-slider-label] input[type=range]")
    assert thumb.get_attribute("aria-label")  # named for a screen reader
    thumb.send_keys("\ue012")  # arrow left: one month back
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "home-period-label").text != label)
    WebDriverWait(browser, 10).until(lambda d: "periode=" in d.current_url)
    assert browser.execute_script("return window.__same_page === true")
    assert len(_map_paths(browser)) == KOMMUNER_2024


def test_play_moves_through_the_months_and_pause_stops(served, browser):
    open_page(browser, served + "/?periode=2025-01")
    play = browser.find_element(By.ID, "home-play")
    label = browser.find_element(By.ID, "home-period-label").text
    play.click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(
        By.ID, "home-period-label").text != label)
    assert play.get_attribute("aria-pressed") == "true"
    play.click()
    WebDriverWait(browser, 5).until(lambda d: play.get_attribute("aria-pressed") == "false")
    assert "periode=" in browser.find_element(By.ID, "home-csv").get_attribute("href")
