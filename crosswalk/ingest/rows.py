"""Row-level checks that need the raw text: quoting, field count, exact duplicates,
conflicting keys. Every row set aside keeps its fields as received (`Issue.row`)."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from crosswalk.ingest.manifest import DropRejected


@dataclass
class Issue:
    line: int
    column: str
    rule: str
    value: str
    row: list[str] | None = None  # a quarantined row, whole, as received


@dataclass
class ParsedFile:
    columns: list[str]
    lines: list[int] = field(default_factory=list)  # physical line each kept row starts on
    rows: list[list[str]] = field(default_factory=list)
    received: int = 0  # data rows in the file, kept or not (what the manifest counts)
    quarantined: list[Issue] = field(default_factory=list)


def read_rows(path: Path, delimiter: str) -> ParsedFile:
    """Parse a delimited UTF-8 file (a byte-order mark is allowed). A row with the wrong
    number of fields, or whose quoting cannot be read (a quote never closed), is
    quarantined; parsing goes on at the next line."""
    lines = list(io.StringIO(_decode(path), newline=""))
    try:
        header = next(csv.reader(lines[:1], delimiter=delimiter, strict=True), None)
    except csv.Error as exc:
        raise DropRejected(path.name, "unparseable", f"line 1 (the header) cannot be parsed "
                           f"with delimiter {delimiter!r}: {exc}") from exc
    if not header:
        raise DropRejected(path.name, "empty_file", "file is empty (no header row)")
    parsed = ParsedFile(columns=[c.strip() for c in header])
    width, position = len(header), 1  # position: index in `lines` where the reader starts
    while position < len(lines):
        reader = csv.reader(itertools.islice(lines, position, None), delimiter=delimiter,
                            strict=True)
        start = position + 1  # the physical line the next row starts on
        try:
            for row in reader:
                parsed.received += 1
                if len(row) != width:
                    parsed.quarantined.append(Issue(
                        start, "", "wrong_field_count",
                        f"{len(row)} fields, header has {width}: {delimiter.join(row)[:200]}", row))
                else:
                    parsed.lines.append(start)
                    parsed.rows.append(row)
                start = position + reader.line_num + 1
            break
        except csv.Error as exc:
            text = lines[start - 1].rstrip("\r\n")
            why = ("a quote opened on this line never closes" if "end of data" in str(exc)
                   else f"bad quoting ({exc})")
            parsed.received += 1
            parsed.quarantined.append(Issue(start, "", "bad_quoting", f"{why}: {text[:200]}",
                                            [text]))
            position = start  # go on with the line after it
    return parsed


def _decode(path: Path) -> str:
    """The file's text; a file that is not UTF-8 is rejected, naming the line and the byte
    offset in the file."""
    data = path.read_bytes()
    try:  # not utf-8-sig: its error offsets do not count the byte-order mark
        return data.decode("utf-8").removeprefix("\ufeff")
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
            parsed.quarantined.append(Issue(line, "", "exact_duplicate", ",".join(row)[:200], row))
            continue
        seen_rows.add(whole)
        key = tuple(row[p] for p in positions)
        if keyed and all(key):
            if key in seen_keys:
                parsed.quarantined.append(Issue(
                    line, "+".join(key_columns), "conflicting_key",
                    f"{'+'.join(key)} also on line {seen_keys[key]} with other content", row))
                continue
            seen_keys[key] = line
        keep_lines.append(line)
        keep_rows.append(row)
    parsed.lines, parsed.rows = keep_lines, keep_rows
