"""The open-data API, version 1 (`/api/v1/…`): read-only GET endpoints over the published
release, open to any origin. A change to a v1 field means /api/v2 (see fields.py).

The routes are plain Flask routes, so dashboard/status.py (which only looks at Dash's page
routes) leaves them alone; errors here are answered as JSON by the handlers below.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from dashboard.api import bulk, openapi, participation  # noqa: F401  (they add routes to bp)
from dashboard.api.endpoints import bp
from dashboard.api.params import ApiError
from dashboard.status import RETRY_AFTER_S

log = logging.getLogger(__name__)
PREFIX = "/api/"


@bp.errorhandler(ApiError)
def _error(exc: ApiError) -> Response:
    response = jsonify(exc.body())
    response.status_code = exc.status
    if exc.status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


@bp.errorhandler(SQLAlchemyError)
def _store_failed(exc: SQLAlchemyError) -> Response:
    log.warning("%s %s: store error %s", request.method, request.path, type(exc).__name__)
    return _error(ApiError(503, "store temporarily unavailable"))


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Response:
    return _error(ApiError(exc.code or 500, exc.description or exc.name))


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.path)
    return _error(ApiError(500, "internal error"))


@bp.get("/")
def index() -> Response:
    """Where to start: the document and the page that describe every endpoint."""
    return jsonify({"openapi": "/api/v1/openapi.json", "documentation": "/api",
                    "bulk": ["/api/v1/bulk.csv", "/api/v1/bulk.parquet"]})


@bp.route("/<path:rest>", methods=["GET"])
def not_found(rest: str) -> Response:
    return _error(ApiError(404, "no such endpoint (see /api/v1/openapi.json)"))


def add_cors(response: Response) -> Response:
    """Any origin may read the API (it is public data, read-only and without cookies)."""
    if request.path.startswith(PREFIX):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        if response.status_code >= 400:
            response.headers["Cache-Control"] = \
                "no-store" if response.status_code >= 500 else "public, max-age=60"
    return response


def register(server: Flask) -> None:
    server.register_blueprint(bp)
    server.after_request(add_cors)
