"""/api/v1/participation: how many take part, and the change among those who stay, for one
area month by month (fields.PARTICIPATION_FIELDS). A new endpoint: v1's fields stay as they
were published."""

from __future__ import annotations

from flask import Response, request

from dashboard import mobilisation, store
from dashboard.api import params
from dashboard.api.endpoints import _fmt, bp, levels, meta
from dashboard.api.fields import PARTICIPATION_FIELDS
from dashboard.api.params import ApiError
from dashboard.api.respond import answer, by_release, records
from dashboard.areas import pack

#: Query parameters of the endpoint (besides format).
PARAMS = ("area", "level", "from", "to")


def rows(rel: store.Release, level: str, code: str, name: str, first, last) -> list[dict]:
    """The area's months with participation, and the stayers' change where published."""
    frame = mobilisation.series(rel.run_id, level, code)
    change = mobilisation.change(rel.run_id, level, code)
    change = change.rename(columns={"mean_change": "stayer_change", "ci_low": "stayer_ci_low",
                                    "ci_high": "stayer_ci_high", "trend": "stayer_trend",
                                    "count_band": "stayers_band"})
    frame = frame.merge(change.drop(columns=["suppressed", "stayers"]), on="period",
                        how="left")
    if first:
        frame = frame[frame["period"] >= first]
    if last:
        frame = frame[frame["period"] <= last]
    frame = frame.assign(level=level, area_name=name, release=rel.run_id,
                         period=[f"{p:%Y-%m}" for p in frame["period"]])
    return records(frame.astype(object).where(frame.notna(), None), PARTICIPATION_FIELDS)


@bp.get("/participation", defaults={"suffix": ""})
@bp.get("/participation.csv", defaults={"suffix": ".csv"})
@by_release
def participation(rel: store.Release, suffix: str) -> Response:
    args = request.args
    params.check_known(args, set(PARAMS))
    level = params.choice(args, "level", levels(), pack().record_levels[0].name)
    code = params.code(args)
    if code is None:
        raise ApiError(400, "required: an area code (see /api/v1/areas)", "area")
    names = store.area_table(rel.run_id, level)
    found = names.loc[names["code"] == code, "name"]
    if found.empty:
        raise ApiError(404, f"no {level} with this code in the release", "area")
    first = params.month(args, "from", rel.first_period, rel.last_period)
    last = params.month(args, "to", rel.first_period, rel.last_period)
    if first and last and first > last:
        raise ApiError(400, "from is after to", "from")
    return answer(rows(rel, level, code, str(found.iloc[0]), first, last),
                  PARTICIPATION_FIELDS, _fmt(suffix), meta(rel),
                  f"participation-{level}-{code}")

