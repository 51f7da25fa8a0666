"""Security and caching headers, unknown addresses, robots.txt and the favicon."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

#: The inline scripts of a page, found independently of the app's own parser.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>",
                    re.S)


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("path", ["/", "/kommune/5001-trondheim", "/metode?lang=en"])
def test_pages_refuse_framing_sniffing_and_foreign_scripts(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == "'none'" and csp["default-src"] == "'self'"
    scripts = INLINE.findall(response.get_data(as_text=True))
    assert len(scripts) >= 2  # the loader and Dash's renderer at least
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]


def test_pages_may_be_kept_by_a_cdn_for_minutes(app):
    cache_control = app.test_client().get("/").headers["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control


def test_embeds_may_be_framed_anywhere(app):
    for path in ("/embed/kart?kategori=food", "/embed/kommune/4601"):
        response = app.test_client().get(path)
        assert response.status_code == 200
        assert _csp(response)["frame-ancestors"] == "*"
        assert "X-Frame-Options" not in response.headers


def test_data_responses_carry_the_headers_too(app):
    for path in ("/data/kommune/5001.csv", "/geo/fylke.geojson", "/robots.txt"):
        response = app.test_client().get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "Content-Security-Policy" in response.headers, path


def test_a_store_error_is_never_kept_by_a_cache(app, monkeypatch):
    # nothing listens on port 9 (discard): the store is refused at once
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/test")
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/finnes-ikke", "/kommune", "/embed/ukjent", "/404",
                                  "/metode/ekstra/sti"])
def test_unknown_addresses_are_404_with_the_friendly_page(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "max-age=60" in response.headers["Cache-Control"]
    # the app itself, whose router draws the not-found page (tests/browser checks it drawn)
    assert 'id="_dash-config"' in response.get_data(as_text=True)


def test_known_addresses_with_a_trailing_slash_are_pages(app):
    assert app.test_client().get("/metode/").status_code == 200


def test_robots_txt_allows_pages_but_not_dash_internals(app):
    response = app.test_client().get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Disallow: /_dash-" in lines


def test_favicon_is_served(app):
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # an ICO file
