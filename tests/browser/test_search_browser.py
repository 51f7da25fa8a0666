"""Search as a resident types it, on a 375 px phone and a 1366 px laptop: numbers that are
also postcodes, former numbers, homonyms, districts, in both languages."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

WIDTHS = [375, 1366]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(browser, request):
    """The browser with its viewport emulated at one width (a phone: a touch screen)."""
    width = request.param
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 2 if width < 500 else 1,
        "mobile": width < 500})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def typed(browser, served: str, query: str, lang: str = "nb") -> str:
    """Type `query` into the header's search box and press Enter; the page it lands on, as
    its visible text once Dash has drawn it."""
    open_page(browser, served + ("/metode?lang=en" if lang == "en" else "/metode"))
    before = browser.current_url
    box = browser.find_element(By.ID, "search-q")
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: d.current_url != before)
    open_page(browser, browser.current_url)
    return browser.find_element(By.TAG_NAME, "main").text


def links(browser) -> list[str]:
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "main li.hit a")]


def test_a_number_that_is_also_a_postcode_offers_both(served, sized):
    text = typed(sized, served, "3201")
    assert "/sok" in sized.current_url
    assert {"Bærum", "Sandefjord"} <= set(links(sized))
    assert "Kommunenummer 3201" in text and "Postnummer 3201" in text


def test_a_former_number_lands_on_todays_municipality_with_a_note(served, sized):
    # 1601 (Trondheim before 2018) is older than the pack's code history, which starts in
    # 2018; 3024 (Bærum 2020-2023) is the same case within it.
    text = typed(sized, served, "3024")
    assert "/kommune/3201" in sized.current_url
    assert sized.find_element(By.TAG_NAME, "h1").text == "Bærum"
    assert "3024 er Bærums nummer før 2024" in text


def test_homonyms_are_listed_with_their_county(served, sized):
    typed(sized, served, "Herøy")
    assert {"Herøy (Nordland)", "Herøy (Møre og Romsdal)"} <= set(links(sized))


def test_a_district_name_opens_its_city_on_the_district_map(served, sized):
    typed(sized, served, "Frogner")
    assert "nivaa=bydel" in sized.current_url and "by=0301" in sized.current_url


def test_a_postcode_goes_straight_to_its_municipality(served, sized):
    typed(sized, served, "7030")
    assert sized.find_element(By.TAG_NAME, "h1").text == "Trondheim"


def test_search_asks_in_english_too(served, sized):
    text = typed(sized, served, "3201", lang="en")
    assert "lang=en" in sized.current_url
    assert "Municipality number 3201" in text and "Postcode 3201" in text
    width = sized.execute_script("return document.documentElement.scrollWidth")
    assert width <= sized.execute_script("return window.innerWidth")
