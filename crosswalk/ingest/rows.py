"""Row-level checks that need the raw text: field count, exact duplicates, conflicting keys."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from crosswalk.ingest.manifest import DropRejected


@dataclass
class Issue:
    line: int
    column: str
    rule: str
    value: str


@dataclass
class ParsedFile:
    columns: list[str]
    lines: list[int] = field(default_factory=list)  # physical line each kept row starts on
    rows: list[list[str]] = field(default_factory=list)
    received: int = 0  # data rows in the file, kept or not (what the manifest counts)
    quarantined: list[Issue] = field(default_factory=list)


def read_rows(path: Path, delimiter: str) -> ParsedFile:
    """Parse a delimited UTF-8 file (a byte-order mark is allowed); rows with the wrong
    number of fields are quarantined."""
    _check_utf8(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if not header:
                raise DropRejected(path.name, "empty_file", "file is empty (no header row)")
            parsed = ParsedFile(columns=[c.strip() for c in header])
            width = len(header)
            start = reader.line_num + 1
            for row in reader:
                parsed.received += 1
                if len(row) != width:
                    parsed.quarantined.append(Issue(
                        start, "", "wrong_field_count",
                        f"{len(row)} fields, header has {width}: {delimiter.join(row)[:200]}"))
                else:
                    parsed.lines.append(start)
                    parsed.rows.append(row)
                start = reader.line_num + 1
    except csv.Error as exc:
        raise DropRejected(path.name, "unparseable", f"cannot be parsed with delimiter "
                           f"{delimiter!r}: {exc}") from exc
    return parsed


def _check_utf8(path: Path) -> None:
    """Reject a file that is not UTF-8, naming the line and the byte offset in the file (a
    text stream's error knows only the offset in its buffer)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DropRejected(path.name, "not_utf8", f"not valid UTF-8 at line {line} (byte "
                           f"{exc.start} of the file: {data[exc.start:exc.start + 4]!r})") from exc


def quarantine_repeats(parsed: ParsedFile, key_columns: tuple[str, ...], keyed: bool) -> None:
    """Drop exact duplicates of an earlier row and (for rosters) repeats of a key with other content.

    The first occurrence is kept: it is what the source system listed first, and
    the conflict is recorded so the program can correct it.
    """
    positions = [parsed.columns.index(c) for c in key_columns if c in parsed.columns]
    seen_rows: set[tuple[str, ...]] = set()
    seen_keys: dict[tuple[str, ...], int] = {}
    keep_lines, keep_rows = [], []
    for line, row in zip(parsed.lines, parsed.rows, strict=True):
        whole = tuple(row)
        if whole in seen_rows:
            parsed.quarantined.append(Issue(line, "", "exact_duplicate", ",".join(row)[:200]))
            continue
        seen_rows.add(whole)
        key = tuple(row[p] for p in positions)
        if keyed and all(key):
            if key in seen_keys:
                parsed.quarantined.append(Issue(
                    line, "+".join(key_columns), "conflicting_key",
                    f"{'+'.join(key)} also on line {seen_keys[key]} with other content"))
                continue
            seen_keys[key] = line
        keep_lines.append(line)
        keep_rows.append(row)
    parsed.lines, parsed.rows = keep_lines, keep_rows
