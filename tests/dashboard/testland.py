"""A published Testland release written straight into a store, and the dashboard rendering it.

The ETL on this branch does not yet place records by Testland's levels, so the store is
written row by row in the published shape (`areas`, `aggregates`, `release`): every
Testland area of the pack with a year of plausible monthly values, one district suppressed.
The dashboard registers its pages from the pack it serves when it is imported, so it is
rendered in a fresh interpreter pointed at the pack (`python -m tests.dashboard.testland`).
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

from core.contract import CATEGORIES
from core.geography import load_areas, pack
from core.store import db, schema

PACK = Path(__file__).resolve().parents[1] / "packs" / "testland"
MONTHS = [date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(11, 23)]
#: The district left unpublished: too few respondents.
SUPPRESSED = "010103"
#: Pages the rendering process fetches, by a short name.
PAGES = {"front": "/", "front_region": "/?nivaa=region", "front_en": "/?lang=en",
         "districts": "/?nivaa=district&by=0101", "area": "/municipality/0101-vestby",
         "area_en": "/municipality/0202-oya?lang=en",
         "csv": "/data/municipality/0202.csv", "search": "/finn?q=Westby",
         "boundaries": "/geo/municipality.geojson"}


def _rows(level: str, code: str, rng: random.Random) -> list[dict]:
    suppressed = code == SUPPRESSED
    out = []
    for period in MONTHS:
        parts = {c: rng.uniform(0.8, 3.5) for c in CATEGORIES}
        for category, mean in {"total": sum(parts.values()), **parts}.items():
            shown = {"respondents": 120, "count_band": "100-499", "mean": mean,
                     "mean_unweighted": mean, "ci_low": mean * 0.9, "ci_high": mean * 1.1,
                     "rse": 0.05, "reliable": True, "weighting": "age_sex"}
            out.append({"run_id": 1, "level": level, "area_code": code, "period": period,
                        "category": category, "suppressed": suppressed,
                        "suppression": "primary" if suppressed else None,
                        **({k: None for k in shown} if suppressed else shown)})
    return out


def write_store(url: str) -> None:
    """Migrate the store at `url` and publish one Testland release in it."""
    db.migrate(url)
    published = {lv.name for lv in pack(PACK).published_levels}
    areas = load_areas(PACK)
    areas = areas[areas["level"].isin(published)]
    rng = random.Random(8)
    now = datetime(2026, 11, 15, 12, tzinfo=UTC)
    with db.make_engine(url).begin() as conn:
        conn.execute(insert(schema.etl_runs), [{
            "run_id": 1, "started_at": now, "finished_at": now, "status": "succeeded",
            "code_version": "test", "settings": "{}"}])
        conn.execute(insert(schema.areas), [{
            "run_id": 1, "level": r.level, "code": r.code, "name": r.name,
            "parent_level": r.parent_level or None, "parent_code": r.parent_code or None,
            "alt_names": r.alt_names, "population": 1000 + 10 * i}
            for i, r in enumerate(areas.itertuples())])
        conn.execute(insert(schema.aggregates), [
            row for r in areas.itertuples() for row in _rows(r.level, r.code, rng)])
        conn.execute(insert(schema.release), [{
            "id": 1, "run_id": 1, "published_at": now, "first_period": MONTHS[0],
            "last_period": MONTHS[-1]}])


def render() -> dict:
    """Each of PAGES as (status, text) and the front page's map figure, from this process's
    environment (FOTAVTRYKK_GEODATA_DIR, DATABASE_URL)."""
    import dash
    from plotly.utils import PlotlyJSONEncoder

    from dashboard import store
    from dashboard.app import server
    from dashboard.components.map import boundaries_for, map_data, map_figure
    from dashboard.state import parse

    client = server.test_client()
    out = {}
    for name, path in PAGES.items():
        response = client.get(path)
        out[name] = {"status": response.status_code, "location": response.location,
                     "text": response.get_data(as_text=True)}
    out["paths"] = sorted(str(p.get("path_template") or p["path"])
                          for p in dash.page_registry.values())
    with server.app_context():
        rel = store.current_release()
        view = parse({}, MONTHS)
        data, brks = map_data(rel, view)
        out["boundaries_url"] = boundaries_for(view)
        # the compare page is drawn by the browser; its layout is what it draws
        page = next(p for p in dash.page_registry.values() if p["path"] == "/sammenlign")
        compare = page["layout"](k="0101,0202")
        out["compare"] = {"status": 200, "text": json.dumps(compare.to_plotly_json(),
                                                            cls=PlotlyJSONEncoder,
                                                            ensure_ascii=False)}
        out["map"] = map_figure({"type": "FeatureCollection", "features": []}, data, brks,
                                view).to_plotly_json()["data"][0]
    return out


if __name__ == "__main__":
    assert os.environ.get("FOTAVTRYKK_GEODATA_DIR"), "point FOTAVTRYKK_GEODATA_DIR at a pack"
    json.dump(render(), sys.stdout, default=str)
