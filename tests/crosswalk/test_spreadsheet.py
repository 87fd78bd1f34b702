"""No CSV or XLSX crosswalk writes can carry a formula (OWASP CSV injection), and every
workbook opens ready to sort and filter."""

import csv
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from crosswalk import spreadsheet
from crosswalk.spreadsheet import write_csv, write_review_queue, write_xlsx

ROWS = pd.DataFrame({
    "client_id": ["VR1", "VR2", "VR3", "VR4", "VR5"],
    "last_name": ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-Smith", "O'Neil"],
    "days": [3, -2, 0, 1, 5],
})


def test_text_that_would_run_as_a_formula_is_written_as_text(tmp_path):
    with write_csv(ROWS, tmp_path / "rows.csv").open() as handle:
        names = [row["last_name"] for row in csv.DictReader(handle)]
    assert names == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'@SUM(A1)", "'-Smith", "O'Neil"]
    sheet = load_workbook(write_xlsx({"Rows": ROWS}, tmp_path / "rows.xlsx"))["Rows"]
    cells = [sheet.cell(row=r, column=2) for r in range(2, 7)]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert cells[0].value == "'=HYPERLINK(\"http://x\",\"y\")"
    assert [sheet.cell(row=r, column=3).value for r in range(2, 7)] == [3, -2, 0, 1, 5]


def test_the_review_queue_is_neutralised_too_and_keeps_its_frozen_panes(tmp_path):
    written = write_review_queue(ROWS, tmp_path / "2026-11-21")
    assert [p.name for p in written] == ["review_queue.csv", "review_queue.xlsx"]
    sheet = load_workbook(written[1])["Review queue"]
    assert sheet.freeze_panes == "C2" and sheet["B2"].value.startswith("'=")


def test_a_workbook_opens_ready_to_sort_and_filter(tmp_path):
    frame = pd.DataFrame({
        "Client ID": ["VR1", "VR2", "VR3"],
        "Target end": pd.to_datetime(["2026-12-01", "2027-01-15", None]),
        "Consent on file": [True, False, True],
        "Share": [0.25, 0.5, 1.0],
        "Why": ["a reason long enough to widen its column", None, "short"],
    })
    path = write_xlsx({"Rows": frame, "Empty": frame.iloc[:0]}, tmp_path / "book.xlsx",
                      percent={"Rows": ("Share",)})
    book = load_workbook(path)
    rows, empty = book["Rows"], book["Empty"]
    assert rows.freeze_panes == empty.freeze_panes == "A2"
    assert rows.auto_filter.ref == "A1:E4"
    assert [c.value for c in rows[1]] == list(frame.columns) and rows["A1"].font.b
    assert rows["B2"].value == datetime(2026, 12, 1) and rows["B2"].number_format == "yyyy-mm-dd"
    assert rows["B4"].value is None and rows["E3"].value is None  # empty, not "NaT" or "nan"
    assert [rows[f"C{r}"].value for r in (2, 3, 4)] == ["Yes", "No", "Yes"]
    assert rows["D2"].value == 0.25 and rows["D2"].number_format == "0.0%"
    assert rows.column_dimensions["E"].width > len("a reason long enough to widen its column")
    assert rows.column_dimensions["A"].width < 20
    assert empty["A2"].value == "none tonight" and empty.max_row == 2


def test_a_sheet_excel_cannot_hold_is_refused_and_no_file_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "EXCEL_MAX_ROWS", 4)
    with pytest.raises(ValueError, match=r"book.xlsx: sheet 'Rows' has 5 rows; Excel holds 3 "):
        write_xlsx({"Rows": ROWS}, tmp_path / "book.xlsx")
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_neither_the_workbook_nor_its_temporary_files(tmp_path, monkeypatch):
    write_sheet = spreadsheet._write_sheet

    def disk_full_on_the_second_sheet(sheet, *args):
        if sheet.name == "Second":
            raise OSError("No space left on device")
        write_sheet(sheet, *args)

    monkeypatch.setattr(spreadsheet, "_write_sheet", disk_full_on_the_second_sheet)
    with pytest.raises(OSError, match="No space left"):
        write_xlsx({"First": ROWS, "Second": ROWS}, tmp_path / "book.xlsx")
    assert not list(tmp_path.iterdir())
