"""Stage the batch and account for every file: accepted with its counts, or rejected.

Rows are checked, placed and written to staging (etl/steps/check.py), repeats counted
(etl/steps/repeats.py); this step turns the outcomes into the `inbox_files` rows, the
quarantine frame, the run's counts and the staged files the aggregation reads.
"""

from __future__ import annotations

import time

import pandas as pd

from etl.levels import Levels
from etl.runner import RunContext, step
from etl.steps.check import check_batch
from etl.steps.inbox import EXCLUSIONS_FILE, LAYOUT_FILE, STAGING_LAYOUT
from etl.steps.names import filed_as
from etl.steps.records import InboxFile
from etl.steps.repeats import FileOutcome, quarantined

QUARANTINE_COLUMNS = ["source_file", "source_sha256", "row_number", "reason", "detail",
                      "record"]


def _rejected(info: InboxFile, new: dict, reason: str) -> tuple[dict, pd.DataFrame]:
    row = {**new, "outcome": "rejected", "reason": reason,
           "stored_as": f"rejected/{filed_as(info.sha256, info.path)}", "path": info.path}
    frame = pd.DataFrame([{"row_number": None, "reason": "file_rejected", "detail": reason,
                           "record": None}])
    return row, frame


def _accepted(new: dict, info: InboxFile, r: FileOutcome) -> dict:
    return {**new, "outcome": "accepted", "rows_read": r.rows_read,
            "rows_accepted": r.accepted, "rows_quarantined": r.quarantined,
            "rows_duplicate": r.duplicates,
            "stored_as": f"archive/{filed_as(info.sha256, info.path)}", "path": info.path}


@step("check, place, deduplicate and stage", reads=("batch", "prior", "accepted",
      "ref_code_map", "ref_postcodes", "ref_subareas"),
      writes=("new_files", "quarantine", "staged"))
def run(ctx: RunContext) -> None:
    """Judge every file of the batch, count repeats once; inbox rows, quarantine, counts."""
    settings, report = ctx.settings, ctx.report
    batch: list[tuple[InboxFile, dict | None]] = ctx.get("batch")
    t = time.perf_counter()
    prior = [settings.staging_dir / f"{sha}.parquet" for sha in ctx.get("prior")]
    outcomes = check_batch(ctx.con, [info for info, _ in batch], settings.staging_dir, prior,
                           ctx.now, ctx.progress.emit, levels=Levels.of(settings.geodata_dir),
                           excluded=settings.excluded)
    # Staging now holds rows judged under these exclusions; a change rebuilds it (inbox.py).
    (settings.staging_dir / EXCLUSIONS_FILE).write_text(",".join(settings.excluded))
    (settings.staging_dir / LAYOUT_FILE).write_text(STAGING_LAYOUT)
    total = sum(r.rows_read for r in outcomes)
    ctx.progress.stage("check, place, deduplicate and stage", t, total)
    new_files, frames = [], []
    for (info, new), r in zip(batch, outcomes, strict=True):
        if new is None:  # a re-staged archive file: already recorded
            continue
        entry = {"file": new["file_name"], "sha256": info.sha256, "bytes": info.size_bytes}
        if r.rejected is not None:
            report.files["rejected"] += 1
            entry.update(outcome="rejected", reason=r.rejected)
            row, frame = _rejected(info, new, r.rejected)
        else:
            report.files["accepted"] += 1
            report.rows.update(read=r.rows_read, accepted=r.accepted,
                               quarantined=r.quarantined, duplicates=r.duplicates)
            report.reasons.update(r.reasons)
            entry.update(outcome="accepted", rows_read=r.rows_read, accepted=r.accepted,
                         quarantined=r.quarantined, duplicates=r.duplicates, reasons=r.reasons)
            row = _accepted(new, info, r)
            frame = quarantined(ctx.con, settings.staging_dir / f"{info.sha256}.parquet")
        new_files.append(row)
        frames.append(frame.assign(source_file=new["file_name"], source_sha256=info.sha256))
        report.inputs.append(entry)
    for key in ("read", "accepted", "quarantined", "duplicates"):
        report.rows.setdefault(key, 0)
    accepted = ctx.get("accepted") + [f["sha256"] for f in new_files
                                      if f["outcome"] == "accepted"]
    ctx.put("new_files", new_files)
    ctx.put("quarantine", pd.concat(frames, ignore_index=True) if frames
            else pd.DataFrame(columns=QUARANTINE_COLUMNS))
    ctx.put("staged", [settings.staging_dir / f"{sha}.parquet" for sha in accepted])
