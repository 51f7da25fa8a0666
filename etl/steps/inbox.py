"""Find the files to stage: new inbox files, or the whole archive when staging is rebuilt.

A file is known by its checksum, not its name: one seen before (delivered again, or left in
the inbox by a run killed after publishing) is counted as already processed and only moved.
Files still being written (names ending `.part`, `.tmp` or `.partial`, and hidden names
such as `.upload.csv`) are left alone, and each one is reported every night so a stray one
is noticed. Only those exact patterns are skipped: `..data.csv` is a delivery like any other.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine, select

from core.store.schema import inbox_files
from etl.runner import RunContext, step
from etl.steps.names import delivered, filed_as, shown
from etl.steps.records import InboxFile, describe

#: Files checksummed at once: the 2 cores the ETL is sized for.
CHECKSUM_THREADS = 2
#: Endings of names a provider writes under before renaming the finished file.
IN_PROGRESS_SUFFIXES = (".part", ".tmp", ".partial")


def in_progress(path: Path) -> str | None:
    """Why a name in the inbox is not (yet) a delivery, or None if it is one."""
    name = path.name
    if not path.is_file():
        return "not a file"
    if name.endswith(IN_PROGRESS_SUFFIXES):
        return f"still being written ({name.rsplit('.', 1)[1]})"
    if name.startswith(".") and not name.startswith(".."):
        return "hidden (still being written)"
    return None


def inbox_candidates(inbox: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files waiting in the inbox, by name; and the names left alone, with why."""
    if not inbox.exists():
        return [], []
    files, skipped = [], []
    for path in sorted(inbox.iterdir()):
        why = in_progress(path)
        if why is None:
            files.append(path)
        else:
            skipped.append((path, why))
    return files, skipped


#: Beside the staged files: the excluded sources they were judged under (etl/steps/intake.py).
EXCLUSIONS_FILE = "excluded-sources.txt"


def staged_exclusions(staging: Path) -> tuple[str, ...]:
    """The excluded sources staging was built under (none if never recorded)."""
    marker = staging / EXCLUSIONS_FILE
    return tuple(marker.read_text().split(",")) if marker.is_file() and marker.read_text() \
        else ()


#: Beside the staged files: the layout they were written in; staging in another layout is
#: rebuilt. 2: each file's later deliveries of repeated estimates beside it, which the
#: per-source counts rely on (etl/steps/repeats.py). 3: no household size, which no
#: published number uses (checked, never kept). 4: no levels above the base (the county),
#: which follow from the base through the current pack when records are read.
LAYOUT_FILE = "staging-layout.txt"
STAGING_LAYOUT = "4"


def staged_layout(staging: Path) -> str:
    """The layout staging was written in ("1" if never recorded)."""
    marker = staging / LAYOUT_FILE
    return marker.read_text().strip() if marker.is_file() else "1"


def known_files(engine: Engine) -> dict[str, dict]:
    """Every file a published run recorded, by checksum."""
    with engine.connect() as conn:
        rows = conn.execute(select(inbox_files).order_by(inbox_files.c.run_id,
                                                         inbox_files.c.file_name))
        return {r.sha256: dict(r._mapping) for r in rows}


def _described(paths: list[Path]) -> list[InboxFile]:
    """Every file checksummed and counted, two at a time: hashing lets go of the
    interpreter, so a second core (or a second share of a busy one) halves the wait."""
    if len(paths) < 2:
        return [describe(p) for p in paths]
    with ThreadPoolExecutor(max_workers=CHECKSUM_THREADS) as pool:
        return list(pool.map(describe, paths))


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
    if not ctx.rebuild and accepted and staged_exclusions(staging) != settings.excluded:
        # Staged rows were judged under other excluded sources (core/settings.py).
        progress.emit("the excluded sources changed: rebuilding staging from the archive")
        ctx.rebuild = True
    if not ctx.rebuild and accepted and staged_layout(staging) != STAGING_LAYOUT:
        progress.emit("staging was written in an earlier layout: rebuilding it from the archive")
        ctx.rebuild = True
    if ctx.rebuild:
        progress.emit(f"rebuild: re-staging {len(accepted)} archived file(s)")
        shutil.rmtree(staging, ignore_errors=True)
        batch = [(info, None) for info in
                 _described([settings.data_dir / known[sha]["stored_as"] for sha in accepted])]
    moves: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    candidates, skipped = inbox_candidates(settings.inbox_dir)
    for path, why in skipped:
        report.files["skipped"] += 1
        report.inputs.append({"file": delivered(path), "outcome": "skipped", "reason": why})
        progress.emit(f"  skipped {shown(delivered(path))}: {why}")
    for path, info in zip(candidates, _described(candidates), strict=True):
        if info.sha256 in known or info.sha256 in seen:
            report.files["already_processed"] += 1
            report.inputs.append({"file": delivered(path), "sha256": info.sha256,
                                  "bytes": info.size_bytes, "outcome": "already_processed"})
            # A run killed after publishing left its file here: finish its move.
            stored = known.get(info.sha256, {}).get("stored_as")
            done = stored and not (settings.data_dir / stored).exists()
            target = (settings.data_dir / stored if done else
                      settings.archive_dir / "repeats" / filed_as(info.sha256, path))
            moves.append((path, target))
            continue
        seen.add(info.sha256)
        batch.append((info, {"sha256": info.sha256, "file_name": delivered(path),
                             "size_bytes": info.size_bytes}))
    progress.stage("checksum", t)
    progress.emit(f"{len(batch)} file(s) to stage")
    ctx.put("batch", batch)
    ctx.put("moves", moves)
    ctx.put("accepted", accepted)
    ctx.put("prior", [] if ctx.rebuild else list(accepted))  # a rebuild re-stages as one batch
