"""The DuckDB warehouse: a build copy each run writes, a published copy analysts read.

DuckDB allows one writer per file across processes, so every connection here
is opened for one step and closed at its end.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from crosswalk.ingest.validate import required_columns
from crosswalk.settings import (
    ANALYST_STORAGE_VERSION,
    PROGRAMS,
    ROSTERS,
    SHARED_FILES,
    Paths,
    entity_of,
)


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def start_build(paths: Paths) -> Path:
    """A fresh build warehouse: everything in it is rebuilt from the raw zone each run."""
    target = paths.work_warehouse
    target.unlink(missing_ok=True)
    return target


def start_history(paths: Paths, previous: Path | None) -> Path:
    """The history this build extends: a copy of the night before's (none on the first)."""
    target = paths.build_history
    target.unlink(missing_ok=True)
    target.with_name(target.name + ".wal").unlink(missing_ok=True)  # a killed run's log
    if previous is not None:
        shutil.copyfile(previous / "history.duckdb", target)
    return target


def keep_history(paths: Paths, folder: Path) -> None:
    shutil.copyfile(paths.build_history, folder / "history.duckdb")


def in_service_snapshots(paths: Paths, run_date: date) -> dict[str, tuple[str | None, str]]:
    """Per program: the newest accepted extract date on or before the run date, and tonight's outcome."""
    snapshots: dict[str, tuple[str | None, str]] = {}
    with connect(paths.work_warehouse) as con:
        for program in PROGRAMS:
            files = sorted((paths.audit_dir / f"program={program}").glob("extract_date=*/files.parquet"))
            if not files:
                snapshots[program] = (None, "missing")
                continue
            rows = con.execute(
                "select extract_date, bool_and(outcome = 'accepted') "
                "from read_parquet(?, hive_partitioning = false) "
                "where extract_date <= ? group by extract_date order by extract_date",
                [[str(f) for f in files], run_date.isoformat()],
            ).fetchall()
            accepted = [d for d, ok in rows if ok]
            tonight = next((("accepted" if ok else _outcome(con, files, d)) for d, ok in rows
                            if d == run_date.isoformat()), "missing")
            snapshots[program] = (accepted[-1] if accepted else None, tonight)
    return snapshots


def _outcome(con: duckdb.DuckDBPyConnection, files: list[Path], extract_date: str) -> str:
    return con.execute(
        "select min(outcome) from read_parquet(?, hive_partitioning = false) "
        "where extract_date = ?",
        [[str(f) for f in files], extract_date],
    ).fetchone()[0]


def load_raw(paths: Paths, run_date: date) -> dict[str, tuple[str | None, str]]:
    """Load each program's in-service snapshot and all audit history into the `raw` schema.

    Rosters differ per program (`raw.<program>__clients`); the shared-layout files
    are one table each with a `program` column (`raw.plans`, ...).
    """
    snapshots = in_service_snapshots(paths, run_date)
    served = {p: d for p, (d, _) in snapshots.items() if d}
    if not served:
        raise RuntimeError(f"no program has an accepted drop on or before {run_date}: "
                           f"nothing to build (landing: {paths.landing_dir})")
    with connect(paths.work_warehouse) as con:
        con.execute("create schema if not exists raw")
        con.execute("create or replace table raw.program_snapshots (program varchar, "
                    "in_service_extract_date date, tonight_outcome varchar, is_stale boolean)")
        for program, (in_service, tonight) in snapshots.items():
            con.execute("insert into raw.program_snapshots values (?, ?, ?, ?)",
                        [program, in_service, tonight, in_service != run_date.isoformat()])
        for name in ("files", "issues"):
            table = {"files": "load_audit", "issues": "validation_issues"}[name]
            found = sorted(str(p) for p in paths.audit_dir.glob(f"program=*/extract_date=*/{name}.parquet"))
            con.execute(f"create or replace table raw.{table} as select * from read_parquet("
                        "?, union_by_name = true, hive_partitioning = false)", [found])
        for program in PROGRAMS:
            roster = entity_of(ROSTERS[program].file_name)
            _load_table(con, f"raw.{program}__{roster}", paths, roster, {program: served.get(program)})
        for file_name in SHARED_FILES:
            entity = entity_of(file_name)
            _load_table(con, f"raw.{entity}", paths, entity, served)
    return snapshots


def _load_table(con, table: str, paths: Paths, entity: str, served: dict[str, str | None]) -> None:
    parts = [(p, d, paths.raw_dir / entity / f"program={p}" / f"extract_date={d}" / "data.parquet")
             for p, d in served.items() if d]
    if not parts:  # never delivered: an empty table of the contract's columns keeps SQL valid
        suite = f"{next(iter(served))}_{entity}" if entity == "clients" else entity
        columns = "".join(f', "{c}" varchar' for c in required_columns(suite))
        con.execute(f"create or replace table {table} (program varchar, extract_date date, "
                    f"_line bigint{columns}, _nulled_columns varchar[])")
        return
    selects = " union all by name ".join(
        f"select '{p}' as program, date '{d}' as extract_date, * "
        f"from read_parquet('{path}', hive_partitioning = false)"
        for p, d, path in parts
    )
    con.execute(f"create or replace table {table} as {selects}")


def publish(paths: Paths) -> Path:
    """Replace the published warehouse with the finished build, atomically (rename), written
    in the storage version DuckDB 1.x clients read."""
    target = paths.published_warehouse
    staging = target.with_suffix(".duckdb.publishing")
    staging.unlink(missing_ok=True)
    with duckdb.connect() as con:
        # Attached under its own name, so the views' catalog-qualified SQL binds as it will
        # when an analyst opens the published file.
        con.execute("attach ? as crosswalk (read_only)", [str(paths.work_warehouse)])
        con.execute(f"attach ? as published (storage_version '{ANALYST_STORAGE_VERSION}')",
                    [str(staging)])
        con.execute("copy from database crosswalk to published")
    os.replace(staging, target)
    return target
