"""County performance profiles: `exports/<date>/counties/<county>.html`, one per county, an
index for the state, and the quarterly CSV program IT receives.

Each page shows the county beside the state and its peers (the median of the program's
other counties) over the last 24 months. The pages select from the intake marts; the
charts are inline SVG, drawn here from the marts' values, so a page needs no script and
no network to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from crosswalk import html
from crosswalk.settings import Paths, file_stem

TEMPLATES = Path(__file__).parent / "templates"

# What each monthly chart shows: (column of marts.county_performance_monthly, title).
MEASURES = (
    ("same_day_share", "Decided the same day (share of decisions)"),
    ("within_standard_share", "Decided within standard (share of decisions)"),
    ("procedural_denial_share", "Procedural denials (share of denials)"),
    ("churn_share", "Re-applications within 90 days of a closure (churn)"),
    ("served_elsewhere_share", "Applicants already served by another program"),
)
SERIES = (("", "county"), ("state_", "state"), ("peer_", "peers"))
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT = 600, 150, 36
QUARTERLY_CSV = "application_timeliness_quarterly.csv"


@dataclass(frozen=True)
class ProfileMarts:
    monthly: pd.DataFrame
    days: pd.DataFrame
    rankings: pd.DataFrame
    quarterly: pd.DataFrame


def read_marts(warehouse: Path) -> ProfileMarts:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        def frame(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        return ProfileMarts(
            monthly=frame("select * from marts.county_performance_monthly "
                          "order by program, county, received_month"),
            days=frame("select * from marts.county_days_to_decision "
                       "order by program, county, band_order"),
            rankings=frame("select * from marts.county_rankings order by program, county"),
            quarterly=frame("select * from marts.application_timeliness_quarterly "
                            "order by program, benefit, county, received_quarter"),
        )


def file_name(county: str) -> str:
    """`Salt Lake` -> `salt-lake.html`."""
    return file_stem(county) + ".html"


def line_paths(values: list[float | None]) -> str:
    """SVG path of shares (0 to 1) across the chart; a month without a value breaks the line."""
    step = (CHART_WIDTH - CHART_LEFT) / max(len(values) - 1, 1)
    commands, drawing = [], False
    for i, value in enumerate(values):
        if value is None or pd.isna(value):
            drawing = False
            continue
        x, y = CHART_LEFT + i * step, CHART_HEIGHT * (1 - float(value))
        # A zero-length step after each move: a month between gaps still shows, as a dot.
        commands.append(f"L{x:.1f},{y:.1f}" if drawing else f"M{x:.1f},{y:.1f} l0,0")
        drawing = True
    return " ".join(commands)


def monthly_charts(monthly: pd.DataFrame) -> list[dict]:
    """One chart per measure: the county's, the state's and the peers' line, month by month."""
    months = [str(m)[:7] for m in monthly.received_month]
    return [{"title": title,
             "lines": [{"series": series, "path": line_paths(list(monthly[prefix + column]))}
                       for prefix, series in SERIES],
             "first": months[0] if months else "", "last": months[-1] if months else ""}
            for column, title in MEASURES]


def days_bars(days: pd.DataFrame, county: str) -> list[dict]:
    """Decisions by band of days, the county's share beside the state's."""
    mine = days[days.county == county].set_index("days_band")
    state = days[days.county == "State"].set_index("days_band")
    return [{"band": band, "county": float(mine.share_of_decided.get(band, 0.0)),
             "state": float(state.at[band, "share_of_decided"]),
             "decided": int(mine.decided.get(band, 0))}
            for band in state.sort_values("band_order").index]


def pct(share) -> str:
    return "—" if share is None or pd.isna(share) else f"{100 * share:.0f}%"


def num(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:g}"


def write_county_profiles(paths: Paths, extract_date: date) -> list[Path]:
    """Every county's page, the index and the quarterly CSV under exports/<date>/counties/."""
    marts = read_marts(paths.work_warehouse)
    out = paths.exports_dir / extract_date.isoformat() / "counties"
    out.mkdir(parents=True, exist_ok=True)
    environment = html.environment(TEMPLATES)
    environment.globals.update(pct=pct, num=num)
    counties = sorted(set(marts.rankings.county) | set(marts.monthly.county))
    written = []
    for county in counties:
        sections = []
        for program in sorted(set(marts.monthly.program[marts.monthly.county == county])):
            monthly = marts.monthly[(marts.monthly.program == program)
                                    & (marts.monthly.county == county)]
            ranked = marts.rankings[(marts.rankings.program == program)
                                    & (marts.rankings.county == county)]
            sections.append({
                "program": program,
                "ranking": ranked.iloc[0] if len(ranked) else None,
                "counties_ranked": int((marts.rankings.program == program).sum()),
                "charts": monthly_charts(monthly),
                "days": days_bars(marts.days[marts.days.program == program], county),
            })
        page = environment.get_template("county_profile.html").render(
            county=county, extract_date=extract_date.isoformat(), sections=sections,
            width=CHART_WIDTH, height=CHART_HEIGHT, left=CHART_LEFT)
        target = out / file_name(county)
        target.write_text(page, encoding="utf-8")
        written.append(target)
    index = environment.get_template("county_index.html").render(
        extract_date=extract_date.isoformat(), rankings=marts.rankings, file_name=file_name,
        quarterly=QUARTERLY_CSV)
    (out / "index.html").write_text(index, encoding="utf-8")
    marts.quarterly.to_csv(out / QUARTERLY_CSV, index=False)
    return [*written, out / "index.html", out / QUARTERLY_CSV]
