"""Chart pictures as a journalist downloads them for print: the PNG and SVG buttons under a
chart save files that carry the chart's title and its source, licence and release."""

from __future__ import annotations

import base64
import struct
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.i18n import t
from tests.browser.conftest import open_page, start_chromium

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
#: Dark pixels (sum of R, G and B below this) in the PNG's rows below the chart.
COUNT_INK = """
var done = arguments[arguments.length - 1], below = arguments[1], img = new Image();
img.onload = function () {
  var c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  var ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  var px = ctx.getImageData(0, below, img.width, img.height - below).data, ink = 0;
  for (var i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300) ink++;
  done(ink);
};
img.onerror = function () { done(-1); };
img.src = 'data:image/png;base64,' + arguments[0];
"""


def downloaded(folder: Path, suffix: str, timeout: float = 30) -> Path:
    """The file the browser saved into `folder` (once it is whole)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} in {folder}: {list(folder.iterdir())}")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def chromium(tmp_path):
    """A browser of its own that saves downloads into the test's folder."""
    driver = start_chromium("1000,900")
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(tmp_path)})
    yield driver
    driver.quit()


def test_png_and_svg_downloads_carry_title_source_licence_and_release(served, chromium,
                                                                      tmp_path):
    open_page(chromium, served + "/embed/kommune/0301")
    WebDriverWait(chromium, 60).until(lambda d: d.find_elements(
        By.CSS_SELECTOR, ".chart-export [data-export='svg']"))
    title = chromium.find_element(By.CSS_SELECTOR, "h1.embed-title").text
    release = chromium.find_element(By.CSS_SELECTOR, ".embed-footer").text.split("\n")[1]

    chromium.find_element(By.CSS_SELECTOR, ".chart-export [data-export='svg']").click()
    svg_file = downloaded(tmp_path, ".svg")
    root = ET.fromstring(svg_file.read_text(encoding="utf-8"))
    texts = {kind: " ".join(el.text for el in root.iter(f"{SVG}text")
                            if el.get("class") == f"export-{kind}")
             for kind in ("title", "source")}
    assert texts["title"] == title
    assert t("source", "nb") in texts["source"]  # source and licence, word for word
    assert "CC BY 4.0" in texts["source"] and release in texts["source"]
    assert served + "/embed/kommune/0301" in texts["source"]  # the way back
    chart = next(el for el in root if el.tag == f"{SVG}svg")  # plotly.js's own picture
    assert chart.find(f".//{SVG}path") is not None
    chart_bottom = float(chart.get("y")) + float(chart.get("height"))
    source_ys = [float(el.get("y")) for el in root.iter(f"{SVG}text")
                 if el.get("class") == "export-source"]
    assert min(source_ys) > chart_bottom  # a band of its own, never over the chart

    chromium.find_element(By.CSS_SELECTOR, ".chart-export [data-export='png']").click()
    png = downloaded(tmp_path, ".png").read_bytes()
    # the PNG is the same picture drawn at twice the size: title band, chart, source band
    assert png_size(png) == (2 * int(root.get("width")), 2 * int(root.get("height")))
    # only the source band is drawn below the chart: dark pixels there are its words
    ink = chromium.execute_async_script(COUNT_INK, base64.b64encode(png).decode(),
                                        int(2 * chart_bottom))
    assert ink > 500, ink
    # the guard: those rows are the band, not the chart's own margin (blank in any picture)
    assert png_size(png)[1] - 2 * chart_bottom >= 2 * 15 * len(source_ys)


def test_the_map_picture_carries_its_legend(served, chromium):
    open_page(chromium, served + "/embed/kart?kategori=food")
    WebDriverWait(chromium, 60).until(lambda d: d.execute_script(
        "return !!document.querySelector('.js-plotly-plot .main-svg')"))
    svg = chromium.execute_async_script(
        "var done = arguments[0], gd = document.querySelector('.js-plotly-plot');"
        "window.fotavtrykkExport.picture(gd, 'svg').then(function (r) { done(r.image.svg); });")
    root = ET.fromstring(svg)
    legend = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "export-legend"]
    shown = [li.text for li in chromium.find_elements(By.CSS_SELECTOR, ".legend li")]
    assert shown and legend[1:] == shown  # the legend's title, then each class as shown


def test_front_page_map_picture_names_the_category_chosen_after_loading(served, chromium):
    open_page(chromium, served + "/")
    chromium.execute_script("window.scrollTo(0, 600)")
    WebDriverWait(chromium, 60).until(lambda d: d.execute_script(
        "return !!document.querySelector('#home-map .main-svg')"))
    describe = ("return window.fotavtrykkExport.describe("
                "document.querySelector('#home-map .js-plotly-plot')).subtitle")
    assert "Transport" not in chromium.execute_script(describe)  # the guard: total at first
    chromium.find_element(By.XPATH, "//button[contains(@class, 'pill') and "
                                    "normalize-space(.)='Transport']").click()
    WebDriverWait(chromium, 20).until(lambda d: "Transport" in d.execute_script(describe))
    assert chromium.find_elements(By.CSS_SELECTOR, ".chart-export[data-export-for='home-map']")
