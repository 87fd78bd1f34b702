"""Per-program match-result extracts for program leads (CSV and XLSX with a summary sheet),
and each office's intake list."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from crosswalk.settings import PROGRAMS, Paths, file_stem
from crosswalk.spreadsheet import write_csv, write_xlsx
from crosswalk.warehouse import connect

# Further sheets for the program lead: mart, columns shown and their headings.
LEAD_SHEETS = {
    "Contacts elsewhere": ("sync_report", {
        "client_id": "Client ID", "staff_id": "Case manager", "other_program": "Also active in",
        "other_case_manager_name": "Contact there", "other_case_manager_email": "Email",
        "other_case_manager_phone": "Phone", "other_case_manager_office": "Office"}),
    "New matches": ("new_match_notifications", {
        "client_id": "Client ID", "staff_id": "Case manager", "other_program": "Found in",
        "other_case_manager_name": "Contact there", "other_case_manager_email": "Email",
        "other_case_manager_phone": "Phone"}),
    "Plan conflicts": ("case_manager_plan_conflicts", {
        "client_id": "Client ID", "staff_id": "Case manager", "my_milestone": "Our milestone",
        "my_target_end_date": "Our target end", "other_program": "Other program",
        "other_category": "Their milestone category", "other_window_end": "Their target end",
        "conflict_type": "Conflict", "is_mine_first": "Ours first", "first_because": "Why"}),
    "Stuck milestones": ("case_manager_work_list", {
        "staff_id": "Case manager", "case_manager_name": "Name", "team": "Team",
        "client_id": "Client ID", "milestone": "Milestone", "category": "Category",
        "stuck_reason": "Stuck because", "days_stuck": "Days stuck"}),
    "By county": ("county_rankings", {
        "county": "County", "applications": "Applications (12 months)",
        "within_standard_share": "Decided within standard",
        "state_median_within_standard_share": "State median (within standard)",
        "same_day_share": "Decided the same day", "median_days_to_decision": "Median days",
        "state_median_days_to_decision": "State median (days)",
        "procedural_denial_share": "Procedural share of denials",
        "churn_share": "Re-applied within 90 days",
        "served_elsewhere_share": "Already served elsewhere",
        "rank_within_standard": "Rank (within standard)"}),
}
# Columns holding codes, shown in words (CONFLICTING_REQUIREMENTS: "Conflicting
# requirements"), and program codes, shown as the programs' names are written (VR).
CODE_COLUMNS = ("other_category", "conflict_type", "first_because", "category", "stuck_reason")
PROGRAM_COLUMNS = ("other_program", "other_programs")
CODE = re.compile(r"[A-Z][A-Z0-9_]*")

# Headings whose values are shares, formatted as percentages.
PERCENT_COLUMNS = {"Summary": ("Share",), "By county": tuple(
    heading for column, heading in LEAD_SHEETS["By county"][1].items() if column.endswith("_share"))}

EXTRACT_COLUMNS = {
    "client_id": "Client ID", "person_id": "Crosswalk person ID", "staff_id": "Case manager",
    "has_consent": "Consent on file", "other_programs": "Also active in",
    "other_case_managers": "Contact there",
}
# The workbook's sheet of results leaves the contacts to "Contacts elsewhere", a column each.
WORKBOOK_RESULT_COLUMNS = {c: h for c, h in EXTRACT_COLUMNS.items() if c != "other_case_managers"}


def write_program_extracts(paths: Paths, extract_date: date) -> list[Path]:
    """`exports/<date>/<program>/match_results.{csv,xlsx}`; returns the files written."""
    written: list[Path] = []
    with connect(paths.work_warehouse, read_only=True) as con:
        results = con.execute(
            "select * from marts.program_match_results order by program, client_id").df()
        overlap = con.execute("select * from marts.program_overlap order by all").df()
        summaries = con.execute("select * from marts.program_extract_summary").df()
        sheets = {name: con.execute(f"select * from marts.{mart}").df()
                  for name, (mart, _) in LEAD_SHEETS.items()}
    sheets["Stuck milestones"] = sheets["Stuck milestones"].query("priority == 1")
    for program in PROGRAMS:
        folder = paths.exports_dir / extract_date.isoformat() / program
        folder.mkdir(parents=True, exist_ok=True)
        mine = results[results.program == program]
        rows = mine[list(EXTRACT_COLUMNS)].rename(columns=EXTRACT_COLUMNS)
        extra = {name: _lead_sheet(sheets[name], program, columns)
                 for name, (_, columns) in LEAD_SHEETS.items()}
        summary = _summary(summaries[summaries.program == program].iloc[0],
                           overlap[overlap.program_a == program],
                           {name: len(frame) for name, frame in extra.items()})
        written += [write_csv(rows, folder / "match_results.csv"),
                    write_xlsx({"Summary": summary,
                                "Match results": _readable(mine, WORKBOOK_RESULT_COLUMNS), **extra},
                               folder / "match_results.xlsx", percent=PERCENT_COLUMNS)]
    return written


def _lead_sheet(frame: pd.DataFrame, program: str, columns: dict[str, str]) -> pd.DataFrame:
    mine = frame[frame.program == program]
    # Every column in the order, so the sheet's rows come out the same whatever order the
    # mart's rows were read in.
    return _readable(mine.sort_values(list(columns)), columns)


def _readable(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """`columns` of `frame`, codes in words and programs in capitals, under their headings."""
    shown = frame[list(columns)]
    return shown.assign(**{c: shown[c].map(_words) for c in CODE_COLUMNS if c in columns},
                        **{c: shown[c].str.upper() for c in PROGRAM_COLUMNS if c in columns}
                        ).rename(columns=columns)


def _words(code):
    if isinstance(code, str) and CODE.fullmatch(code):
        return code.replace("_", " ").capitalize()
    return code


def _summary(summary: pd.Series, overlap: pd.DataFrame, sheet_rows: dict[str, int]) -> pd.DataFrame:
    """The Summary sheet: marts.program_extract_summary, the program's overlap rows and how
    many rows each further sheet holds."""
    in_service = summary.in_service_extract_date
    lines = [
        ("Program", summary.program.upper(), None),
        ("Extract date", summary.extract_date, None),
        ("Roster snapshot in service", in_service if pd.notna(in_service) else "none", None),
        ("Snapshot is stale", bool(summary.is_stale), None),
        ("Active clients", int(summary.active_persons), None),
        ("Concurrently enrolled elsewhere", int(summary.clients_active_elsewhere), None),
        ("  of whom consent allows sharing", int(summary.clients_active_elsewhere_sharing), None),
    ]
    lines += [(f"Also active in {r.program_b.upper()}", int(r.persons_also_active_in_b), r.share)
              for r in overlap.itertuples()]
    lines += [(f"Rows on sheet '{name}'", rows, None) for name, rows in sheet_rows.items()]
    return pd.DataFrame(lines, columns=["Measure", "Value", "Share"])


# An office's intake list (marts.intake_sync): columns shown and their headings.
INTAKE_COLUMNS = {
    "received_date": "Received", "application_id": "Application", "client_id": "Client ID",
    "benefit": "Benefit", "other_program": "Already served by",
    "other_case_manager_name": "Contact there", "other_case_manager_email": "Email",
    "other_case_manager_phone": "Phone", "other_case_manager_office": "Office there",
}


def office_file_name(office: str) -> str:
    """`St. George` -> `st-george.csv`."""
    return file_stem(office) + ".csv"


def write_intake_lists(paths: Paths, extract_date: date) -> list[Path]:
    """`exports/<date>/<program>/intake_sync/<office>.csv` for every office that takes
    applications: tonight's applicants already served elsewhere, and whom to call there (a
    file with its header only when there are none)."""
    with connect(paths.work_warehouse, read_only=True) as con:
        listed = con.execute("select * from marts.intake_sync").df()
        offices = con.execute("select distinct program, office from "
                              "marts.application_timeliness_by_office where office is not null "
                              "order by all").fetchall()
    written = []
    for program, office in offices:
        folder = paths.exports_dir / extract_date.isoformat() / program / "intake_sync"
        folder.mkdir(parents=True, exist_ok=True)
        mine = listed[(listed.program == program) & (listed.office == office)]
        written.append(write_csv(_lead_sheet(mine, program, INTAKE_COLUMNS),
                                 folder / office_file_name(office)))
    return written
