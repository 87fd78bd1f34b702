"""Every CSV and XLSX crosswalk writes goes through here: none can carry a formula, and
every workbook opens ready to sort and filter.

A program's data is not ours: a name such as `=HYPERLINK(...)` or `@SUM(...)` would run
as a formula when a program lead or a reviewer opens the file. Text cells that start
with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading apostrophe (OWASP, CSV
injection); numbers and dates are left as they are.

Workbooks are written by XlsxWriter in constant memory: rows stream to temporary files
beside the workbook as they are written, so the workbook adds little to the memory of the
frames it is made from. Each sheet has its header frozen and an autofilter over its rows,
columns as wide as their contents (up to `MAX_WIDTH` characters), dates as dates with no
time, shares as percentages, flags as Yes or No; a sheet with no rows says "none tonight"
(and has no autofilter: there is nothing to filter). A sheet Excel cannot hold is refused.
"""

from __future__ import annotations

import datetime
import numbers
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
NONE_TONIGHT = "none tonight"
EXCEL_MAX_ROWS = 1_048_576  # header included


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(_cell) for c in text})


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    neutralised(frame).to_csv(path, index=False)
    return path


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path,
               freeze: dict[str, str] | None = None,
               percent: dict[str, tuple[str, ...]] | None = None) -> Path:
    """One workbook, a sheet per frame in order. `freeze`: sheet name -> top-left free cell
    (by default the row under the header); `percent`: sheet name -> its columns of shares
    (0.25 shows as 25.0%)."""
    for name, frame in sheets.items():
        if len(frame) >= EXCEL_MAX_ROWS:  # XlsxWriter would drop the rest without a word
            raise ValueError(f"{path.name}: sheet {name!r} has {len(frame):,} rows; Excel holds "
                             f"{EXCEL_MAX_ROWS - 1:,} under its header")
    # The temporary files hold the rows (PII for the review queue): in a folder of their own
    # beside the workbook, in its folder's permissions, removed whatever happens. The header
    # is written by type (write_row): its text stays text, never a formula, link or number.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".xlsx-") as scratch:
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": scratch,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False,
                                               "strings_to_numbers": False, "remove_timezone": True})
        try:
            formats = {"header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1}),
                       "date": book.add_format({"num_format": "yyyy-mm-dd"}),
                       "percent": book.add_format({"num_format": "0.0%"})}
            for name, frame in sheets.items():
                _write_sheet(book.add_worksheet(name), neutralised(frame), formats,
                             (freeze or {}).get(name, "A2"), set((percent or {}).get(name, ())))
        except BaseException:
            try:
                book.close()
            finally:
                path.unlink(missing_ok=True)  # no half-written workbook
            raise
        book.close()
    return path


def _write_sheet(sheet, frame: pd.DataFrame, formats: dict, freeze: str, percent: set[str]) -> None:
    columns = list(frame.columns)
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _width(frame[column], column))
    sheet.freeze_panes(freeze)
    sheet.write_row(0, 0, [str(c) for c in columns], formats["header"])
    if frame.empty:
        sheet.write_string(1, 0, NONE_TONIGHT)
        return
    sheet.autofilter(0, 0, len(frame), len(columns) - 1)
    shares = [column in percent for column in columns]
    for row, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        for col, value in enumerate(values):
            _write(sheet, row, col, value, formats, shares[col])


def _write(sheet, row: int, col: int, value, formats: dict, share: bool) -> None:
    if pd.isna(value):
        return  # an empty cell, not "nan" or "NaT"
    if isinstance(value, (bool, np.bool_)):
        sheet.write_string(row, col, "Yes" if value else "No")
    elif isinstance(value, datetime.date):  # datetimes and pandas Timestamps are dates too
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), formats["date"])
    elif isinstance(value, numbers.Number):
        sheet.write_number(row, col, float(value), formats["percent"] if share else None)
    else:
        sheet.write_string(row, col, str(value))


def _width(values: pd.Series, header: str) -> int:
    if pd.api.types.is_datetime64_any_dtype(values):
        longest = len("yyyy-mm-dd")
    else:
        longest = int(values.dropna().astype(str).str.len().max()) if values.notna().any() else 0
    return min(max(len(str(header)), longest, len(NONE_TONIGHT)) + 2, MAX_WIDTH)


def write_review_queue(queue: pd.DataFrame, folder: Path) -> list[Path]:
    """The clerical review queue matching builds, as CSV and XLSX for the reviewers."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(queue, folder / "review_queue.csv"),
            write_xlsx({"Review queue": queue}, folder / "review_queue.xlsx", {"Review queue": "C2"})]
