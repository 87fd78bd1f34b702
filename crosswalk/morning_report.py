"""Each program lead's morning report: one HTML page per program, counts only, no PII.

What it shows: who else serves the program's clients (the overlap shares and the
31-combination chart of the five programs, now and month by month), tonight's
process measures against the last nights, what is stuck and why, and where the
program's referrals went. Every figure comes from a mart; this selects and lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from crosswalk import html
from crosswalk.settings import PROGRAMS, Paths
from crosswalk.warehouse import connect

TEMPLATES = Path(__file__).parent / "templates"
MEASURE_NIGHTS = 14  # nights of process measures shown
STUCK_REASONS = 8  # largest stuck-reason rows shown


@dataclass(frozen=True)
class Marts:
    """The marts the reports read, for all programs at once."""

    combinations: pd.DataFrame
    overlap: pd.DataFrame
    trend: pd.DataFrame
    measures: pd.DataFrame
    stuck: pd.DataFrame
    referrals: pd.DataFrame


def read_marts(warehouse: Path) -> Marts:
    with connect(warehouse, read_only=True) as con:
        def frame(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        return Marts(
            combinations=frame("select * from marts.program_combinations"),
            overlap=frame("select * from marts.program_overlap"),
            trend=frame("select * from marts.program_concurrency_trend order by as_of_date"),
            measures=frame("select * from marts.process_measures order by extract_date"),
            stuck=frame("select * from marts.stuck_reason_constraints "
                        "order by clients desc, average_days_stuck desc"),
            referrals=frame("select * from marts.referral_outcomes_last_12_months "
                            "order by to_program"),
        )


def combination_chart(combinations: pd.DataFrame, program: str, as_of: date) -> list[dict]:
    """The 31 combinations on the date, largest first, as rows of dots and a bar (an UpSet plot)."""
    tonight = combinations[combinations.as_of_date.astype(str).str[:10] == as_of.isoformat()]
    top = max(int(tonight.persons.max()), 1) if len(tonight) else 1
    rows = []
    for r in tonight.sort_values(["persons", "combination"], ascending=[False, True]).itertuples():
        members = r.combination.split("+")
        rows.append({"combination": r.combination, "members": [p in members for p in PROGRAMS],
                     "persons": int(r.persons), "width": 100 * r.persons / top,
                     "is_mine": program in members})
    return rows


def concurrency_trend(trend: pd.DataFrame, program: str) -> list[dict]:
    """The program's rows of marts.program_concurrency_trend as columns of a chart."""
    mine = trend[trend.program == program]
    top = max(int(mine.persons_also_elsewhere.max()), 1) if len(mine) else 1
    return [{"date": str(r.as_of_date)[:10], "persons": int(r.persons_also_elsewhere),
             "height": 100 * r.persons_also_elsewhere / top} for r in mine.itertuples()]


def write_morning_reports(paths: Paths, extract_date: date) -> list[Path]:
    """`exports/<date>/<program>/morning_report.html` for every program."""
    marts = read_marts(paths.work_warehouse)
    template = html.environment(TEMPLATES).get_template("morning_report.html")
    written = []
    for program in PROGRAMS:
        measures = marts.measures[marts.measures.program == program].tail(MEASURE_NIGHTS)
        stuck = marts.stuck[marts.stuck.program == program].head(STUCK_REASONS)
        referrals = marts.referrals[marts.referrals.from_program == program]
        page = template.render(
            program=program, programs=PROGRAMS, extract_date=extract_date.isoformat(),
            overlap=marts.overlap[marts.overlap.program_a == program].sort_values("program_b"),
            combinations=combination_chart(marts.combinations, program, extract_date),
            trend=concurrency_trend(marts.trend, program),
            tonight=measures.iloc[-1] if len(measures) else None, measures=measures,
            stuck=stuck, referrals=referrals,
            referral_months=int(marts.referrals.months_counted.max()) if len(marts.referrals) else None,
        )
        out = paths.exports_dir / extract_date.isoformat() / program / "morning_report.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        written.append(out)
    return written
