"""On a 375 px phone the method and search pages' list links are big enough to tap, and the
API page's highlighted code reads at AA contrast (what Lighthouse's accessibility audit found)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import open_page
from tests.browser.test_phone_map import _phone

pytestmark = pytest.mark.browser

AXE = ("const done = arguments[arguments.length - 1];"
       "axe.run(document, {runOnly: ['target-size', 'color-contrast']})"
       ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length + ' '"
       " + v.nodes.map(n => n.target.join(' ')).slice(0, 3))))")


@pytest.mark.parametrize("path", ["/metode", "/sok?q=Bergen", "/sok?q=her", "/api"])
def test_links_are_tappable_and_code_is_readable(served, browser, axe_source, path):
    _phone(browser)
    try:
        open_page(browser, served + path)
        if path == "/api":  # the code examples are there to be read
            assert browser.find_elements(By.CSS_SELECTOR, ".prose pre code")
        browser.execute_script(axe_source)
        assert browser.execute_async_script(AXE) == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
