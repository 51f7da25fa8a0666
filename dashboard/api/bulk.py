"""The whole published release as one CSV or Parquet file, streamed: rows are read from the
store in chunks through a server-side cursor and each chunk is sent (as CSV lines, or as one
Parquet row group) before the next is read, so memory stays flat however large the release.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from flask import Response, request, stream_with_context

from dashboard import partners, store
from dashboard.api import params
from dashboard.api.endpoints import _value_rows, bp
from dashboard.api.fields import LICENCE, UNIT, VALUE_FIELDS
from dashboard.api.respond import by_release, csv_text

#: Rows read from the store per chunk (one Parquet row group): small enough that a chunk's
#: Python objects stay a few tens of MB, large enough for row groups that compress well.
CHUNK_ROWS = 10_000
_ARROW = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(),
          "boolean": pa.bool_()}
SCHEMA = pa.schema([pa.field(f.name, _ARROW[f.type], nullable=f.nullable)
                    for f in VALUE_FIELDS],
                   metadata={"unit": UNIT, "licence": LICENCE})


def csv_chunks(rel: store.Release, size: int | None = None) -> Iterator[bytes]:
    yield csv_text([], VALUE_FIELDS).encode()
    for frame in store.release_chunks(rel.run_id, size or CHUNK_ROWS):
        yield csv_text(_value_rows(rel, frame), VALUE_FIELDS, header=False).encode()


class _Sink:
    """A write-only file for ParquetWriter that hands out what was written since last asked."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def parquet_chunks(rel: store.Release, size: int | None = None) -> Iterator[bytes]:
    sink = _Sink()
    # the release's data partners travel inside the file, as in /data/sources.csv
    found = json.dumps(partners.country(rel.run_id))
    writer = pq.ParquetWriter(sink, SCHEMA.with_metadata({**SCHEMA.metadata,
                                                          b"partners": found.encode()}))
    for frame in store.release_chunks(rel.run_id, size or CHUNK_ROWS):
        rows = _value_rows(rel, frame)
        writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        yield sink.take()
    writer.close()
    yield sink.take()


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """gzip each chunk and flush it, so compressed parts still leave as they are read
    (Flask-Compress's streaming compressors hold everything back until the end)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: gzip framing
    for chunk in chunks:
        yield packer.compress(chunk) + packer.flush(zlib.Z_SYNC_FLUSH)
    yield packer.flush()


def accepts_gzip() -> bool:
    return any(part.split(";")[0].strip() == "gzip"
               for part in request.headers.get("Accept-Encoding", "").split(","))


@bp.get("/bulk.csv", defaults={"kind": "csv"})
@bp.get("/bulk.parquet", defaults={"kind": "parquet"})
@by_release
def bulk(rel: store.Release, kind: str) -> Response:
    params.check_known(request.args, set())
    chunks = csv_chunks(rel) if kind == "csv" else parquet_chunks(rel)
    mimetype = "text/csv" if kind == "csv" else "application/vnd.apache.parquet"
    packed = kind == "csv" and accepts_gzip()  # Parquet is compressed inside already
    response = Response(stream_with_context(gzipped(chunks) if packed else chunks),
                        mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    if packed:  # (a Content-Encoding set here makes Flask-Compress leave the answer alone)
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Link"] = '</data/sources.csv>; rel="describedby"; type="text/csv"'
    response.headers["Content-Disposition"] = \
        f'attachment; filename="fotavtrykk-release-{rel.run_id}.{kind}"'
    return response
