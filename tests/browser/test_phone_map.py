"""The front page map on a 375 px phone and a 1366 px laptop: it fills its box, zooms within
bounds, a tap shows a value and a link instead of leaving the page, the table fits, and the
map's words follow the view in both languages."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page, serious_violations

pytestmark = pytest.mark.browser

KOMMUNER_2024 = 357


@pytest.fixture(params=[375, 1366], ids=lambda w: f"{w}px")
def sized(browser, request):
    """The browser with its viewport emulated at one width (a phone: a touch screen)."""
    width = request.param
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 2 if width < 500 else 1,
        "mobile": width < 500})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _phone(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})


def _drawn_map(browser, url: str, n: int = KOMMUNER_2024) -> None:
    open_page(browser, url)
    browser.execute_script("document.getElementById('home-map-slot').scrollIntoView()")
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(
        By.CSS_SELECTOR, "#home-map .choroplethlocation")) >= n)


def _scale(browser) -> float:
    return browser.execute_script("return document.querySelector('#home-map .js-plotly-plot')"
                                  "._fullLayout.geo.projection.scale")


def _drawn_scale(browser) -> float:
    """How many pixels a radian is drawn as: what a person sees grow when the map zooms."""
    return browser.execute_script("return document.querySelector('#home-map .js-plotly-plot')"
                                  "._fullLayout.geo._subplot.projection.scale()")


def _center(browser) -> float:
    return browser.execute_script("return document.querySelector('#home-map .js-plotly-plot')"
                                  "._fullLayout.geo.center.lon")


def test_the_map_leaves_no_blank_band_in_its_box(served, sized):
    _drawn_map(sized, served + "/")
    box, drawn = sized.execute_script(
        "const g = document.querySelector('#home-map .js-plotly-plot');"
        "return [g.getBoundingClientRect().height,"
        "        g.querySelector('.geo .bg, .geo').getBoundingClientRect().height];")
    assert box - drawn < 40, f"{box - drawn:.0f} px of the map box are blank"


def test_the_phone_map_zooms_in_and_back_within_bounds(served, browser):
    _phone(browser)
    try:
        _drawn_map(browser, served + "/")
        before, middle = _drawn_scale(browser), _center(browser)
        browser.find_element(By.CSS_SELECTOR, "[data-map-zoom=out]").click()
        assert _scale(browser) == 1  # never smaller than the whole map
        for _ in range(2):
            browser.find_element(By.CSS_SELECTOR, "[data-map-zoom=in]").click()
        WebDriverWait(browser, 5).until(lambda d: _scale(d) == 4)
        assert _drawn_scale(browser) == pytest.approx(4 * before, rel=0.01)
        geo = browser.find_element(By.CSS_SELECTOR, "#home-map .geo")
        ActionChains(browser).move_to_element(geo).click_and_hold().move_by_offset(80, 0) \
            .release().perform()
        assert _center(browser) < middle  # a zoomed map pans (dragged east: looking west)
        for _ in range(6):
            browser.find_element(By.CSS_SELECTOR, "[data-map-zoom=in]").click()
        assert _scale(browser) == 16  # the upper bound holds
        browser.find_element(By.CSS_SELECTOR, "[data-map-zoom=reset]").click()
        WebDriverWait(browser, 5).until(lambda d: _scale(d) == 1)
        assert _center(browser) == pytest.approx(middle)  # the whole map, wherever it was
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _largest_inside(browser) -> int:
    return browser.execute_script(
        "const map = document.querySelector('#home-map .geo').getBoundingClientRect();"
        "let best = -1, area = 0;"
        "document.querySelectorAll('#home-map .choroplethlocation').forEach((p, i) => {"
        "  const r = p.getBoundingClientRect(), a = r.width * r.height;"
        "  if (a > area && a < map.width * map.height / 4) { area = a; best = i; } });"
        "return best;")


def test_a_tap_shows_the_value_and_a_link_and_stays_on_the_map(served, sized):
    _drawn_map(sized, served + "/")
    index = _largest_inside(sized)
    assert index >= 0
    path = sized.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation")[index]
    ActionChains(sized).move_to_element(path).pause(0.3).click().perform()
    link = WebDriverWait(sized, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#home-pick a.pick-link"))[0]
    name = sized.find_element(By.CSS_SELECTOR, "#home-pick h3").text
    assert link.text.startswith(f"Åpne {name}")
    assert "/kommune/" in link.get_attribute("href")
    assert "/kommune/" not in sized.current_url  # nothing opened before the person asks
    outlined = sized.execute_script("return document.querySelector('#home-map .js-plotly-plot')"
                                    ".data[1].locations")
    assert len(outlined) == 1 and outlined[0] in link.get_attribute("href")
    sized.find_element(By.CSS_SELECTOR, "[data-map-zoom=in]").click()  # zooms to the area
    WebDriverWait(sized, 5).until(lambda d: _scale(d) == 2)
    assert sized.execute_script(
        "const g = document.querySelector('#home-map .js-plotly-plot');"
        "return Math.abs(g._fullLayout.geo.center.lon - g.layout.meta.pick.lon) < 1e-6")
    link.click()
    WebDriverWait(sized, 20).until(lambda d: "/kommune/" in d.current_url)


def test_the_table_fits_a_phone_without_a_clipped_column(served, browser):
    _phone(browser)
    try:
        open_page(browser, served + "/")
        inner, full = browser.execute_script(
            "const s = document.getElementById('home-table');"
            "return [s.clientWidth, s.scrollWidth];")
        assert full <= inner, f"the table is {full - inner} px wider than its box"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _words(browser) -> str:
    return browser.execute_script(
        "return [document.getElementById('home-map-title').textContent,"
        "        document.getElementById('home-map-alt').textContent,"
        "        document.getElementById('home-table').getAttribute('aria-label')].join(' | ')")


def _press(browser, group: str, value: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f'[id*="{value}"][id*="{group}"]').click()


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", ("Bydeler i Oslo", "transport", "januar 2025")),
    ("en", ("Districts in Oslo", "transport", "January 2025")),
])
def test_the_maps_words_follow_level_category_and_month(served, browser, lang, words):
    query = "?periode=2025-02" + ("&lang=en" if lang == "en" else "")
    open_page(browser, served + "/" + query)
    assert "2025" in _words(browser) and words[0] not in _words(browser)
    _press(browser, "home-level", "bydel")
    _press(browser, "home-category", "transport")
    thumb = browser.find_element(By.CSS_SELECTOR, "[data-slider-label] input[type=range]")
    thumb.send_keys("\ue012")  # one month back with the arrow key
    WebDriverWait(browser, 20).until(lambda d: all(w in _words(d) for w in words))
    text = _words(browser)
    for part in text.split(" | "):  # title, text alternative and table label alike
        assert "Oslo" in part and words[1] in part and words[2] in part, part
    assert ("beside" not in text) and ("ved siden av" not in text)
    if lang == "en":
        assert "Kart" not in text and "oktober" not in text


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_search_placeholder_is_not_cut_off_on_a_laptop(served, browser, lang):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1366, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        open_page(browser, served + "/metode" + ("?lang=en" if lang == "en" else ""))
        room, text = browser.execute_script(
            "const i = document.getElementById('search-q'), s = getComputedStyle(i);"
            "const c = document.createElement('canvas').getContext('2d'); c.font = s.font;"
            "return [i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),"
            "        c.measureText(i.placeholder).width];")
        assert text <= room, f"placeholder needs {text:.0f} px, has {room:.0f}"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_focus_ring_on_the_dark_header_stands_out_three_to_one(served, browser):
    open_page(browser, served + "/metode")
    ring, ground, style = browser.execute_script(
        "const a = document.querySelector('.site-nav a'); a.focus({focusVisible: true});"
        "const rgb = v => v.match(/[\\d.]+/g).map(Number);"
        "return [rgb(getComputedStyle(a).outlineColor),"
        "        rgb(getComputedStyle(document.querySelector('.site-header')).backgroundColor),"
        "        getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth];")
    assert style == "solid 3px"  # the focus ring is drawn (not the unfocused default)
    hi, lo = sorted([_luminance(ring), _luminance(ground)], reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 3


def test_the_drawn_map_with_a_tapped_area_has_no_serious_accessibility_violations(
        served, sized, axe_source):
    _drawn_map(sized, served + "/?lang=en")
    path = sized.find_elements(By.CSS_SELECTOR, "#home-map .choroplethlocation")[
        _largest_inside(sized)]
    ActionChains(sized).move_to_element(path).pause(0.3).click().perform()
    WebDriverWait(sized, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#home-pick a"))
    violations = serious_violations(sized, axe_source)
    assert violations == []
