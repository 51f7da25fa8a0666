"""Published numbers stay as they were: a release rebuilt now equals the stored reference.

The reference (tests/etl/data/release-*.csv.gz) was built by the code before the ETL was
reshaped into declared steps, from the demo records in `release_snapshot.DEMO`. When a
change is meant to move published numbers (a new method, new geodata), rebuild it with
`python -m tests.etl.release_snapshot` and say in the commit why the numbers moved.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.etl import release_snapshot

pytestmark = pytest.mark.slow


def _as_stored(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as it reads back from the snapshot CSV, so both sides have the same types."""
    return pd.read_csv(io.StringIO(frame.to_csv(index=False)), keep_default_na=False,
                       dtype=str)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> dict[str, pd.DataFrame]:
    return release_snapshot.build_release(tmp_path_factory.mktemp("release"))


@pytest.mark.parametrize("table", ["aggregates", "areas", "participation", "stayer_change"])
def test_a_release_rebuilt_from_the_same_records_matches_the_reference(rebuilt, table):
    reference = pd.read_csv(release_snapshot.snapshot_path(table), keep_default_na=False,
                            dtype=str)
    now = _as_stored(rebuilt[table])
    assert list(now.columns) == list(reference.columns)
    assert len(reference) > 100 and len(now) == len(reference)
    pd.testing.assert_frame_equal(now, reference)


def test_the_reference_holds_published_and_suppressed_numbers():
    """Guard: a reference of only empty cells would match almost anything."""
    reference = pd.read_csv(release_snapshot.snapshot_path("aggregates"),
                            dtype={"area_code": str})
    assert reference["mean"].notna().sum() > 10_000
    assert reference["suppressed"].sum() > 1_000
    assert set(reference["level"]) == {"country", "fylke", "kommune", "bydel"}
