"""No CSV or XLSX crosswalk writes can carry a formula (OWASP CSV injection)."""

import csv

import pandas as pd
from openpyxl import load_workbook

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
