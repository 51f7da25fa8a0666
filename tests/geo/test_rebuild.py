"""A full rebuild from geodata/sources reproduces the committed outputs byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.geo.build import run

GEODATA = Path(__file__).resolve().parents[2] / "geodata"


@pytest.mark.slow
def test_full_build_reproduces_committed_outputs(tmp_path):
    manifest = run(GEODATA / "sources", tmp_path, GEODATA / "layers.toml")
    for rel in [*manifest["outputs"], "manifest.json"]:
        assert (tmp_path / rel).read_bytes() == (GEODATA / rel).read_bytes(), rel
