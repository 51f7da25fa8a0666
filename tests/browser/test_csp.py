"""The Content-Security-Policy as a browser applies it: pages run with no violation."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import open_page, start_chromium

pytestmark = pytest.mark.browser

#: Records every violation from before the page's first script (a CDP script is exempt).
LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation',"
          " function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });")


@pytest.mark.parametrize("path", ["/", "/embed/kart?kategori=food", "/kommune/5001-trondheim",
                                  "/no/such/page"])
def test_pages_render_without_csp_violations(served, browser, path):
    driver = start_chromium()  # a browser of its own: the listener must be there first
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
        open_page(driver, served + path)
        for y in range(0, 4000, 800):  # bring the lazily drawn charts and the map in
            driver.execute_script(f"window.scrollTo(0, {y})")
        if path != "/no/such/page":
            WebDriverWait(driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"))
        else:
            assert "Fant ikke siden" in driver.find_element(By.TAG_NAME, "main").text
        assert driver.execute_script("return window.__csp") == [], path
        # the guard: the policy is really applied (an inline script of our own is refused)
        driver.execute_script("var s = document.createElement('script');"
                              " s.textContent = 'window.__ran = 1'; document.body.append(s);")
        assert driver.execute_script("return window.__ran") is None
        assert driver.execute_script("return window.__csp")
    finally:
        driver.quit()
