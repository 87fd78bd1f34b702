"""The DuckDB warehouse: a build copy each run writes, a published copy analysts read.

DuckDB allows one writer per file across processes, so every connection here
is opened for one step and closed at its end.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from crosswalk.settings import ANALYST_STORAGE_VERSION, Paths


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def clear_builds(paths: Paths) -> None:
    """Every build folder but this run's: left by runs that were killed (the run lock says
    none is running) or by earlier nights."""
    if paths.builds_dir.exists():
        for folder in paths.builds_dir.iterdir():
            if folder != paths.build_dir:
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()


def last_build(paths: Paths) -> Path:
    """The warehouse the last run built (its folder stays until the next run starts)."""
    built = [f / paths.work_warehouse.name for f in paths.builds_dir.iterdir()
             if (f / paths.work_warehouse.name).exists()]
    return max(built, key=lambda f: f.stat().st_mtime)


def start_build(paths: Paths) -> Path:
    """A fresh build warehouse: dbt rebuilds everything in it from the raw zone each run."""
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
