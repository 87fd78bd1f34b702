"""How long raw drops are kept: `crosswalk purge --before DATE` removes every program's
partitions older than DATE from the raw zone (quarantined rows included), the audit zone
(whose issues hold the values as received) and the landing zone, and writes one audit line
for each folder it removes to `audit/purges.csv`.

A program's newest wholly accepted drop (by its audit, as staging decides) is never
removed, however old: it is the snapshot in service (extract-spec.md). Nor is anything
of a later date (a drop landed but not yet accepted). A purge holds the run lock: it
never runs beside a night.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from crosswalk import run_lock
from crosswalk.settings import PROGRAMS, Paths, raw_retention_days

PURGE_LOG_COLUMNS = ["purged_at", "zone", "program", "extract_date", "path", "files", "bytes"]
_PARTITION = re.compile(r"program=(?P<program>\w+)/extract_date=(?P<date>\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Partition:
    zone: str  # raw, quarantined, audit, landing
    program: str
    extract_date: date
    path: Path


def default_cutoff(today: date) -> date:
    """The oldest extract date kept under the configured retention."""
    return today - timedelta(days=raw_retention_days())


def partitions(paths: Paths) -> list[Partition]:
    """Every dated folder of every program in the raw, audit and landing zones."""
    found = []
    for zone, root in (("raw", paths.raw_dir), ("audit", paths.audit_dir)):
        for folder in root.rglob("extract_date=*"):
            match = _PARTITION.search(folder.relative_to(root).as_posix())
            if match and folder.is_dir():
                kind = "quarantined" if folder.relative_to(root).parts[0] == "quarantined" else zone
                found.append(Partition(kind, match["program"],
                                       date.fromisoformat(match["date"]), folder))
    for program in PROGRAMS:
        for folder in (paths.landing_dir / program).glob("????-??-??"):
            if folder.is_dir():
                found.append(Partition("landing", program, date.fromisoformat(folder.name), folder))
    return sorted(found, key=lambda p: (p.program, p.extract_date, p.zone, str(p.path)))


def in_service(paths: Paths) -> dict[str, date]:
    """Each program's newest drop whose every file its audit records as accepted."""
    newest: dict[str, date] = {}
    for files in paths.audit_dir.glob("program=*/extract_date=*/files.parquet"):
        program = files.parent.parent.name.removeprefix("program=")
        day = date.fromisoformat(files.parent.name.removeprefix("extract_date="))
        outcomes = set(pq.read_table(files, columns=["outcome"]).column("outcome").to_pylist())
        if outcomes == {"accepted"} and day > newest.get(program, date.min):
            newest[program] = day
    return newest


def purge(paths: Paths, before: date) -> list[dict]:
    """Remove every partition older than `before` but each program's snapshot in service;
    return the audit lines written (one per folder removed)."""
    with run_lock.hold_process(paths, f"a purge before {before}"):
        return _purge(paths, before)


def _purge(paths: Paths, before: date) -> list[dict]:
    kept = in_service(paths)
    log = paths.audit_dir / "purges.csv"
    lines = []
    for part in partitions(paths):
        if part.extract_date >= min(before, kept.get(part.program, date.max)):
            continue
        files = [f for f in part.path.rglob("*") if f.is_file()]
        line = {"purged_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "zone": part.zone, "program": part.program,
                "extract_date": part.extract_date.isoformat(), "path": str(part.path),
                "files": len(files), "bytes": sum(f.stat().st_size for f in files)}
        shutil.rmtree(part.path)
        _log(log, line)  # as each goes: a folder that cannot be removed stops the purge logged
        lines.append(line)
    return lines


def _log(log: Path, line: dict) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    new = not log.exists()
    with log.open("a", newline="") as out:
        writer = csv.DictWriter(out, PURGE_LOG_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(line)
