"""Writes a whole set of outputs to a staging directory, then swaps it into place.

Every file is written deterministically (no timestamps, fixed order, gzip mtime 0), so a
rebuild from the same sources gives byte-identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

STAGING = ".build-tmp"


@dataclass
class OutputSet:
    """Files to publish, by path relative to the output directory, with manifest entries."""

    files: dict[str, bytes] = field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, rel: str, data: bytes, **meta: Any) -> None:
        self.files[rel] = data
        self.entries[rel] = {**meta, "sha256": sha256(data), "bytes": len(data)}

    def add_csv(self, rel: str, frame: pd.DataFrame, **meta: Any) -> None:
        """CSV (gzipped when rel ends in .gz); meta gets the row count."""
        data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
        if rel.endswith(".gz"):
            data = gzip.compress(data, compresslevel=9, mtime=0)
        self.add(rel, data, rows=len(frame), **meta)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def publish(outputs: OutputSet, out_dir: Path, managed: list[str]) -> None:
    """Stage every file, then move them into out_dir; stale files in `managed` dirs go.

    Nothing in out_dir changes until all files are staged, so a failed build never
    leaves half a set of outputs.
    """
    out_dir = Path(out_dir)
    stage = out_dir / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    try:
        for rel, data in outputs.files.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for sub in managed:
            for old in sorted((out_dir / sub).glob("*")):
                if old.relative_to(out_dir).as_posix() not in outputs.files:
                    old.unlink()
        for rel in sorted(outputs.files):
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
