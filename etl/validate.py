"""What the next night's run would do with a delivery, told to the partner before they send it.

`fotavtrykk validate FILE…` runs the ETL's own checks (etl/steps/records.py, check.py,
repeats.py) on the files as one batch, in a private temporary folder: nothing is
published, moved, or written to the store or the data folder. Repeats are looked up within
the files and, when this machine has a store with earlier deliveries and their staged
records, against those too. The outcome per file is the one the run would record:
rejected with its reason, recognised as already delivered, or accepted with its rows
counted as accepted + quarantined (by reason, with row numbers) + repeats.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from sqlalchemy.exc import SQLAlchemyError

from core.settings import Settings
from core.store.db import make_engine
from etl import reference_tables
from etl.levels import Levels
from etl.steps.check import check_batch
from etl.steps.inbox import known_files
from etl.steps.records import describe
from etl.steps.repeats import quote, read_staged

#: Exit codes: every file usable and every row accepted (repeats are not an error) ...
CLEAN = 0
#: ... at least one file would be refused whole ...
REJECTED = 1
#: ... no file refused, but some rows would be quarantined.
QUARANTINED = 2


@dataclass
class FileCheck:
    """One file's verdict: outcome, counts, and for each reason its count and example rows."""

    file: str
    sha256: str
    outcome: str  # accepted | rejected | already_delivered
    reason: str | None = None
    rows_read: int = 0
    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    reasons: dict[str, dict] = field(default_factory=dict)  # reason: {count, examples}
    repeat_rows: list[int] = field(default_factory=list)  # examples of repeated rows


@dataclass
class Validation:
    files: list[FileCheck]
    earlier_deliveries: int  # staged earlier deliveries repeats were looked up in

    @property
    def exit_code(self) -> int:
        if any(f.outcome == "rejected" for f in self.files):
            return REJECTED
        return QUARANTINED if any(f.quarantined for f in self.files) else CLEAN

    def as_dict(self) -> dict:
        return {"files": [asdict(f) for f in self.files], "exit_code": self.exit_code,
                "earlier_deliveries": self.earlier_deliveries}


def _earlier(settings: Settings) -> tuple[set[str], list[Path]]:
    """Checksums of every file a run has recorded, and the staged records of the accepted
    ones still on this machine; nothing without a store (a partner's own machine) or when
    the store cannot be read."""
    url = settings.db_url
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return set(), []
    engine = make_engine(url, read_only=True)
    try:
        known = known_files(engine)
    except SQLAlchemyError:
        return set(), []
    finally:
        engine.dispose()
    staged = [settings.staging_dir / f"{sha}.parquet" for sha, f in known.items()
              if f["outcome"] == "accepted"]
    return set(known), [p for p in staged if p.exists()]


def _connect(folder: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB database of its own: never the run's working file, which a night's run may
    be using at this very moment (etl/work_db.py deletes it on connect)."""
    con = duckdb.connect(str(folder / "validate.duckdb"))
    con.execute("SET TimeZone = 'UTC'")  # as the run reads timestamps
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = {quote(folder / 'spill')}")
    return con


def _examples(con: duckdb.DuckDBPyConnection, staged: Path, per_reason: int) -> dict:
    """Per quarantine reason: its count and the first rows with the raw record."""
    rows = con.execute(f"""
        SELECT reason, count(*) OVER (PARTITION BY reason) AS n, row_number, record
        FROM read_parquet({quote(staged)}) WHERE reason IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY reason ORDER BY row_number) <= {per_reason}
        ORDER BY reason, row_number""").fetchall()
    out: dict[str, dict] = {}
    for reason, n, row, record in rows:
        entry = out.setdefault(reason, {"count": n, "examples": []})
        entry["examples"].append({"row": row, "record": record})
    return out


def _repeat_rows(con: duckdb.DuckDBPyConnection, staged: Path, before: list[Path],
                 limit: int) -> list[int]:
    """Rows of a file whose estimate (respondent and time) came earlier: in this file,
    or in `before` (earlier deliveries and earlier files of the batch)."""
    seen = (f"OR EXISTS (SELECT 1 FROM {read_staged(before, 'respondent_id, submitted_at')} b "
            "WHERE b.respondent_id = m.respondent_id AND b.submitted_at = m.submitted_at)"
            if before else "")
    return [r for (r,) in con.execute(f"""
        SELECT row_number FROM (
            SELECT row_number, respondent_id, submitted_at,
                   row_number() OVER (PARTITION BY respondent_id, submitted_at
                                      ORDER BY row_number) AS k
            FROM read_parquet({quote(staged)}) WHERE reason IS NULL) m
        WHERE k > 1 {seen} ORDER BY row_number LIMIT {limit}""").fetchall()]


def validate(paths: list[Path], settings: Settings, *, per_reason: int = 5,
             now: datetime | None = None) -> Validation:
    """Check `paths` as one delivery batch, in order, the way the next run would."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    earlier, prior = _earlier(settings)
    infos = [describe(p) for p in paths]
    checks = [FileCheck(file=p.name, sha256=i.sha256, outcome="already_delivered")
              for p, i in zip(paths, infos, strict=True)]
    fresh, seen = [], set(earlier)
    for check, info in zip(checks, infos, strict=True):
        if info.sha256 not in seen:
            seen.add(info.sha256)
            fresh.append((check, info))
    with tempfile.TemporaryDirectory(prefix="fotavtrykk-validate-") as tmp:
        folder = Path(tmp)
        con = _connect(folder, settings.memory_limit)
        try:
            reference_tables.load(con, settings.geodata_dir)
            outcomes = check_batch(con, [i for _, i in fresh], folder / "staged", prior, now,
                                   levels=Levels.of(settings.geodata_dir),
                                   excluded=settings.excluded)
            before = list(prior)
            for (check, info), r in zip(fresh, outcomes, strict=True):
                if r.rejected is not None:
                    check.outcome, check.reason = "rejected", r.rejected
                    continue
                staged = folder / "staged" / f"{info.sha256}.parquet"
                check.outcome = "accepted"
                check.rows_read, check.accepted = r.rows_read, r.accepted
                check.quarantined, check.duplicates = r.quarantined, r.duplicates
                check.reasons = _examples(con, staged, per_reason)
                if r.duplicates:
                    check.repeat_rows = _repeat_rows(con, staged, before, per_reason)
                before.append(staged)
        finally:
            con.close()
    return Validation(checks, len(prior))


def render(result: Validation) -> list[str]:
    """The verdict in lines a partner reads: per file a summary, then reasons with rows."""
    lines = []
    for f in result.files:
        if f.outcome == "rejected":
            lines.append(f"{f.file}: REJECTED, the whole file would be set aside: {f.reason}")
            continue
        if f.outcome == "already_delivered":
            lines.append(f"{f.file}: already delivered (same checksum): the next run files it "
                         "away without counting it again")
            continue
        lines.append(f"{f.file}: {f.rows_read:,} rows = {f.accepted:,} accepted + "
                     f"{f.quarantined:,} quarantined + {f.duplicates:,} repeats")
        for reason, entry in f.reasons.items():
            lines.append(f"  quarantined {entry['count']:,}: {reason}")
            lines += [f"    row {e['row']}: {e['record']}" for e in entry["examples"]]
        if f.duplicates:
            rows = ", ".join(str(r) for r in f.repeat_rows)
            lines.append(f"  repeats {f.duplicates:,}: an estimate (respondent and time) "
                         f"delivered before; e.g. rows {rows}")
    lines.append(f"(rows are numbered from the first row after the header; repeats looked up "
                 f"in this batch and {result.earlier_deliveries} earlier delivery(ies))")
    verdict = {CLEAN: "OK: every row would be accepted",
               REJECTED: "NOT OK: a file would be rejected",
               QUARANTINED: "NOT OK: some rows would be quarantined"}
    lines.append(verdict[result.exit_code])
    return lines
