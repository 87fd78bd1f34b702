"""Ingest one program's drop for one extract date, all-or-nothing.

Accepted: each file's good rows go to the raw zone as Parquet
(`raw/<entity>/program=<p>/extract_date=<d>/data.parquet`, replaced on rerun),
with the names of any nulled fields per row; an optional file (applications.csv) only
when the drop has it. Rejected: nothing goes to the raw
zone for that date, so the last accepted snapshot stays in service. Either way
the audit zone gets this drop's file audit and every issue found
(`audit/program=<p>/extract_date=<d>/{files,issues}.parquet`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crosswalk.ingest.manifest import (
    DropRejected,
    check_checksum,
    check_row_count,
    read_manifest,
)
from crosswalk.ingest.rows import Issue, ParsedFile, quarantine_repeats, read_rows
from crosswalk.ingest.validate import (
    load_suite,
    missing_columns,
    required_columns,
    validate_frame,
)
from crosswalk.settings import (
    OPTIONAL_FILES,
    ROSTERS,
    SHARED_FILE_KEYS,
    SHARED_FILES,
    UNIQUE_KEY_FILES,
    Paths,
    entity_of,
    get_paths,
)
from crosswalk.warehouse import gated_folder

ISSUE_COLUMNS = ["program", "extract_date", "file", "line", "column", "rule", "value", "outcome"]
AUDIT_COLUMNS = ["program", "extract_date", "file", "rows_received", "rows_accepted",
                 "rows_quarantined", "fields_nulled", "sha256", "outcome", "rule", "reason",
                 "extra_columns"]


@dataclass
class FileResult:
    name: str
    parsed: ParsedFile | None = None
    sha256: str = ""
    nulled: dict[int, list[str]] = field(default_factory=dict)  # row position -> columns
    issues: list[Issue] = field(default_factory=list)  # nulled fields
    extra_columns: list[str] = field(default_factory=list)


@dataclass
class DropResult:
    program: str
    extract_date: str
    outcome: str  # accepted | rejected | missing
    reason: str = ""
    rows_accepted: dict[str, int] = field(default_factory=dict)
    rows_quarantined: int = 0
    fields_nulled: int = 0


def _suite_name(program: str, file_name: str) -> str:
    return f"{program}_clients" if file_name == ROSTERS[program].file_name else entity_of(file_name)


def _check_file(folder: Path, program: str, name: str, manifest, as_of: date) -> FileResult:
    path = folder / name
    if not path.exists():
        raise DropRejected(name, "file_missing", f"{path} is missing from the drop")
    if name not in manifest:
        raise DropRejected(name, "not_in_manifest", "file is not listed in manifest.json")
    result = FileResult(name, sha256=check_checksum(path, manifest[name]))
    is_roster = name == ROSTERS[program].file_name
    delimiter = ROSTERS[program].delimiter if is_roster else ","
    parsed = read_rows(path, delimiter)
    check_row_count(name, parsed.received, manifest[name])
    rules = load_suite(_suite_name(program, name))
    missing = missing_columns(rules, parsed.columns)
    if missing:
        raise DropRejected(name, "missing_columns",
                           f"required column(s) {', '.join(missing)} missing or renamed "
                           f"(header: {', '.join(parsed.columns)[:300]})", column=",".join(missing))
    required = set(required_columns(rules))
    result.extra_columns = [c for c in parsed.columns if c not in required]

    keys = ROSTERS[program].key_columns if is_roster else SHARED_FILE_KEYS[name]
    quarantine_repeats(parsed, keys, keyed=is_roster or name in UNIQUE_KEY_FILES)
    frame = pd.DataFrame(parsed.rows, columns=parsed.columns, dtype=object)
    frame = frame.map(lambda v: v.strip() or None)
    findings = validate_frame(frame, rules, as_of)
    dropped: set[int] = set()
    for f in findings:
        line = parsed.lines[f.index]
        if f.outcome == "quarantine":
            dropped.add(f.index)
            parsed.quarantined.append(Issue(line, f.column, f.rule, f.value, parsed.rows[f.index]))
    for f in findings:
        if f.outcome == "null_field" and f.index not in dropped:
            columns = result.nulled.setdefault(f.index, [])
            if f.column not in columns:
                columns.append(f.column)
                result.issues.append(Issue(parsed.lines[f.index], f.column, f.rule, f.value))
    if dropped:
        keep = [i for i in range(len(parsed.rows)) if i not in dropped]
        new_position = {old: new for new, old in enumerate(keep)}
        result.nulled = {new_position[i]: cols for i, cols in result.nulled.items()}
        parsed.rows = [parsed.rows[i] for i in keep]
        parsed.lines = [parsed.lines[i] for i in keep]
    if is_roster and not parsed.rows:
        raise DropRejected(name, "empty_roster", "roster has no loadable rows")
    result.parsed = parsed
    return result


def ingest_drop(program: str, extract_date: str, paths: Paths | None = None) -> DropResult:
    """Validate and load one program's drop; record the outcome whatever it is."""
    paths = paths or get_paths()
    as_of = date.fromisoformat(extract_date)
    folder = paths.landing_dir / program / extract_date
    file_names = [ROSTERS[program].file_name, *SHARED_FILES, *OPTIONAL_FILES]
    audit_dir = paths.audit_dir / f"program={program}" / f"extract_date={extract_date}"
    # The raw and audit zones keep values as received: owner-only, as the secure file.
    gated_folder(paths.raw_dir)
    gated_folder(paths.audit_dir)
    _clear(audit_dir)
    for name in file_names:
        _clear(_raw_partition(paths, program, name, extract_date))
        _clear(_quarantine_partition(paths, program, name, extract_date))

    if not folder.exists():
        result = DropResult(program, extract_date, "missing", f"no drop in {folder}")
        _write_audit(audit_dir, [_audit_row(program, extract_date, "", "missing", "drop_missing",
                                            result.reason)], [])
        return result

    checked: list[FileResult] = []
    absent: list[str] = []
    try:
        manifest = read_manifest(folder, program, extract_date)
        for name in file_names:
            if name in OPTIONAL_FILES and name not in manifest and not (folder / name).exists():
                absent.append(name)
                continue
            checked.append(_check_file(folder, program, name, manifest, as_of))
    except DropRejected as exc:
        rows = [_audit_row(program, extract_date, exc.file, "rejected", exc.rule, str(exc))]
        issue = {"program": program, "extract_date": extract_date, "file": exc.file, "line": None,
                 "column": exc.column, "rule": exc.rule, "value": exc.value or str(exc),
                 "outcome": "drop_rejected"}
        _write_audit(audit_dir, rows, [issue])
        return DropResult(program, extract_date, "rejected", str(exc))

    audit, issues = [], []
    # Valid, but recorded: a sender that stops sending it is seen, not silently emptied.
    issues += [{"program": program, "extract_date": extract_date, "file": name, "line": None,
                "column": "", "rule": "optional_file_absent",
                "value": f"{name} is not in this drop (optional: nothing of it is loaded)",
                "outcome": "ignored"} for name in absent]
    result = DropResult(program, extract_date, "accepted")
    for checked_file in checked:
        parsed = checked_file.parsed
        _write_raw(paths, program, extract_date, checked_file)
        quarantined = _write_quarantined(paths, program, extract_date, checked_file)
        for issue in parsed.quarantined:
            issues.append(_issue(program, extract_date, checked_file.name, issue, "quarantined"))
        for issue in checked_file.issues:
            issues.append(_issue(program, extract_date, checked_file.name, issue, "nulled"))
        for column in checked_file.extra_columns:
            issues.append(_issue(program, extract_date, checked_file.name,
                                 Issue(1, column, "unexpected_column", column), "ignored"))
        row = _audit_row(program, extract_date, checked_file.name, "accepted", "", "")
        row.update(rows_received=parsed.received, rows_accepted=len(parsed.rows),
                   rows_quarantined=quarantined, fields_nulled=len(checked_file.issues),
                   sha256=checked_file.sha256, extra_columns=",".join(checked_file.extra_columns))
        audit.append(row)
        result.rows_accepted[checked_file.name] = len(parsed.rows)
        result.rows_quarantined += quarantined
        result.fields_nulled += len(checked_file.issues)
    _write_audit(audit_dir, audit, issues)
    return result


def _raw_partition(paths: Paths, program: str, file_name: str, extract_date: str) -> Path:
    return (paths.raw_dir / entity_of(file_name) / f"program={program}"
            / f"extract_date={extract_date}")


def _write_raw(paths: Paths, program: str, extract_date: str, checked: FileResult) -> None:
    parsed = checked.parsed
    kept = [(i, c) for i, c in enumerate(parsed.columns) if c not in checked.extra_columns]
    arrays = {"_line": pa.array(parsed.lines, type=pa.int64())}
    for position, column in kept:
        arrays[column] = pa.array([row[position] for row in parsed.rows], type=pa.string())
    arrays["_nulled_columns"] = pa.array(
        [checked.nulled.get(i, []) for i in range(len(parsed.rows))], type=pa.list_(pa.string()))
    folder = _raw_partition(paths, program, checked.name, extract_date)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(arrays), folder / "data.parquet")


def _quarantine_partition(paths: Paths, program: str, file_name: str, extract_date: str) -> Path:
    return (paths.raw_dir / "quarantined" / entity_of(file_name) / f"program={program}"
            / f"extract_date={extract_date}")


def _write_quarantined(paths: Paths, program: str, extract_date: str, checked: FileResult) -> int:
    """Each quarantined row, whole and as received, with every rule it broke (identifiers:
    the raw zone is secure); returns how many rows."""
    rows: dict[int, tuple[list[str], list[str]]] = {}
    for issue in checked.parsed.quarantined:
        fields, rules = rows.setdefault(issue.line, (issue.row or [], []))
        rules.append(issue.rule)
    if not rows:
        return 0
    folder = _quarantine_partition(paths, program, checked.name, extract_date)
    folder.mkdir(parents=True, exist_ok=True)
    lines = sorted(rows)
    pq.write_table(pa.table({
        "_line": pa.array(lines, type=pa.int64()),
        "rules": pa.array([rows[n][1] for n in lines], type=pa.list_(pa.string())),
        "columns": pa.array([checked.parsed.columns] * len(lines), type=pa.list_(pa.string())),
        "fields": pa.array([rows[n][0] for n in lines], type=pa.list_(pa.string())),
    }), folder / "rows.parquet")
    return len(rows)


def _audit_row(program, extract_date, file, outcome, rule, reason) -> dict:
    return {"program": program, "extract_date": extract_date, "file": file, "rows_received": 0,
            "rows_accepted": 0, "rows_quarantined": 0, "fields_nulled": 0, "sha256": "",
            "outcome": outcome, "rule": rule, "reason": reason, "extra_columns": ""}


def _issue(program: str, extract_date: str, file: str, issue: Issue, outcome: str) -> dict:
    return {"program": program, "extract_date": extract_date, "file": file, "line": issue.line,
            "column": issue.column, "rule": issue.rule, "value": issue.value, "outcome": outcome}


def _write_audit(folder: Path, audit: list[dict], issues: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(audit, columns=AUDIT_COLUMNS).to_parquet(folder / "files.parquet", index=False)
    frame = pd.DataFrame(issues, columns=ISSUE_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    frame.to_parquet(folder / "issues.parquet", index=False)


def _clear(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)


