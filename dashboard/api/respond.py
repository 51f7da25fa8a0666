"""Turning published rows into JSON or CSV, and the release-keyed caching every answer gets:
an ETag from the store, its release and the exact request, Last-Modified from when the
release was published, and 304 to a client that already holds that answer."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Callable
from datetime import UTC
from functools import wraps

import pandas as pd
from flask import Response, jsonify, request

from dashboard import store
from dashboard.api.fields import Field
from dashboard.api.params import ApiError
from dashboard.cache import cache

#: Answers may be kept five minutes; a release changes once a night, and the ETag lets a
#: client revalidate cheaply afterwards.
CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60"


def plain(value, field: Field):
    """A cell as JSON: None for empty (never NaN, never a sentinel), typed as the field."""
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return None
    if field.type == "integer":
        return int(value)
    if field.type == "number":
        number = float(value)
        return None if math.isnan(number) else number
    if field.type == "boolean":
        return bool(value)
    if field.type == "array":
        return list(value)
    return str(value)


def records(frame: pd.DataFrame, fields: tuple[Field, ...]) -> list[dict]:
    cols = [f.name for f in fields]
    return [{f.name: plain(v, f) for f, v in zip(fields, row, strict=True)}
            for row in frame[cols].itertuples(index=False, name=None)]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def csv_text(rows: list[dict], fields: tuple[Field, ...], header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow([f.name for f in fields])
    for row in rows:
        writer.writerow([csv_cell(row[f.name]) for f in fields])
    return out.getvalue()


def answer(rows: list[dict], fields: tuple[Field, ...], fmt: str, meta: dict,
           filename: str) -> Response:
    """JSON ({"meta": ..., "data": [...]}) or CSV of the rows."""
    if fmt == "csv":
        response = Response(csv_text(rows, fields), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return jsonify({"meta": meta, "data": rows})


def release_or_fail() -> store.Release:
    """The published release; 503 when there is none yet (StoreUnavailable goes to the
    blueprint's handler, also 503)."""
    rel = store.current_release()
    if rel is None:
        raise ApiError(503, "no release published yet")
    return rel


def _etag(rel: store.Release) -> str:
    key = f"{store.identity()}|{rel.run_id}|{request.full_path}"
    return "v1-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def _cached_view(view: Callable[..., Response], etag: str, rel: store.Release,
                 args, kwargs) -> Response:
    """The view's answer, kept whole in the shared cache under its ETag (which names the
    store, the release and the exact request), so a repeated request costs one lookup.
    Streamed answers (the bulk files) are never kept."""
    key = f"api:{etag}"
    kept = cache.get(key)
    if kept is not None:
        body, status, headers = kept
        return Response(body, status=status, headers=headers)
    response = view(rel, *args, **kwargs)
    if not response.is_streamed and response.status_code == 200:
        cache.set(key, (response.get_data(), response.status_code,
                        {k: v for k, v in response.headers.items()
                         if k in ("Content-Type", "Content-Disposition")}))
    return response


def by_release(view: Callable[..., Response]) -> Callable[..., Response]:
    """Serve `view(rel, ...)` with release-keyed validators, or 304 when the client's copy is
    current (checked before any query runs), from the shared cache when it has the answer."""

    @wraps(view)
    def wrapper(*args, **kwargs) -> Response:
        rel = release_or_fail()
        etag = _etag(rel)
        modified = pd.Timestamp(rel.published_at).to_pydatetime().replace(microsecond=0)
        if modified.tzinfo is None:
            modified = modified.replace(tzinfo=UTC)
        since = request.if_modified_since
        fresh = etag in request.if_none_match if request.if_none_match else \
            (since is not None and modified <= since)
        response = Response(status=304) if fresh else \
            _cached_view(view, etag, rel, args, kwargs)
        response.set_etag(etag)
        response.last_modified = modified
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapper
