"""Callback requests are untrusted: junk gets a 4xx, never a 500 with a traceback in the
log, and never a new cache entry."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard import store
from dashboard.app import app as dash_app
from dashboard.cache import cache
from dashboard.guard import months_of

#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow


URL = "/_dash-update-component"

#: A request the front page really sends when the category changes.
TREND = {"output": "..k-trend-figure.data...k-table.children...k-back.href..",
         "outputs": [{"id": "k-trend-figure", "property": "data"},
                     {"id": "k-table", "property": "children"},
                     {"id": "k-back", "property": "href"}],
         "inputs": [{"id": "k-category", "property": "data", "value": "food"}],
         "changedPropIds": ["k-category.data"],
         "state": [{"id": "k-code", "property": "data", "value": "5001"},
                   {"id": "k-lang", "property": "data", "value": "nb"},
                   {"id": "k-level", "property": "data", "value": "kommune"},
                   {"id": "k-period", "property": "data", "value": None}]}
MAP = {"output": "home-map.figure", "outputs": {"id": "home-map", "property": "figure"},
       "inputs": [{"id": "home-level", "property": "data", "value": "kommune"},
                  {"id": "home-city", "property": "data", "value": "0301"},
                  {"id": "home-category", "property": "data", "value": "food"},
                  {"id": "home-period", "property": "value", "value": 3}],
       "changedPropIds": ["home-period.value"],
       "state": [{"id": "home-lang", "property": "data", "value": "nb"}]}
#: Values of every JSON type, and sizes no control sends.
JUNK = [None, True, -1, 10**30, 1.5, "", "x" * 5000, "<script>", [], ["x"] * 5000,
        {"a": 1}, [[[[[[1]]]]]], {"k": {"k": {"k": {"k": {"k": 1}}}}}]


def _with(body: dict, **changes) -> dict:
    out = json.loads(json.dumps(body))
    out.update(changes)
    return out


def _value(body: dict, where: str, index: int, value) -> dict:
    out = json.loads(json.dumps(body))
    out[where][index]["value"] = value
    return out


def _cache_size(server) -> int:
    with server.app_context():
        return len(cache.cache._cache)


def _post(client, body) -> int:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json").status_code


def test_a_real_callback_request_still_works(app):
    assert _post(app.test_client(), TREND) == 200
    assert _post(app.test_client(), MAP) == 200


@pytest.mark.parametrize("body", [
    "not json", "[1, 2]", '"text"',
    json.dumps(MAP).replace('"value": 3', '"value": NaN'),
    json.dumps(MAP).replace('"value": 3', '"value": 1e999'),
    _with(TREND, output="nope.children"),
    _with(TREND, output="home-period.value"),  # a client-side callback: nothing to run
    _with(TREND, inputs=5),
    _with(TREND, inputs=[]),
    _with(TREND, state=[]),
    _with(TREND, state=[{"id": "home-lang", "property": "data", "value": "nb"}] * 2),
    _with(TREND, changedPropIds="k-category.data"),
    _with(TREND, outputs=[{"id": "k-trend-figure", "property": "children"},
                          *TREND["outputs"][1:]]),
    _with(TREND, outputs=[]),
    _value(TREND, "inputs", 0, ["food"] * 5000),
    _value(TREND, "inputs", 0, "x" * 50_000),
    _value(TREND, "state", 0, [[[[[["5001"]]]]]]),
    _with(MAP, inputs=[{"id": "home-level", "property": "children", "value": "kommune"},
                       *MAP["inputs"][1:]]),
], ids=lambda b: (b if isinstance(b, str) else b.get("output", "?"))[:30])
def test_junk_callback_requests_get_a_4xx_and_no_cache_entry(app, body, caplog):
    client = app.test_client()
    before = _cache_size(app)
    with caplog.at_level(logging.ERROR):
        status = _post(client, body)
    assert 400 <= status < 500
    assert _cache_size(app) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_oversized_request_is_refused_before_it_is_read(app):
    big = _value(MAP, "inputs", 0, "x" * 200_000)
    assert _post(app.test_client(), big) == 413


def test_no_server_callback_answers_500_to_any_junk_value(app, caplog):
    """Every input of every server callback, each replaced by junk of every JSON type."""
    client = app.test_client()
    client.get("/")  # Dash collects its callbacks on the first request
    callbacks = {out: cb for out, cb in dash_app.callback_map.items() if cb.get("callback")}
    assert len(callbacks) >= 6
    tried = 0
    for output, cb in callbacks.items():
        for where in ("inputs", "state"):
            for index, dep in enumerate(cb[where]):
                if dep["id"].startswith("{"):
                    continue  # pattern-matching ids: a list of components, checked below
                for junk in JUNK:
                    body = _real_body(output, cb)
                    body[where][index]["value"] = junk
                    with caplog.at_level(logging.ERROR):
                        status = _post(client, body)
                    assert status < 500, (output, dep, junk)
                    tried += 1
    assert tried > 100
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_junk_does_not_grow_the_cache(app):
    client = app.test_client()
    _post(client, MAP)
    before = _cache_size(app)
    for i in range(200):  # months, codes and categories no release has
        _post(client, _value(MAP, "inputs", 3, i))
        _post(client, _value(MAP, "inputs", 2, f"cat{i}"))
        _post(client, _value(TREND, "state", 0, f"{9000 + i}"))
    # 600 requests, but no more entries than real views: each index is read as one of the
    # release's months, each unknown category as the default one (its values and breaks)
    months = months_of(store.current_release())
    assert _cache_size(app) - before <= len(months) + 2


def _real_body(output: str, cb: dict) -> dict:
    """A request shaped as Dash's renderer sends it for this callback."""
    def item(dep):
        if dep["id"].startswith("{"):
            pattern = json.loads(dep["id"])
            return [{"id": {k: "x" if v == ["ALL"] else v for k, v in pattern.items()},
                     "property": dep["property"], "value": 1}]
        return {"id": dep["id"], "property": dep["property"], "value": None}

    def spec(part):
        ident, _, prop = part.rpartition(".")
        return {"id": ident, "property": prop}

    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outputs = [spec(p) for p in parts] if output.startswith("..") else spec(output)
    inputs = [item(d) for d in cb["inputs"]]
    first = cb["inputs"][0]
    return {"output": output, "outputs": outputs, "inputs": inputs,
            "changedPropIds": [f"{first['id']}.{first['property']}"],
            "state": [item(d) for d in cb["state"]]}
