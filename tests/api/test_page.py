"""The API page shows working examples in both languages."""

from __future__ import annotations

import html

import pytest


@pytest.mark.parametrize(("lang", "title"), [("nb", "Åpne data og API"),
                                             ("en", "Open data and API")])
def test_api_page_has_examples_for_curl_pandas_and_r(client, lang, title):
    from dashboard.pages.api_page import layout

    with client.application.test_request_context("/api", base_url="http://data.test"):
        text = html.unescape(str(layout(lang=lang)))  # the texts arrive as escaped HTML
    assert title in text
    assert 'curl "http://data.test/api/v1/series' in text
    assert 'pd.read_csv("http://data.test/api/v1/bulk.csv"' in text
    assert "read.csv(" in text and "CC BY 4.0" in text and "{site}" not in text


def test_api_page_is_served(client):
    assert client.get("/api").status_code == 200
    assert client.get("/api?lang=en").status_code == 200
