"""How long raw drops are kept: `crosswalk purge --before DATE` removes every program's
partitions older than DATE from the raw zone (quarantined rows included), the audit zone
(whose issues hold the values as received) and the landing zone, and writes one audit line
for each folder it removes to `audit/purges.csv`.

A program's newest accepted drop is never removed, however old: it is the snapshot in
service (extract-spec.md), and staging reads it. A purge holds the run lock: it never runs
beside a night.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


def in_service(found: list[Partition]) -> dict[str, date]:
    """Each program's newest drop in the raw zone: the snapshot in service."""
    newest: dict[str, date] = {}
    for part in found:
        if part.zone == "raw":
            newest[part.program] = max(newest.get(part.program, part.extract_date), part.extract_date)
    return newest


def purge(paths: Paths, before: date) -> list[dict]:
    """Remove every partition older than `before` but each program's snapshot in service;
    return the audit lines written (one per folder removed)."""
    with run_lock.hold_process(paths, f"a purge before {before}"):
        return _purge(paths, before)


def _purge(paths: Paths, before: date) -> list[dict]:
    found = partitions(paths)
    kept = in_service(found)
    lines = []
    for part in found:
        if part.extract_date >= before or part.extract_date == kept.get(part.program):
            continue
        files = [f for f in part.path.rglob("*") if f.is_file()]
        lines.append({"purged_at": datetime.now(UTC).isoformat(timespec="seconds"),
                      "zone": part.zone, "program": part.program,
                      "extract_date": part.extract_date.isoformat(), "path": str(part.path),
                      "files": len(files), "bytes": sum(f.stat().st_size for f in files)})
        shutil.rmtree(part.path)
    _log(paths.audit_dir / "purges.csv", lines)
    return lines


def _log(log: Path, lines: list[dict]) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    new = not log.exists()
    with log.open("a", newline="") as out:
        writer = csv.DictWriter(out, PURGE_LOG_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerows(lines)
