"""The fault suite: one test per class of bad input a program's drop can carry.

Each test puts one fault into a generated drop and checks what program IT is told (file,
line, column, rule) and that no row is lost: every data row of an accepted drop is loaded
or quarantined whole (received = loaded + quarantined, counted from the files themselves),
and a rejected drop loads nothing at all (its last good snapshot stays in service).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from crosswalk import html
from crosswalk.ingest import ingest_drop
from crosswalk.ingest.manifest import sha256_of
from crosswalk.morning_report import TEMPLATES
from crosswalk.settings import OPTIONAL_FILES, ROSTERS, SHARED_FILES, entity_of, get_paths
from crosswalk.spreadsheet import write_csv, write_xlsx
from crosswalk.synth import GenerationConfig, generate_extracts

DAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """One generated night, made once; each test faults its own copy."""
    folder = tmp_path_factory.mktemp("faults")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CROSSWALK_DATA_DIR", str(folder))
        generate_extracts(GenerationConfig(people=1_000, seed=21, extract_date=DAY))
    return folder / "landing"


class Drop:
    def __init__(self, paths):
        self.paths = paths

    def file(self, program: str, name: str) -> Path:
        return self.paths.landing_dir / program / DAY.isoformat() / name

    def lines(self, program: str, name: str) -> list[str]:
        return self.file(program, name).read_text(encoding="utf-8").splitlines(keepends=True)

    def write(self, program: str, name: str, data: bytes | str, rows: int | None = None) -> None:
        """Replace a file as its producer would: the manifest gets its checksum and its row
        count (the data rows, or `rows`), so that only the fault itself is left to find."""
        path = self.file(program, name)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        manifest_path = path.with_name("manifest.json")
        manifest = json.loads(manifest_path.read_text())
        manifest["files"][name] = {"sha256": sha256_of(path),
                                   "rows": _records(path) if rows is None else rows}
        manifest_path.write_text(json.dumps(manifest))

    def edit_row(self, program: str, name: str, line: int, change: Callable[[list[str]], None],
                 delimiter: str = ",") -> list[str]:
        """Change the fields of one physical line; return the row as written."""
        lines = self.lines(program, name)
        row = next(csv.reader([lines[line - 1]], delimiter=delimiter))
        change(row)
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(row)
        lines[line - 1] = out.getvalue()
        self.write(program, name, "".join(lines))
        return row

    def ingest(self, program: str):
        result = ingest_drop(program, DAY.isoformat())
        folder = self.paths.audit_dir / f"program={program}" / f"extract_date={DAY}"
        return result, pd.read_parquet(folder / "issues.parquet")

    def loaded(self, program: str, name: str) -> int:
        return _parquet_rows(self.paths.raw_dir / entity_of(name) / f"program={program}"
                             / f"extract_date={DAY}" / "data.parquet")

    def quarantined(self, program: str, name: str) -> pd.DataFrame:
        path = (self.paths.raw_dir / "quarantined" / entity_of(name) / f"program={program}"
                / f"extract_date={DAY}" / "rows.parquet")
        return pd.read_parquet(path) if path.exists() else pd.DataFrame(
            columns=["_line", "rules", "columns", "fields"])

    def assert_nothing_lost(self, program: str, received: dict[str, int] | None = None) -> None:
        for name in (ROSTERS[program].file_name, *SHARED_FILES, *OPTIONAL_FILES):
            if name in OPTIONAL_FILES and not self.file(program, name).exists():
                continue
            count = (received or {}).get(name, _records(self.file(program, name)))
            assert count == self.loaded(program, name) + len(self.quarantined(program, name)), name

    def assert_nothing_loaded(self, program: str) -> None:
        assert not list(self.paths.raw_dir.glob(f"**/program={program}/extract_date={DAY}"))


def _records(path: Path) -> int:
    """Data rows as a plain CSV reader counts them (not the code under test)."""
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    delimiter = "|" if path.suffix == ".txt" else ","
    return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) - 1, 0)


def _parquet_rows(path: Path) -> int:
    return len(pd.read_parquet(path)) if path.exists() else 0


def _only(issues: pd.DataFrame, **where) -> tuple:
    found = issues
    for column, value in where.items():
        found = found[found[column] == value]
    assert len(found) == 1, issues.to_string()
    row = found.iloc[0]
    return row.file, None if pd.isna(row.line) else int(row.line), row.column, row.rule, row.value


@pytest.fixture
def drop(generated, data_dir) -> Drop:
    shutil.copytree(generated, data_dir / "landing")
    return Drop(get_paths())


# Control totals: the drop is rejected whole, naming the file and the rule.

def test_truncated_file(drop):
    lines = drop.lines("jjs", "plans.csv")
    drop.write("jjs", "plans.csv", "".join(lines[:-3]), rows=len(lines) - 1)
    result, issues = drop.ingest("jjs")
    assert result.outcome == "rejected"
    file, line, column, rule, _ = _only(issues, outcome="drop_rejected")
    assert (file, line, column, rule) == ("plans.csv", None, "", "row_count_mismatch")
    assert f"{len(lines) - 4:,} data rows but the manifest says {len(lines) - 1:,}" in result.reason
    drop.assert_nothing_loaded("jjs")


def test_manifest_row_count_mismatch(drop):
    roster = drop.file("vr", "clients.csv")
    drop.write("vr", "clients.csv", roster.read_bytes(), rows=_records(roster) + 1)
    result, issues = drop.ingest("vr")
    assert _only(issues, outcome="drop_rejected")[:4] == (
        "clients.csv", None, "", "row_count_mismatch")
    drop.assert_nothing_loaded("vr")


def test_sha256_mismatch(drop):
    roster = drop.file("vr", "clients.csv")
    roster.write_text(roster.read_text().replace("Male", "Mole", 1))
    result, issues = drop.ingest("vr")
    assert _only(issues, outcome="drop_rejected")[:4] == (
        "clients.csv", None, "", "checksum_mismatch")
    assert "does not match the manifest's" in result.reason
    drop.assert_nothing_loaded("vr")


def test_missing_manifest(drop):
    drop.file("udc", "manifest.json").unlink()
    result, issues = drop.ingest("udc")
    assert _only(issues, outcome="drop_rejected")[:4] == (
        "manifest.json", None, "", "manifest_missing")
    assert "the drop is incomplete or was never sent" in result.reason
    drop.assert_nothing_loaded("udc")


# Layout: a column missing or renamed rejects the drop naming the column.

def _rewrite(drop, program: str, name: str, change: Callable[[list[str]], None]) -> None:
    """Every row, header first, changed as a producer's new export would change it."""
    rows = list(csv.reader(io.StringIO(drop.file(program, name).read_text(), newline="")))
    for row in rows:
        change(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    drop.write(program, name, out.getvalue())


def _without_column(drop, program: str, name: str, column: str, rename: str | None = None):
    header = next(csv.reader(drop.lines(program, name)[:1]))
    at = header.index(column)
    if rename:
        header[at] = rename
    _rewrite(drop, program, name, (lambda row: None) if rename else (lambda row: row.pop(at)))
    if rename:
        lines = drop.lines(program, name)
        drop.write(program, name, "".join([",".join(header) + "\n", *lines[1:]]))


def test_missing_column(drop):
    _without_column(drop, "jjs", "clients.csv", "SSN")
    result, issues = drop.ingest("jjs")
    assert _only(issues, outcome="drop_rejected")[:4] == (
        "clients.csv", None, "SSN", "missing_columns")
    assert "required column(s) SSN missing or renamed" in result.reason
    drop.assert_nothing_loaded("jjs")


def test_renamed_column(drop):
    _without_column(drop, "udc", "clients.csv", "OFFENDER_NUM", rename="OFFENDER_NO")
    result, issues = drop.ingest("udc")
    assert _only(issues, outcome="drop_rejected")[:4] == (
        "clients.csv", None, "OFFENDER_NUM", "missing_columns")
    assert "OFFENDER_NO" in result.reason  # the header as received, to compare
    drop.assert_nothing_loaded("udc")


def test_extra_column(drop):
    header = drop.lines("jjs", "clients.csv")[0]
    _rewrite(drop, "jjs", "clients.csv", lambda row: row.append("NOTES" if row == next(
        csv.reader([header])) else "x"))
    result, issues = drop.ingest("jjs")
    assert result.outcome == "accepted"
    assert _only(issues, outcome="ignored", rule="unexpected_column")[:4] == (
        "clients.csv", 1, "NOTES", "unexpected_column")
    drop.assert_nothing_lost("jjs")


def test_wrong_delimiter(drop):
    lines = drop.lines("fep", "clients.txt")
    drop.write("fep", "clients.txt", "".join(line.replace("|", ",") for line in lines))
    result, issues = drop.ingest("fep")
    file, line, column, rule, _ = _only(issues, outcome="drop_rejected")
    assert (file, rule) == ("clients.txt", "missing_columns") and "UWORKS_ID" in column
    assert "header: UWORKS_ID,LAST_NM" in result.reason  # one column: the delimiter is wrong
    drop.assert_nothing_loaded("fep")


# Encoding and line ends.

def test_invalid_utf8(drop):
    lines = drop.lines("dcfs", "staff.csv")
    before = "".join(lines[:3]).encode("utf-8")
    data = before + lines[3].encode("utf-8").replace(b",", b"\xe9,", 1) + "".join(
        lines[4:]).encode("utf-8")
    drop.write("dcfs", "staff.csv", data, rows=len(lines) - 1)
    result, issues = drop.ingest("dcfs")
    at = before + lines[3].encode("utf-8").split(b",", 1)[0]
    assert _only(issues, outcome="drop_rejected")[:4] == ("staff.csv", None, "", "not_utf8")
    assert f"not valid UTF-8 at line 4 (byte {len(at)} of the file" in result.reason
    drop.assert_nothing_loaded("dcfs")


def test_byte_order_mark(drop):
    roster = drop.file("vr", "clients.csv")
    drop.write("vr", "clients.csv", b"\xef\xbb\xbf" + roster.read_bytes())
    result, issues = drop.ingest("vr")
    assert result.outcome == "accepted" and (issues.outcome == "drop_rejected").sum() == 0
    assert "ParticipantID" in pd.read_parquet(
        drop.paths.raw_dir / "clients" / "program=vr" / f"extract_date={DAY}").columns
    drop.assert_nothing_lost("vr")


def test_crlf_line_ends(drop):
    drop.edit_row("jjs", "clients.csv", 5, lambda row: row.__setitem__(0, ""))
    roster = drop.file("jjs", "clients.csv")
    drop.write("jjs", "clients.csv", roster.read_bytes().replace(b"\n", b"\r\n"))
    result, issues = drop.ingest("jjs")
    assert result.outcome == "accepted"
    assert _only(issues, line=5)[:4] == ("clients.csv", 5, "CARE_ID", "empty_key")
    drop.assert_nothing_lost("jjs")


def test_header_only_file(drop):
    header = drop.lines("udc", "referrals.csv")[0]
    drop.write("udc", "referrals.csv", header)
    result, _ = drop.ingest("udc")
    assert result.outcome == "accepted" and result.rows_accepted["referrals.csv"] == 0
    drop.write("udc", "clients.csv", drop.lines("udc", "clients.csv")[0])
    result, issues = drop.ingest("udc")
    assert _only(issues, outcome="drop_rejected")[:4] == ("clients.csv", None, "", "empty_roster")
    drop.assert_nothing_loaded("udc")


def test_zero_byte_file(drop):
    drop.write("fep", "consents.csv", b"")
    result, issues = drop.ingest("fep")
    assert _only(issues, outcome="drop_rejected")[:4] == ("consents.csv", None, "", "empty_file")
    drop.assert_nothing_loaded("fep")


# Rows: quarantined whole, with their line; the rest of the drop is loaded.

def test_exact_duplicates(drop):
    lines = drop.lines("jjs", "clients.csv")
    drop.write("jjs", "clients.csv", "".join([*lines[:4], lines[3], *lines[4:]]))
    result, issues = drop.ingest("jjs")
    assert _only(issues, line=5)[:4] == ("clients.csv", 5, "", "exact_duplicate")
    kept = drop.quarantined("jjs", "clients.csv").set_index("_line").loc[5]
    assert list(kept.fields) == next(csv.reader([lines[3]]))
    drop.assert_nothing_lost("jjs")


def test_conflicting_duplicates(drop):
    lines = drop.lines("jjs", "clients.csv")
    first = next(csv.reader([lines[1]]))
    drop.write("jjs", "clients.csv", "".join([*lines, lines[2].replace(
        next(csv.reader([lines[2]]))[0], first[0], 1)]))
    result, issues = drop.ingest("jjs")
    file, line, column, rule, value = _only(issues, line=len(lines) + 1)
    assert (file, line, column, rule) == ("clients.csv", len(lines) + 1, "CARE_ID", "conflicting_key")
    assert value == f"{first[0]} also on line 2 with other content"
    drop.assert_nothing_lost("jjs")


def test_empty_keys(drop):
    row = drop.edit_row("udc", "clients.csv", 6, lambda row: row.__setitem__(0, ""))
    result, issues = drop.ingest("udc")
    assert _only(issues, line=6)[:4] == ("clients.csv", 6, "OFFENDER_NUM", "empty_key")
    kept = drop.quarantined("udc", "clients.csv").set_index("_line").loc[6]
    assert (list(kept.rules), list(kept.fields)) == (["empty_key"], row)
    drop.assert_nothing_lost("udc")


def test_unbalanced_quote(drop):
    lines = drop.lines("fep", "clients.txt")
    assert '"' not in "".join(lines)
    lines[6] = lines[6].replace("|", '|"', 1)  # a quote opened on line 7, never closed
    drop.write("fep", "clients.txt", "".join(lines), rows=len(lines) - 1)
    loaded_before = len(lines) - 1 - len(drop.ingest("fep")[1].query(
        "outcome == 'quarantined' and file == 'clients.txt'"))
    result, issues = drop.ingest("fep")
    file, line, column, rule, value = _only(issues, line=7)
    assert (file, line, column, rule) == ("clients.txt", 7, "", "bad_quoting")
    assert value.startswith("a quote opened on this line never closes: U")
    assert result.outcome == "accepted" and drop.loaded("fep", "clients.txt") == loaded_before
    drop.assert_nothing_lost("fep", received={"clients.txt": len(lines) - 1})


# Fields: nulled with their rule; the row is loaded.

def _nulled(drop, program: str, column: str, value: str, line: int = 4):
    drop.edit_row(program, "clients.csv", line, lambda row: row.__setitem__(
        next(csv.reader(drop.lines(program, "clients.csv")[:1])).index(column), value))
    result, issues = drop.ingest(program)
    assert result.outcome == "accepted"
    drop.assert_nothing_lost(program)
    return _only(issues, line=line, column=column)


def test_invalid_dates(drop):
    assert _nulled(drop, "jjs", "DOB", "13/45/2010") == (
        "clients.csv", 4, "DOB", "invalid_date", "13/45/2010")


def test_future_dates(drop):
    file, line, column, rule, value = _nulled(drop, "jjs", "ADMIT_DATE", "01/05/2027")
    assert (file, line, column, rule, value) == ("clients.csv", 4, "ADMIT_DATE", "future_date",
                                                 "01/05/2027")


def test_placeholder_ssns(drop):
    assert _nulled(drop, "jjs", "SSN", "123456789") == (
        "clients.csv", 4, "SSN", "placeholder_ssn", "123456789")


def test_a_program_with_no_drop(drop):
    shutil.rmtree(drop.file("vr", "manifest.json").parent)
    result, issues = drop.ingest("vr")
    assert result.outcome == "missing"
    assert f"no drop in {drop.paths.landing_dir}/vr/{DAY}" == result.reason
    assert list(issues.itertuples()) == []  # the audit row says it: files.parquet
    drop.assert_nothing_loaded("vr")


# Values that are data to crosswalk but code to a spreadsheet or a browser.

def test_formula_injection(drop, tmp_path):
    formula = '=HYPERLINK("http://evil.example","click")'
    drop.edit_row("jjs", "plans.csv", 3, lambda row: row.__setitem__(3, formula))
    result, issues = drop.ingest("jjs")
    assert result.outcome == "accepted" and "plans.csv" not in set(issues.file)
    drop.assert_nothing_lost("jjs")
    loaded = pd.read_parquet(drop.paths.raw_dir / "plans" / "program=jjs" / f"extract_date={DAY}")
    assert formula in set(loaded.milestone)  # kept as received
    frame = loaded[loaded.milestone == formula][["client_id", "milestone"]]
    csv_text = write_csv(frame, tmp_path / "out.csv").read_text()
    assert f"'{formula}".replace('"', '""') in csv_text
    sheet = load_workbook(write_xlsx({"Stuck milestones": frame}, tmp_path / "out.xlsx")).active
    assert sheet["B2"].value == f"'{formula}" and sheet["B2"].data_type == "s"


def test_html_in_names(drop):
    name = '<script>alert(1)</script>'
    drop.edit_row("dcfs", "staff.csv", 2, lambda row: row.__setitem__(1, name))
    result, issues = drop.ingest("dcfs")
    assert result.outcome == "accepted"
    drop.assert_nothing_lost("dcfs")
    loaded = pd.read_parquet(drop.paths.raw_dir / "staff" / "program=dcfs" / f"extract_date={DAY}")
    assert name in set(loaded.first_name)  # kept as received
    # Every HTML page crosswalk writes renders through this environment.
    page = html.environment(TEMPLATES).from_string("<td>{{ name }}</td>")
    assert page.render(name=name) == (
        "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
