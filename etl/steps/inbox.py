"""Find the files to stage: new inbox files, or the whole archive when staging is rebuilt.

A file is known by its checksum, not its name: one seen before (delivered again, or left in
the inbox by a run killed after publishing) is counted as already processed and only moved.
Half-written files (`.part`, `.tmp`, `.partial`) and hidden files are left alone.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from sqlalchemy import Engine, select

from core.store.schema import inbox_files
from etl.runner import RunContext, step
from etl.steps.records import InboxFile, describe

IGNORED_SUFFIXES = (".part", ".tmp", ".partial")


def inbox_candidates(inbox: Path) -> list[Path]:
    """Files waiting in the inbox, oldest name first; half-written files are left alone."""
    if not inbox.exists():
        return []
    return sorted(
        p for p in inbox.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(IGNORED_SUFFIXES)
    )


def known_files(engine: Engine) -> dict[str, dict]:
    """Every file a published run recorded, by checksum."""
    with engine.connect() as conn:
        rows = conn.execute(select(inbox_files).order_by(inbox_files.c.run_id,
                                                         inbox_files.c.file_name))
        return {r.sha256: dict(r._mapping) for r in rows}


@step("checksum", writes=("batch", "moves", "accepted", "prior"))
def run(ctx: RunContext) -> None:
    """The batch to stage (file, new inbox_files row or None), the moves after publishing,
    the files accepted before and those new files' repeats are looked up in."""
    t = time.perf_counter()
    settings, progress, report = ctx.settings, ctx.progress, ctx.report
    known = known_files(ctx.engine)
    accepted = [sha for sha, f in known.items() if f["outcome"] == "accepted"]
    staging = settings.staging_dir
    batch: list[tuple[InboxFile, dict | None]] = []
    if not ctx.rebuild and any(not (staging / f"{sha}.parquet").exists() for sha in accepted):
        # A rebuild was killed half-way, or staging was lost: recompute from the archive.
        progress.emit("staging is incomplete: rebuilding it from the archive")
        ctx.rebuild = True
    if ctx.rebuild:
        progress.emit(f"rebuild: re-staging {len(accepted)} archived file(s)")
        shutil.rmtree(staging, ignore_errors=True)
        batch = [(describe(settings.data_dir / known[sha]["stored_as"]), None)
                 for sha in accepted]
    moves: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    for path in inbox_candidates(settings.inbox_dir):
        info = describe(path)
        if info.sha256 in known or info.sha256 in seen:
            report.files["already_processed"] += 1
            report.inputs.append({"file": path.name, "sha256": info.sha256,
                                  "bytes": info.size_bytes, "outcome": "already_processed"})
            # A run killed after publishing left its file here: finish its move.
            stored = known.get(info.sha256, {}).get("stored_as")
            done = stored and not (settings.data_dir / stored).exists()
            target = (settings.data_dir / stored if done else
                      settings.archive_dir / "repeats" / f"{info.sha256}-{path.name}")
            moves.append((path, target))
            continue
        seen.add(info.sha256)
        batch.append((info, {"sha256": info.sha256, "file_name": path.name,
                             "size_bytes": info.size_bytes}))
    progress.stage("checksum", t)
    progress.emit(f"{len(batch)} file(s) to stage")
    ctx.put("batch", batch)
    ctx.put("moves", moves)
    ctx.put("accepted", accepted)
    ctx.put("prior", [] if ctx.rebuild else list(accepted))  # a rebuild re-stages as one batch
