"""Callback requests checked before Dash runs them: anyone can POST to
`/_dash-update-component`, and Dash takes the body as its renderer wrote it. A body no
renderer of this app would send (an output no server callback has, inputs that are not the
callback's own, numbers that are not finite, values bigger or deeper than any control
holds) gets a 4xx here, instead of a 500 with a traceback in the log or a callback run on
values its parser was never meant to see.

Checked against Dash 4.4.1's request format: `output`, `outputs`, `inputs`, `state` (each
item `{"id", "property", "value"}`, a list of them for an ALL pattern) and
`changedPropIds`.
"""

from __future__ import annotations

import json
import math

from dash import Dash
from flask import Response, request

ENDPOINT = "/_dash-update-component"
#: No request this app's pages send comes near this (the largest, the compare page's, is
#: about 2 KB); a bigger one is refused before it is read.
MAX_BODY_BYTES = 64 * 1024
#: Items in a list or keys in an object (a pattern's components: 16 category buttons at most).
MAX_ITEMS = 64
#: Characters in a text value (the search box takes 80; a URL query in the page router more).
MAX_TEXT = 2048
#: Nesting of lists and objects (the page router's store holds an object of texts).
MAX_DEPTH = 3
#: Largest number a control sends (slider indices, click counts); JSON's safe integers.
MAX_NUMBER = 2**53
#: Properties that are counts: a whole number or nothing.
COUNTS = {"n_clicks", "n_submit", "n_intervals", "n_blur"}
#: Properties that are always text (dcc.Location's, read by Dash's page router).
TEXTS = {"pathname", "search", "hash", "href"}
WILDCARDS = {"ALL", "ALLSMALLER"}


class BadRequest(ValueError):
    """A callback request no renderer of this app would send."""


def _reject_constant(name: str):
    raise BadRequest(f"{name} is not a number")


def check_value(value, prop: str, depth: int = 0) -> None:
    """A value any control of this app could hold: JSON, finite, small and shallow."""
    if prop in COUNTS and not (value is None or (type(value) is int and value >= 0)):
        raise BadRequest(f"{prop} must be a count")
    if prop in TEXTS and not isinstance(value, str):
        raise BadRequest(f"{prop} must be text")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise BadRequest("number out of range")
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise BadRequest("text too long")
    elif isinstance(value, list | dict):
        if depth >= MAX_DEPTH or len(value) > MAX_ITEMS:
            raise BadRequest("value too big or too deep")
        for item in value.values() if isinstance(value, dict) else value:
            check_value(item, "", depth + 1)
    else:  # pragma: no cover - json gives nothing else
        raise BadRequest("not a JSON value")


def _check_item(item, dep: dict, pattern: dict | None) -> None:
    if not isinstance(item, dict) or item.get("property") != dep["property"]:
        raise BadRequest("input is not the callback's")
    if pattern is None:
        if item.get("id") != dep["id"]:
            raise BadRequest("input is not the callback's")
    else:
        ident = item.get("id")
        if not isinstance(ident, dict) or set(ident) != set(pattern) or any(
                ident[k] != v if not isinstance(v, list) else
                not isinstance(ident[k], str | int) for k, v in pattern.items()):
            raise BadRequest("input does not match the callback's pattern")
    check_value(item.get("value"), dep["property"])


def _check_deps(items, deps: list[dict]) -> None:
    if not isinstance(items, list) or len(items) != len(deps):
        raise BadRequest("inputs are not the callback's")
    for item, dep in zip(items, deps, strict=True):
        pattern = json.loads(dep["id"]) if dep["id"].startswith("{") else None
        many = pattern is not None and any(isinstance(v, list) and v[0] in WILDCARDS
                                           for v in pattern.values())
        if not many:
            _check_item(item, dep, pattern)
        elif not isinstance(item, list) or len(item) > MAX_ITEMS:
            raise BadRequest("a pattern's inputs must be a short list")
        else:
            for one in item:
                _check_item(one, dep, pattern)


def check_body(body, callbacks: dict) -> None:
    """Raise BadRequest unless `body` is a request for one of `callbacks` (Dash's
    callback_map) shaped as Dash's renderer sends it."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadRequest("not a callback request")
    callback = callbacks.get(body["output"])
    if not callback or not callable(callback.get("callback")):
        raise BadRequest("no server callback has that output")  # unknown or client-side
    _check_deps(body.get("inputs"), callback["inputs"])
    _check_deps(body.get("state", []), callback["state"])
    _check_outputs(body.get("outputs"), body["output"])
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or len(changed) > MAX_ITEMS or \
            not all(isinstance(c, str) and len(c) <= MAX_TEXT for c in changed):
        raise BadRequest("changedPropIds must be a short list of names")


def _check_outputs(specs, key: str) -> None:
    """The outputs must be the callback's own, as Dash checks too, but Dash answers a
    mismatch with a 500 (`CallbackException`)."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    if len(parts) == 1:
        specs = [specs]
    if not isinstance(specs, list) or len(specs) != len(parts):
        raise BadRequest("outputs are not the callback's")
    for spec, part in zip(specs, parts, strict=True):
        ident, _, prop = part.rpartition(".")
        pattern = json.loads(ident) if ident.startswith("{") else None
        for one in spec if isinstance(spec, list) and pattern is not None else [spec]:
            if not isinstance(one, dict) or not isinstance(one.get("property"), str) or \
                    one["property"].split("@")[0] != prop.split("@")[0]:
                raise BadRequest("outputs are not the callback's")
            if (one.get("id") != ident) if pattern is None else \
                    (not isinstance(one.get("id"), dict) or set(one["id"]) != set(pattern)):
                raise BadRequest("outputs are not the callback's")


def checker(app: Dash):
    """The before_request hook for `app`."""
    def check() -> Response | None:
        if request.endpoint != ENDPOINT:
            return None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _refuse(413, "callback request too large")
        try:
            body = json.loads(request.get_data(cache=True) or b"null",
                              parse_constant=_reject_constant)
            check_body(body, app.callback_map)
        except (ValueError, RecursionError) as exc:  # BadRequest and JSON errors alike
            return _refuse(400, f"bad callback request: {exc}")
        return None
    return check


def _refuse(status: int, why: str) -> Response:
    return Response(why[:200] + "\n", status=status, mimetype="text/plain")


def register(app: Dash) -> None:
    app.server.before_request(checker(app))
