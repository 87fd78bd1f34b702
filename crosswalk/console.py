"""What `crosswalk run` shows a person: one line per step as it ends, then a summary of the
night (duration, each program's drop, the linkage, drift alerts, where the outputs are).
Airflow's, dbt's and Great Expectations' own logging goes to a log file instead
(orchestration.run_dag)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from crosswalk.settings import Paths


class NightConsole:
    def __init__(self, console: Console):
        self.console = console
        self.started = time.monotonic()
        self.ingested: dict[str, dict] = {}
        self.linked: dict | None = None

    def step(self, label: str, status: str, seconds: float, result: object) -> None:
        """orchestration's step listener: a step has ended (done, skipped or failed)."""
        if label.startswith("ingest ") and isinstance(result, dict):
            self.ingested[result["program"]] = result
        if label == "link persons" and isinstance(result, dict):
            self.linked = result
        mark = {"done": "[green]✓[/green]", "skipped": "[yellow]–[/yellow]",
                "failed": "[red]✗[/red]"}[status]
        detail = _detail(label, result) if status == "done" else str(result)
        self.console.print(f"{mark} {label:<22} {seconds:6.1f} s  {detail}", highlight=False)

    def summary(self, paths: Paths, extract_date: str, warehouse: Path, backfill: bool,
                log: Path) -> list[str]:
        """The night in a few lines; returns the programs served stale."""
        with duckdb.connect(str(warehouse), read_only=True) as con:
            snapshots = con.execute(
                "select program, tonight_outcome, in_service_extract_date, is_stale "
                "from marts.program_extract_summary order by program").fetchall()
            overlap = con.execute(
                "select program_a, program_b, persons_active_in_a, persons_also_active_in_b, "
                "share from marts.program_overlap where persons_also_active_in_b > 0 "
                "order by all").fetchall()
            drift = con.execute(
                "select program, previous_match_rate, match_rate, change_points "
                "from marts.linkage_drift where is_drift_alert and extract_date = ?",
                [extract_date]).fetchall()
        minutes, seconds = divmod(time.monotonic() - self.started, 60)
        self.console.print(f"\n[bold]{extract_date}[/bold]: done in {int(minutes)} min "
                           f"{seconds:.0f} s")
        table = Table(title="Programs tonight")
        for column in ("program", "drop", "roster rows", "quarantined", "fields nulled",
                       "serving"):
            table.add_column(column)
        for program, outcome, in_service, stale in snapshots:
            got = self.ingested.get(program, {})
            rows = got.get("roster_rows")
            table.add_row(program, outcome or "", "" if rows is None else f"{rows:,}",
                          f"{got.get('rows_quarantined', 0):,}", f"{got.get('fields_nulled', 0):,}",
                          f"[yellow]{in_service} (stale)[/yellow]" if stale else str(in_service))
        self.console.print(table)
        if self.linked:
            self.console.print(f"linkage:   {_detail('link persons', self.linked)}")
        for program, before, now, points in drift:
            self.console.print(f"[yellow]drift: {program} match rate {before:.1%} → {now:.1%} "
                               f"({points:+.1f} points)[/yellow]")
        pairs = Table(title=f"Program overlap on {extract_date} (active persons)")
        for column in ("a", "b", "active in a", "also in b", "share"):
            pairs.add_column(column)
        for a, b, n, both, share in overlap:
            pairs.add_row(a, b, f"{n:,}", f"{both:,}", f"{share:.1%}")
        self.console.print(pairs)
        if backfill:
            self.console.print(
                f"[yellow]{extract_date} was a backfill[/yellow]: its state and exports are kept; "
                f"the published warehouse stays the newest night's "
                f"({paths.state.nights('linkage')[-1]}). This night's build: {warehouse}")
        self._outputs(paths, extract_date, log)
        return [program for program, _, _, stale in snapshots if stale]

    def _outputs(self, paths: Paths, extract_date: str, log: Path) -> None:
        exports = paths.exports_dir / extract_date
        for name, where in [
            ("warehouse", f"{paths.published_warehouse} (analysts: no identifiers)"),
            ("secure", f"{paths.secure_warehouse} (PII, owner-only)"),
            ("exports", f"{exports} (per program: match_results.csv, .xlsx, morning_report.html)"),
            ("counties", f"{exports / 'counties' / 'index.html'} (a profile per county)"),
            ("docs", exports / "warehouse_docs.html"),
            ("quality", exports / "linkage_quality.html"),
            ("review", f"{paths.review_dir / extract_date / 'review_queue.xlsx'} "
                       f"(decisions in: {paths.review_dir / 'decisions'})"),
            ("audit", "staging.stg_audit__load_audit and stg_audit__validation_issues "
                      "(secure file)"),
            ("log", log),
        ]:
            self.console.print(f"{name + ':':<10} {where}", highlight=False)


def _detail(label: str, result: object) -> str:
    if label.startswith("ingest ") and isinstance(result, dict):
        parts = [result["outcome"]]
        if result.get("rows_quarantined"):
            parts.append(f"{result['rows_quarantined']:,} rows quarantined")
        if result.get("fields_nulled"):
            parts.append(f"{result['fields_nulled']:,} fields nulled")
        if result["outcome"] != "accepted":
            parts.append(result["reason"])
        return ", ".join(parts)
    if label == "link persons" and isinstance(result, dict):
        return (f"{result['records']:,} records → {result['persons']:,} persons, "
                f"{result['links']:,} links, {result['review_queue']:,} pairs to review "
                f"({result['scoring']} scoring)")
    if label == "deliver" and isinstance(result, list):
        return f"{len(result)} files"
    return "" if result is None else str(result)
