"""The OpenAPI 3.1 document of v1, built from the same field definitions the responses are
built from (fields.py), so the document and the answers cannot disagree."""

from __future__ import annotations

from flask import Response, jsonify, request

from core.contract import PUBLISHED_CATEGORIES
from dashboard.api import params
from dashboard.api.endpoints import bp, levels
from dashboard.api.fields import AREA_FIELDS, PARTICIPATION_FIELDS, VALUE_FIELDS, Field

MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "maxLength": params.MAX_VALUE}


def field_schema(field: Field) -> dict:
    schema: dict = {"type": field.type, "description": field.meaning}
    if field.type == "array":
        schema["items"] = {"type": "string"}
    if field.nullable:
        schema["type"] = [field.type, "null"]
    return schema


def table(fields: tuple[Field, ...]) -> dict:
    return {"type": "object", "required": [f.name for f in fields],
            "properties": {f.name: field_schema(f) for f in fields},
            "additionalProperties": False}


def _query(name: str, schema: dict, required: bool = False, text: str = "") -> dict:
    return {"name": name, "in": "query", "required": required, "description": text,
            "schema": {**schema, "maxLength": params.MAX_VALUE} if schema.get("type") ==
            "string" else schema}


def _listed(schema_ref: str, csv: bool = True) -> dict:
    content = {"application/json": {"schema": {
        "type": "object", "required": ["meta", "data"],
        "properties": {"meta": {"$ref": "#/components/schemas/Meta"},
                       "data": {"type": "array", "items": {"$ref": schema_ref}}}}}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return content


def _operation(summary: str, parameters: list[dict], content: dict) -> dict:
    errors = {"$ref": "#/components/responses/Error"}
    return {"get": {"summary": summary, "parameters": parameters,
                    "responses": {"200": {"description": "OK", "content": content},
                                  "304": {"description": "Not modified"},
                                  "400": errors, "404": errors, "503": errors}}}


def document() -> dict:
    level = {"type": "string", "enum": list(levels())}
    category = {"type": "string", "enum": list(PUBLISHED_CATEGORIES)}
    fmt = _query("format", {"type": "string", "enum": list(params.FORMATS)})
    series_params = [_query("area", {"type": "string", "pattern": "^[0-9A-Za-z_-]{1,16}$"},
                            True, "Area code"), _query("level", level),
                     _query("category", category), _query("from", MONTH),
                     _query("to", MONTH), fmt]
    values, areas = "#/components/schemas/Value", "#/components/schemas/Area"
    def obj(**props) -> dict:
        return {"type": "object", "required": list(props), "properties": props}

    text, num = {"type": "string"}, {"type": "integer"}
    strings = {"type": "array", "items": text}
    partners = {"type": "array", "items": obj(source=text, records=num,
                                              share={"type": "number"})}
    release = obj(release=num, run_id=num, published_at=text, first_period=text,
                  last_period=text, method_version=text, levels=strings, sources=strings,
                  unit=text, licence=text, licence_url=text, attribution=text,
                  partners=partners)
    change = obj(date=text, kind=text, version=text, change=text)
    column = obj(table=text, column=text, type=text, nullable={"type": "boolean"},
                 unit={"type": ["string", "null"]}, meaning=text, licence=text)
    documents = {"release": release,
                 "changelog": obj(data={"type": "array", "items": change}),
                 "dictionary": obj(meta={"$ref": "#/components/schemas/Meta"},
                                   partners=partners,
                                   data={"type": "array", "items": column})}
    paths = {}
    for suffix, fmts in (("", [fmt]), (".csv", [])):
        paths[f"/api/v1/areas{suffix}"] = _operation(
            "Areas", [_query("level", level), *fmts], _listed(areas))
        paths[f"/api/v1/series{suffix}"] = _operation(
            "Series of one area", series_params[:5] + fmts, _listed(values))
        paths[f"/api/v1/latest{suffix}"] = _operation(
            "Latest month, every area of a level",
            [_query("level", level), _query("category", category), *fmts], _listed(values))
        paths[f"/api/v1/participation{suffix}"] = _operation(
            "Participation and the change among those who stay, one area",
            series_params[:2] + series_params[3:5] + fmts,
            _listed("#/components/schemas/Participation"))
    for name, body in documents.items():
        paths[f"/api/v1/{name}"] = _operation(
            name.title(), [], {"application/json": {"schema": body}})
    paths["/api/v1/bulk.csv"] = _operation("Whole release, CSV", [],
                                           {"text/csv": {"schema": {"type": "string"}}})
    parquet = "application/vnd.apache.parquet"
    paths["/api/v1/bulk.parquet"] = _operation("Whole release, Parquet", [], {
        parquet: {"schema": {"type": "string", "contentMediaType": parquet}}})
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "problem"],
        "properties": {"status": {"type": "integer"}, "problem": {"type": "string"},
                       "parameter": {"type": ["string", "null"]}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Folkets Fotavtrykk open data", "version": "1",
                 "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}},
        "paths": paths,
        "components": {
            "schemas": {"Value": table(VALUE_FIELDS), "Area": table(AREA_FIELDS),
                        "Participation": table(PARTICIPATION_FIELDS),
                        "Meta": obj(release=num, published_at=text, unit=text,
                                    licence=text, licence_url=text, attribution=text),
                        "Error": error},
            "responses": {"Error": {"description": "Error, as JSON", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    params.check_known(request.args, set())
    response = jsonify(document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
