"""Process measures kept night after night (the warehouse itself is rebuilt each night).

Each night's `marts.process_measures_tonight` is saved under
`state/measures/extract_date=<d>/measures.parquet`; the next build loads the earlier
nights as `raw.process_measures_history`, and `marts.process_measures` joins them up.
A rerun of a night replaces its own row set.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from crosswalk.settings import Paths

# The columns of marts.process_measures_tonight, for the history table before any night exists.
MEASURE_COLUMNS = {
    "extract_date": "date", "program": "varchar", "roster_records": "bigint",
    "active_clients": "bigint", "match_rate": "double", "clients_newly_matched": "bigint",
    "is_stale": "boolean", "drop_outcome": "varchar", "rows_quarantined": "bigint",
    "consent_coverage": "double", "share_milestones_with_targets": "double",
    "on_time_completion": "double", "work_in_process": "bigint",
    "throughput_last_30_days": "bigint", "average_days_stuck": "double",
    "clients_stuck": "bigint", "clients_in_plan_conflicts": "bigint",
}


def _night_file(paths: Paths, extract_date: str) -> Path:
    return paths.measures_state_dir / f"extract_date={extract_date}" / "measures.parquet"


def save_measures(paths: Paths, extract_date: date) -> Path:
    target = _night_file(paths, extract_date.isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(paths.work_warehouse), read_only=True) as con:
        con.execute(f"copy (select * from marts.process_measures_tonight) to '{target}' "
                    "(format parquet)")
    return target


def load_history(con: duckdb.DuckDBPyConnection, paths: Paths, run_date: date) -> None:
    """raw.process_measures_history: every saved night before the run date."""
    files = sorted(str(f) for f in paths.measures_state_dir.glob("extract_date=*/measures.parquet")
                   if f.parent.name.split("=", 1)[1] < run_date.isoformat())
    columns = ", ".join(f'"{name}" {kind}' for name, kind in MEASURE_COLUMNS.items())
    con.execute(f"create or replace table raw.process_measures_history ({columns})")
    if files:
        con.execute("insert into raw.process_measures_history by name "
                    "select * from read_parquet(?, union_by_name = true)", [files])
