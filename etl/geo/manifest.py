"""The build manifest: sources with checksums, outputs with counts, attribution per level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from etl.geo.config import Config
from etl.geo.outputs import OutputSet, sha256
from etl.geo.sources import source_path


def table_meta(spec: dict[str, Any]) -> dict[str, Any]:
    """Manifest entry fields of a table output: its source files, licence and attribution."""
    files = [s["file"] for s in spec.get("sources", [])]
    files += [spec[k]["file"] for k in ("table", "weights", "first_year") if k in spec]
    return {
        "sources": files or ["(derived from other outputs)"],
        "licence": spec.get("licence", ""),
        "attribution": spec.get("attribution", ""),
    }


def level_files(cfg: Config) -> list[str]:
    """Every source file the levels read (codes, names, parents, shapes)."""
    return sorted({f for lv in cfg.levels for f in lv.files()})


def licences(cfg: Config) -> str:
    """Every level's licence, for tables (areas.csv) that draw on all levels."""
    return "; ".join(sorted({lv.spec.get("licence", "") for lv in cfg.levels} - {""}))


def build_manifest(
    cfg: Config,
    source_dir: Path,
    outputs: OutputSet,
    areas: pd.DataFrame,
    sizes: dict[str, dict[str, float]],
    distortion: dict[str, float],
    tables: dict[str, pd.DataFrame],
) -> dict[str, Any]:
    """Sources with checksums, outputs with counts, per-level attribution and the checks run."""
    files = set(level_files(cfg))
    for entry in outputs.entries.values():
        files.update(f for f in entry.get("sources", []) if not f.startswith("("))
    counts = areas.groupby("level").size()
    return {
        "format_version": 1,
        "config": {"file": cfg.path.name, "sha256": sha256(cfg.path.read_bytes())},
        "sources": {
            f: sha256(source_path(source_dir, {"file": f}).read_bytes()) for f in sorted(files)
        },
        "levels": {
            lv.name: {
                "parent": lv.parent,
                "areas": int(counts.get(lv.name, 0)),
                "boundaries": f"boundaries/{lv.name}.geojson",
                "attribution": lv.attribution,
                "licence": lv.spec.get("licence", ""),
                "gzip_kb": sizes[lv.name]["total"],
                "gzip_kb_by_parent": (
                    {k: v for k, v in sizes[lv.name].items() if k != "total"}
                    if "budget_kb_per_parent" in lv.spec
                    else None
                ),
                "max_distortion": distortion.get(lv.name),
            }
            for lv in cfg.levels
        },
        "attribution": {name: (cfg.section(name) or {}).get("attribution", "") for name in tables},
        "outputs": outputs.entries,
        "settings": {k: v for k, v in cfg.build.items()},
    }
