"""The compare page's numbers as CSV: every month of the chosen municipalities and the
country in one category, for the view in the query (/data/sammenlign.csv?k=0301,5001)."""

from __future__ import annotations

import pandas as pd
from flask import Flask, Response, request

from dashboard import areas, store
from dashboard.components.compare_lines import national  # the page and its CSV: same rows
from dashboard.places import places
from dashboard.routes import _csv, series_csv
from dashboard.state import parse


def compare_csv() -> Response:
    rel = store.current_release()
    if rel is None:
        return Response("no release published yet\n", status=404, mimetype="text/plain")
    labels = places(rel).labels()
    view = parse(request.args.to_dict(), known=set(labels))
    if not view.compare:
        return Response("no known municipality in k\n", status=404, mimetype="text/plain")
    frames = [store.series_many(rel.run_id, areas.base().name, list(view.compare)),
              national(rel)]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["category"] == view.category]
    names = {c: labels[c] for c in view.compare}
    names.update(dict.fromkeys(frames[1]["area_code"].unique(), areas.country(view.lang)))
    body = series_csv(rows, names)
    return _csv(body, f"fotavtrykk-sammenlign-{view.category}-run{rel.run_id}.csv")


def register(server: Flask) -> None:
    server.add_url_rule("/data/sammenlign.csv", "compare_csv", compare_csv)
