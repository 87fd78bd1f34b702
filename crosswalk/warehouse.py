"""The DuckDB warehouse, in two files: the analysts' (marts, reference, de-identified; no
identifiers) and the secure one (staging, intermediate, linkage: PII), each built by a run
in its own folder and published only when the run succeeds.

DuckDB has no per-schema permissions, so the split is by file: the secure file and every
build are readable by their owner only. DuckDB allows one writer per file across
processes, so every connection here is opened for one step and closed at its end.
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


def owner_only(folder: Path) -> Path:
    """`folder`, made if need be, readable by its owner only (mode 0700)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def gated_folder(folder: Path) -> Path:
    """`folder`, made owner-only (0700) if new; an existing one keeps the mode and group an
    administrator granted (docs/access.md), since the folder is the gate to what it holds."""
    if not folder.is_dir():
        owner_only(folder)
    return folder


def start_build(paths: Paths) -> None:
    """Fresh build files: dbt rebuilds everything in them from the raw zone each run. Builds
    of an earlier version, beside the analysts' file, go (they hold the secure layers)."""
    shutil.rmtree(paths.warehouse_dir / "build", ignore_errors=True)
    owner_only(paths.secure_dir)
    owner_only(paths.builds_dir)
    owner_only(paths.build_dir)
    for target in (paths.work_secure, paths.work_warehouse):
        target.unlink(missing_ok=True)


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
    """Replace both published files with the finished build, each atomically (rename) and
    in the storage version DuckDB 1.x clients read: the secure file first (0600, in its
    0700 folder, made by start_build), then the analysts' file. Analysts see the new night
    once both are in."""
    _copy(paths.work_secure, paths.secure_warehouse, mode=0o600)
    return _copy(paths.work_warehouse, paths.published_warehouse, mode=0o644, keep_access=True)


def _copy(build: Path, target: Path, mode: int, keep_access: bool = False) -> Path:
    """`build` copied to `target` by rename. `keep_access`: the new file takes the mode and
    group an administrator gave the one it replaces (docs/access.md), else `mode`."""
    staging = target.with_suffix(".duckdb.publishing")
    staging.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        # Attached under the published file's own name, so any catalog-qualified SQL binds as
        # it will when the published file is opened.
        con.execute(f"attach ? as {target.stem} (read_only)", [str(build)])
        con.execute(f"attach ? as published (storage_version '{ANALYST_STORAGE_VERSION}')",
                    [str(staging)])
        con.execute(f"copy from database {target.stem} to published")
    if keep_access and target.exists():
        granted = target.stat()
        os.chown(staging, -1, granted.st_gid)
        staging.chmod(granted.st_mode & 0o777)
    else:
        staging.chmod(mode)
    os.replace(staging, target)
    return target
