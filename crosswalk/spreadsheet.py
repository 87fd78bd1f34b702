"""Every CSV and XLSX crosswalk writes goes through here, so none can carry a formula.

A program's data is not ours: a name such as `=HYPERLINK(...)` or `@SUM(...)` would run
as a formula when a program lead or a reviewer opens the file. Text cells that start
with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading apostrophe (OWASP, CSV
injection); numbers and dates are left as they are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
               freeze: dict[str, str] | None = None) -> Path:
    """One workbook, a sheet per frame in order; `freeze`: sheet name -> top-left free cell."""
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        for name, frame in sheets.items():
            neutralised(frame).to_excel(book, sheet_name=name, index=False)
        for name, cell in (freeze or {}).items():
            book.sheets[name].freeze_panes = cell
    return path


def write_review_queue(queue: pd.DataFrame, folder: Path) -> list[Path]:
    """The clerical review queue matching builds, as CSV and XLSX for the reviewers."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(queue, folder / "review_queue.csv"),
            write_xlsx({"Review queue": queue}, folder / "review_queue.xlsx", {"Review queue": "C2"})]
