"""The v1 contract: every field and parameter v1 was published with is still served, with
the same type. A change that fails here belongs in /api/v2 (the list is never edited to
make it pass; new fields may be added)."""

from __future__ import annotations

import json
from pathlib import Path

V1 = json.loads((Path(__file__).with_name("v1_fields.json")).read_text(encoding="utf-8"))


def broken(served: dict, v1: dict) -> list[str]:
    """What v1 promised and the served document no longer keeps."""
    problems = []
    schemas = served["components"]["schemas"]
    for name, fields in v1["schemas"].items():
        props = schemas.get(name, {}).get("properties", {})
        for field, kind in fields.items():
            if field not in props:
                problems.append(f"{name}.{field} removed or renamed")
            elif props[field]["type"] != kind:
                problems.append(f"{name}.{field} retyped: {kind} -> {props[field]['type']}")
    for path, names in v1["paths"].items():
        if path not in served["paths"]:
            problems.append(f"{path} removed")
            continue
        have = {p["name"] for p in served["paths"][path]["get"]["parameters"]}
        problems += [f"{path}?{n} removed" for n in names if n not in have]
    return problems


def test_the_served_document_keeps_every_v1_field(client):
    assert broken(client.get("/api/v1/openapi.json").get_json(), V1) == []


def test_the_check_notices_a_renamed_removed_or_retyped_field(client):
    served = client.get("/api/v1/openapi.json").get_json()
    value = served["components"]["schemas"]["Value"]["properties"]
    value["average"] = value.pop("mean")
    value["respondents"]["type"] = "string"
    del served["paths"]["/api/v1/latest.csv"]
    assert broken(served, V1) == ["Value.mean removed or renamed",
                                  "Value.respondents retyped: ['integer', 'null'] -> string",
                                  "/api/v1/latest.csv removed"]


def test_answers_carry_exactly_the_documented_fields(client):
    rows = client.get("/api/v1/series?area=0301&category=total").get_json()["data"]
    areas = client.get("/api/v1/areas?level=fylke").get_json()["data"]
    assert set(rows[0]) == set(V1["schemas"]["Value"])
    assert set(areas[0]) == set(V1["schemas"]["Area"])
