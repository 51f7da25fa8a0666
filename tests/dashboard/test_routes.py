"""Search redirects and CSV downloads."""

from __future__ import annotations

import csv
import io


def test_search_goes_straight_to_a_municipality_by_postcode(app):
    response = app.test_client().get("/finn?q=7030")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kommune/5001-trondheim")


def test_search_by_sami_name_keeps_the_language(app):
    response = app.test_client().get("/finn?q=guovdageaidnu&lang=en")
    assert response.headers["Location"].endswith("/kommune/5612-kautokeino?lang=en")


def test_unclear_search_lists_candidates(app):
    response = app.test_client().get("/finn?q=%3Cscript%3E")
    assert response.status_code == 302
    assert "/sok?q=%3Cscript%3E" in response.headers["Location"]


def test_csv_leaves_suppressed_values_empty_with_a_flag(app):
    response = app.test_client().get("/data/kommune/1874.csv")
    assert response.status_code == 200
    check_csv(response)


def test_map_csv_has_every_area_of_the_view(app):
    response = app.test_client().get("/data/kart.csv?kategori=food&periode=2026-05")
    rows = check_csv(response)
    assert len(rows) == 357 and {r["period"] for r in rows} == {"2026-05"}
    assert {r["category"] for r in rows} == {"food"}
    assert app.test_client().get("/data/kart.csv?nivaa=x&periode=junk").status_code == 200


def check_csv(response) -> list[dict]:
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and set(rows[0]) >= {"mean", "ci_low", "ci_high", "suppressed"}
    hidden = [r for r in rows if r["suppressed"] == "true"]
    shown = [r for r in rows if r["suppressed"] == "false"]
    assert all(r["mean"] == "" and r["respondents"] == "" for r in hidden)
    assert all(float(r["mean"]) > 0 for r in shown)
    assert not any(r["mean"].startswith("-") for r in rows)
    return rows


def test_csv_of_an_unknown_municipality_is_404(app):
    assert app.test_client().get("/data/kommune/9999.csv").status_code == 404


def test_pages_are_served_compressed(app):
    response = app.test_client().get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers.get("Content-Encoding") in {"br", "gzip"}


def test_document_language_and_loading_shell_follow_the_page(app):
    page = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Climate footprint per resident" in page
    page = app.test_client().get("/kommune/5001-x?lang=<b>").get_data(as_text=True)
    assert '<html lang="nb">' in page and "<h1>Trondheim</h1>" in page and "<b>" not in page


def test_static_files_are_cached_by_version(app):
    client = app.test_client()
    versioned = client.get("/assets/style.css?m=1")
    assert versioned.cache_control.max_age == 365 * 24 * 3600
    assert not versioned.cache_control.no_cache
    chunk = client.get("/_dash-component-suites/dash/dcc/async-graph.js")
    assert chunk.status_code == 200 and chunk.cache_control.max_age == 24 * 3600
    # pages may be kept minutes by a CDN (issue 10; dashboard/headers.py), never a year
    assert client.get("/").cache_control.max_age == 300
