"""The bulk download: the whole release, streamed chunk by chunk as it is read."""

from __future__ import annotations

import gzip
import io

import pandas as pd
import pyarrow.parquet as pq

from dashboard import store
from dashboard.api import bulk


def _reading_counter(monkeypatch) -> list[int]:
    """Count the chunks read from the store, in small chunks so the demo release has many."""
    read: list[int] = []
    real = store.release_chunks

    def counted(run_id, size):
        for frame in real(run_id, size):
            read.append(len(frame))
            yield frame

    monkeypatch.setattr(store, "release_chunks", counted)
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 2_000)
    return read


def test_bulk_csv_streams_before_the_release_is_read(client, monkeypatch):
    read = _reading_counter(monkeypatch)
    response = client.get("/api/v1/bulk.csv", buffered=False)
    assert response.is_streamed
    chunks = iter(response.response)
    header = next(chunks)
    first = next(chunks)
    assert header.startswith(b"level,area_code,area_name,period") and first.count(b"\n") > 100
    assert len(read) == 1, "the first rows went out after one chunk was read"
    rest = b"".join(chunks)
    response.close()
    assert len(read) > 10
    frame = pd.read_csv(io.BytesIO(header + first + rest), dtype={"area_code": str},
                        low_memory=False)
    assert len(frame) == sum(read)
    assert frame.loc[frame["suppressed"], "mean"].isna().all()
    assert set(frame["level"]) == {"country", "fylke", "kommune", "bydel"}


def test_bulk_parquet_streams_row_groups_and_reads_back(client, monkeypatch):
    read = _reading_counter(monkeypatch)
    response = client.get("/api/v1/bulk.parquet", buffered=False)
    chunks = iter(response.response)
    first = next(chunks)
    assert first.startswith(b"PAR1") and len(read) == 1
    data = first + b"".join(chunks)
    response.close()
    parquet = pq.ParquetFile(io.BytesIO(data))
    assert parquet.metadata.num_rows == sum(read)
    assert parquet.metadata.num_row_groups == len(read)
    assert parquet.schema_arrow.metadata[b"unit"] == b"t CO2e per person per year"
    frame = parquet.read().to_pandas()
    assert frame.loc[frame["suppressed"], "mean"].isna().all()


def test_bulk_csv_still_streams_when_compressed(client, monkeypatch):
    read = _reading_counter(monkeypatch)
    response = client.get("/api/v1/bulk.csv", buffered=False,
                          headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.is_streamed and response.headers["Content-Encoding"] == "gzip"
    chunks = iter(response.response)
    first = b""
    while not first:
        first = next(chunks)
    assert len(read) < 3, "compressed parts go out while the release is still being read"
    body = gzip.decompress(first + b"".join(chunks))
    response.close()
    assert body.count(b"\n") == sum(read) + 1
