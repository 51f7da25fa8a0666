"""CSV downloads beside the API: the release's data partners (/data/sources.csv) and a
scenario's path (/data/scenario/<code>.csv with the page's own query)."""

from __future__ import annotations

import csv
import io

from flask import Flask, Response, request

from dashboard import partners, store
from dashboard.areas import base
from dashboard.pathways import pathway
from dashboard.scenario_state import PATH, parse
from dashboard.scenarios import build, categories, latest_categories, progress

PATH_COLUMNS = ("area_code", "area_name", "date", "scenario_t", "path_t", "trend_t",
                *(f"{c}_t" for c in categories()), "scope")
#: The footprint the scenario and the path cover, written into every row of the file.
SCOPE = "household (total minus public consumption), t CO2e per resident per year"


def _csv(rows: list[list], columns: tuple[str, ...], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _missing(text: str) -> Response:
    return Response(text + "\n", status=404, mimetype="text/plain")


def sources_csv() -> Response:
    """Accepted records per data partner and level in the current release, with shares."""
    rel = store.current_release()
    if rel is None:
        return _missing("no release published yet")
    frame = partners.per_level(rel.run_id)
    rows = [[rel.run_id, r.level, r.source, int(r.areas), int(r.records), f"{r.share:.4f}"]
            for r in frame.itertuples()]
    return _csv(rows, partners.COLUMNS, f"fotavtrykk-sources-run{rel.run_id}.csv")


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def scenario_csv(code: str) -> Response:
    """The scenario's household path by year beside the 1.5° path and today's pace, and
    each category's value on the way (straight lines from today to the 2030 value)."""
    rel = store.current_release()
    view = parse({**request.args.to_dict(), "code": code})
    if rel is None or not view.code:
        return _missing("not found")
    names = store.area_table(rel.run_id, base().name)
    own = names[names["code"] == view.code]
    if own.empty:
        return _missing("not found")
    series = store.series(rel.run_id, base().name, view.code)
    path = pathway(series)
    now = latest_categories(series, path.period) if path.available else {}
    result = build(path, now, dict(view.changes))
    if not result.available:
        return _missing("no published household footprint for this area")
    steps = [0.0, *(progress(path.period, year) for year in result.years[1:])]
    rows = []
    for i in range(len(result.years)):
        per_cat = [_round(r.now + (r.then - r.now) * steps[i]) for r in result.rows]
        rows.append([view.code, own.iloc[0]["name"], f"{result.dates[i]:%Y-%m-%d}",
                     _round(result.scenario[i]), _round(result.target[i]),
                     _round(result.trend[i]), *per_cat, SCOPE])
    changes = "".join(f"_{c}{v:+g}" for c, v in view.changes)
    return _csv(rows, PATH_COLUMNS,
                f"fotavtrykk-scenario-{view.code}{changes}-run{rel.run_id}.csv")


def register(server: Flask) -> None:
    server.add_url_rule("/data/sources.csv", "sources_csv", sources_csv)
    server.add_url_rule(f"/data{PATH}<code>.csv", "scenario_csv", scenario_csv)
