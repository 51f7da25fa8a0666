"""A Testland release made by the real ETL, and the dashboard rendering it.

Seeded Testland demo records go through `etl.pipeline.run` into a store. The dashboard
registers its pages from the pack it serves when it is imported, so it is rendered in a
fresh interpreter pointed at the pack (`python -m tests.dashboard.testland`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from core.settings import get_settings
from etl.demo import generate
from etl.pipeline import run
from tests.conftest import NOW

PACK = Path(__file__).resolve().parents[1] / "packs" / "testland"
#: Pages the rendering process fetches, by a short name.
PAGES = {"front": "/", "front_region": "/?nivaa=region", "front_en": "/?lang=en",
         "districts": "/?nivaa=district&by=0101", "area": "/municipality/0101-vestby",
         "area_en": "/municipality/0202-oya?lang=en",
         "csv": "/data/municipality/0202.csv", "search": "/finn?q=Westby",
         "boundaries": "/geo/municipality.geojson",
         # an area page at every level of Testland's own (country, region, district)
         "country": "/testland", "region": "/region/02", "region_en": "/region/01?lang=en",
         "district": "/district/010101", "district_en": "/district/010101?lang=en",
         "region_csv": "/data/region/01.csv", "no_region": "/region/99"}


def write_store(url: str, data_dir: Path) -> None:
    """Publish one Testland release at `url` from seeded demo records, through the ETL."""
    settings = get_settings(data_dir=data_dir, database_url=url, geodata_dir=PACK)
    generate(settings.inbox_dir, 20_000, seed=11, geodata_dir=PACK, end_month="2026-10")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded", report.message


def render() -> dict:
    """Each of PAGES as (status, text) and the front page's map figure, from this process's
    environment (FOTAVTRYKK_GEODATA_DIR, DATABASE_URL)."""
    import dash
    from plotly.utils import PlotlyJSONEncoder

    from dashboard import store
    from dashboard.app import server
    from dashboard.components.map import boundaries_for, map_data, map_figure
    from dashboard.guard import months_of
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
        view = parse({}, months_of(rel))
        out["months"] = len(months_of(rel))
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
