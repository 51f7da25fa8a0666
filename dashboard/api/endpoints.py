"""The v1 endpoints: areas, series, latest, release, changelog and dictionary. Each checks
its parameters, reads through dashboard/store.py and answers JSON or CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from flask import Blueprint, Response, jsonify, request

from dashboard import geo, partners, store
from dashboard.api import params
from dashboard.api.fields import (
    AREA_FIELDS,
    ATTRIBUTION,
    LICENCE,
    LICENCE_URL,
    UNIT,
    VALUE_FIELDS,
    dictionary,
)
from dashboard.api.params import ApiError
from dashboard.api.respond import answer, by_release, records
from dashboard.areas import pack

#: Releases and method changes, newest first; kept by hand (one entry per release that
#: changes the method or the API; see docs/api.md).
CHANGELOG = Path(__file__).with_name("changelog.json")
#: Version of the method behind the numbers (docs/methodology.md); changes go in CHANGELOG.
METHOD_VERSION = "1.0"

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def levels() -> tuple[str, ...]:
    return tuple(lv.name for lv in pack().published_levels)


def meta(rel: store.Release, **extra) -> dict:
    return {"release": rel.run_id, "published_at": rel.published_at.isoformat(),
            "unit": UNIT, "licence": LICENCE, "licence_url": LICENCE_URL,
            "attribution": ATTRIBUTION, **extra}


def _fmt(suffix: str) -> str:
    return params.wanted_format(request.args, suffix == ".csv")


def _area_rows(rel: store.Release, level: str | None) -> list[dict]:
    frame = store.area_table(rel.run_id, level).copy()
    frame["neighbours"] = [geo.neighbours(c, lv) for c, lv in zip(frame.code, frame.level,
                                                                  strict=True)]
    frame["peers"] = [geo.peers(c, lv)[1] for c, lv in zip(frame.code, frame.level,
                                                           strict=True)]
    frame["alt_names"] = frame["alt_names"].replace("", None)
    return records(frame, AREA_FIELDS)


@bp.get("/areas", defaults={"suffix": ""})
@bp.get("/areas.csv", defaults={"suffix": ".csv"})
@by_release
def areas(rel: store.Release, suffix: str) -> Response:
    params.check_known(request.args, {"level"})
    level = params.choice(request.args, "level", levels())
    rows = _area_rows(rel, level)
    return answer(rows, AREA_FIELDS, _fmt(suffix), meta(rel), f"areas-{level or 'all'}")


def _value_rows(rel: store.Release, frame: pd.DataFrame) -> list[dict]:
    names = store.area_table(rel.run_id)
    names = dict(zip(names.level + "|" + names.code, names.name, strict=True))
    frame = frame.copy()
    frame["area_name"] = [names.get(f"{lv}|{c}", "") for lv, c in
                          zip(frame.level, frame.area_code, strict=True)]
    frame["period"] = [f"{p:%Y-%m}" for p in frame.period]
    frame["release"] = rel.run_id
    hidden = frame["suppressed"]
    for col in ("mean", "ci_low", "ci_high", "respondents", "count_band", "rse_band",
                "reliable", "vs_country"):
        frame[col] = frame[col].astype(object).where(~hidden, None)
    return records(frame, VALUE_FIELDS)


@bp.get("/series", defaults={"suffix": ""})
@bp.get("/series.csv", defaults={"suffix": ".csv"})
@by_release
def series(rel: store.Release, suffix: str) -> Response:
    args = request.args
    params.check_known(args, {"area", "level", "category", "from", "to"})
    level = params.choice(args, "level", levels(), pack().record_levels[0].name)
    code = params.code(args)
    if code is None:
        raise ApiError(400, "required: an area code (see /api/v1/areas)", "area")
    if code not in set(store.area_table(rel.run_id, level)["code"]):
        raise ApiError(404, f"no {level} with this code in the release", "area")
    category = params.category(args)
    first = params.month(args, "from", rel.first_period, rel.last_period)
    last = params.month(args, "to", rel.first_period, rel.last_period)
    if first and last and first > last:
        raise ApiError(400, "from is after to", "from")
    frame = store.api_values(rel.run_id, level, code, category, first, last)
    return answer(_value_rows(rel, frame), VALUE_FIELDS, _fmt(suffix), meta(rel),
                  f"series-{level}-{code}")


@bp.get("/latest", defaults={"suffix": ""})
@bp.get("/latest.csv", defaults={"suffix": ".csv"})
@by_release
def latest(rel: store.Release, suffix: str) -> Response:
    args = request.args
    params.check_known(args, {"level", "category"})
    level = params.choice(args, "level", levels(), pack().record_levels[0].name)
    category = params.category(args)
    frame = store.api_values(rel.run_id, level, None, category, rel.last_period,
                             rel.last_period)
    return answer(_value_rows(rel, frame), VALUE_FIELDS, _fmt(suffix),
                  meta(rel, period=f"{rel.last_period:%Y-%m}"), f"latest-{level}")


def release_info(rel: store.Release) -> dict:
    return {**meta(rel), "run_id": rel.run_id,
            "first_period": f"{rel.first_period:%Y-%m}",
            "last_period": f"{rel.last_period:%Y-%m}", "method_version": METHOD_VERSION,
            "levels": list(levels()), "sources": geo.attribution(),
            # the data partners behind the release, country-wide, as /data/sources.csv
            "partners": partners.country(rel.run_id)}


@bp.get("/release")
@by_release
def release(rel: store.Release) -> Response:
    params.check_known(request.args, set())
    return jsonify(release_info(rel))


@bp.get("/changelog")
@by_release
def changelog(rel: store.Release) -> Response:
    params.check_known(request.args, set())
    return jsonify({"data": json.loads(CHANGELOG.read_text(encoding="utf-8"))})


@bp.get("/dictionary")
@by_release
def data_dictionary(rel: store.Release) -> Response:
    params.check_known(request.args, set())
    return jsonify({"meta": meta(rel), "partners": partners.country(rel.run_id),
                    "data": dictionary()})
