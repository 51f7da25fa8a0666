"""Plain Flask routes beside the Dash pages: search redirects, CSV downloads, boundaries,
vendored bundles, robots.txt and the favicon."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

import pandas as pd
from flask import Flask, Response, redirect, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard import downloads, geo, scenario_redirect, search, stats, store
from dashboard.areas import area_path, level_path, pack, parse_area_path
from dashboard.components.map import layer_data, map_data
from dashboard.components.participation_map import PARTICIPATION
from dashboard.i18n import lang_of
from dashboard.layout import href
from dashboard.participation_csv import participation_csv
from dashboard.places import hit_href, places
from dashboard.state import parse

ASSETS = Path(__file__).resolve().parent.parent / "assets"
#: Crawlers may read every page; Dash's callbacks and internals are no pages.
ROBOTS = "User-agent: *\nDisallow: /_dash-\nAllow: /\n"
NODE_MODULES = Path(__file__).resolve().parent.parent / "build" / "node" / "node_modules"
#: plotly.js partial bundles (each about 1/4 of the full one): geo traces for the map pages,
#: scatter and bar for the others.
VENDOR = {
    "plotly-geo.min.js": NODE_MODULES / "plotly.js-geo-dist-min" / "plotly-geo.min.js",
    "plotly-basic.min.js": NODE_MODULES / "plotly.js-basic-dist-min" / "plotly-basic.min.js",
    # Dash's components need only the regenerator runtime out of the babel polyfill bundle
    # it ships for old browsers; the rest costs a phone about a second of script time.
    "regenerator-runtime.js": NODE_MODULES / "regenerator-runtime" / "runtime.js",
}

CSV_COLUMNS = ("area_code", "area_name", "period", "category", "mean", "ci_low", "ci_high",
               "respondents", "count_band", "reliable", "suppressed")


def find() -> Response:
    """Search form target: straight to the place when there is no doubt (a district to its
    city's district map), else the list that asks."""
    query = request.args.get("q", "")[: search.MAX_QUERY]
    lang = lang_of(request.args.get("lang"))
    try:
        rel = store.current_release()
        found = places(rel).find(query) if rel else None
    except SQLAlchemyError:
        found = None
    hit = search.unambiguous(found) if found else None
    if hit is not None:
        return redirect(hit_href(hit, lang), code=302)
    return redirect(href("/sok", lang, q=query), code=302)


def _cell(value, hidden: bool):
    if hidden or pd.isna(value):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value


def series_csv(rows: pd.DataFrame, names: dict[str, str]) -> str:
    """CSV of published values: suppressed ones left empty with suppressed=true, never a
    sentinel number; `names` maps area codes to names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows.itertuples():
        hidden = bool(row.suppressed) or pd.isna(row.mean)
        respondents = None if pd.isna(row.respondents) else int(row.respondents)
        reliable = None if pd.isna(row.reliable) else bool(row.reliable)
        writer.writerow([row.area_code, names.get(row.area_code, ""), f"{row.period:%Y-%m}",
                         row.category,
                         _cell(row.mean, hidden), _cell(row.ci_low, hidden),
                         _cell(row.ci_high, hidden), _cell(respondents, hidden),
                         _cell(row.count_band, hidden), _cell(reliable, hidden),
                         str(hidden).lower()])
    return out.getvalue()


def area_csv(path: str) -> Response:
    """The monthly series of the area page at /<path> (any level: /data/fylke/50.csv,
    /data/kommune/5001.csv, /data/norge.csv), every category."""
    found = parse_area_path(path)
    rel = store.current_release()
    if rel is None or found is None or not found[1]:
        return Response("not found\n", status=404, mimetype="text/plain")
    level, code = found[0].name, found[1]
    own = store.area_table(rel.run_id, level)
    own = own[own["code"] == code]
    if own.empty:
        return Response("not found\n", status=404, mimetype="text/plain")
    body = series_csv(store.series(rel.run_id, level, code), {code: own.iloc[0]["name"]})
    return _csv(body, f"fotavtrykk-{code}-run{rel.run_id}.csv")


def kommune_csv(code: str) -> Response:
    """A base-level area's series (the address the municipality page has always linked)."""
    return area_csv(area_path(code))


def level_csv(slug: str, code: str) -> Response:
    return area_csv(f"/{slug}/{code}")


def country_csv() -> Response:
    return area_csv(level_path(pack().top.name))


def map_csv() -> Response:
    """The numbers behind the front page's map and table, for the view (and layer) in the
    query."""
    rel = store.current_release()
    if rel is None:
        return Response("no release published yet\n", status=404, mimetype="text/plain")
    view = parse(request.args.to_dict(),
                 stats.months_between(rel.first_period, rel.last_period))
    if view.layer == PARTICIPATION:
        frame, _ = layer_data(rel, view)
        return _csv(participation_csv(frame, view.period),
                    f"fotavtrykk-{view.level}-participation-{view.period:%Y-%m}-"
                    f"run{rel.run_id}.csv")
    data, _ = map_data(rel, view)
    rows = data.rename(columns={"code": "area_code"}).assign(
        period=view.period, category=view.category)
    body = series_csv(rows, dict(zip(data["code"], data["name"], strict=True)))
    return _csv(body, f"fotavtrykk-{view.level}-{view.category}-{view.period:%Y-%m}-"
                      f"run{rel.run_id}.csv")


def _csv(body: str, filename: str) -> Response:
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def boundaries(level: str) -> Response:
    """A level's prepared boundaries, fetched by the map itself and cached by the browser."""
    path = geo.boundary_path(level)
    if path is None:
        return Response("not found\n", status=404, mimetype="text/plain")
    stat = path.stat()
    response = Response(geo.boundary_bytes(str(path), stat.st_mtime),
                        mimetype="application/json")
    response.set_etag(f"{level}-{int(stat.st_mtime)}-{stat.st_size}")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600  # the URL carries the file's version
    return response.make_conditional(request)


def vendor(name: str) -> Response:
    """Browser bundles installed from the npm registry at install time (see the Makefile)."""
    path = VENDOR.get(name)
    if path is None or not path.exists():
        return Response("not found\n", status=404, mimetype="text/plain")
    response = Response(_read(str(path), path.stat().st_mtime),
                        mimetype="application/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response


@lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def cache_static(response: Response) -> Response:
    """Assets carry their file's version in the URL (?m=), so browsers may keep them; dcc's
    lazily loaded chunks (no version in their URL) are kept a day, then revalidated."""
    if response.status_code != 200 or response.cache_control.max_age:
        return response
    if request.path.startswith("/assets/") and request.args.get("m"):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = 365 * 24 * 3600
    elif request.path.startswith("/_dash-component-suites/"):
        response.cache_control.public = True
        response.cache_control.max_age = 24 * 3600
    return response


def robots() -> Response:
    response = Response(ROBOTS, mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says (Dash links /_favicon.ico)."""
    path = ASSETS / "favicon.ico"
    response = Response(_read(str(path), path.stat().st_mtime),
                        mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response


def register(server: Flask) -> None:
    server.after_request(cache_static)
    server.add_url_rule("/finn", "find", find)
    server.add_url_rule("/robots.txt", "robots", robots)
    server.add_url_rule("/favicon.ico", "favicon", favicon)
    server.add_url_rule("/geo/<level>.geojson", "boundaries", boundaries)
    server.add_url_rule("/vendor/<name>", "vendor", vendor)
    server.add_url_rule(f"/data{area_path('<code>')}.csv", "kommune_csv", kommune_csv)
    server.add_url_rule("/data/<slug>/<code>.csv", "area_csv", level_csv)
    server.add_url_rule(f"/data{level_path(pack().top.name)}.csv", "country_csv", country_csv)
    server.add_url_rule("/data/kart.csv", "map_csv", map_csv)
    downloads.register(server)
    scenario_redirect.register(server)
