"""Run dbt in-process (dbtRunner) against the build warehouse.

One call builds one stage (`pre_link`: staging and the matching input;
`post_link`: marts), with the night's extract date as a dbt var.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import date
from pathlib import Path

from crosswalk.settings import DBT_PROJECT_DIR, ROSTER_WINDOW_MONTHS, InputError, Paths
from matching import spec

log = logging.getLogger(__name__)


class DbtFailed(RuntimeError):
    pass


class DbtTestsFailed(DbtFailed, InputError):
    """Only data tests failed: the night's data breaks a rule, which a retry cannot change."""


def run_dbt(paths: Paths, extract_date: date, selector: str, command: str = "build") -> None:
    """`dbt build --select tag:<selector>`; raise naming each failed node.

    Unit tests (hand-built fixtures, `unit_tests:` in the model YAML) are for CI, not for
    the night: `run_unit_tests` runs them.
    """
    _invoke(paths.work_warehouse, paths, extract_date, [
        # Tags add up down the folder tree, so pre_link must exclude the linked models; a
        # test runs only once all its parents are built (cautious).
        command, "--select", f"tag:{selector}",
        *(["--exclude", "tag:post_link"] if selector == "pre_link" else []),
        "--exclude-resource-type", "unit_test",
        "--indirect-selection", "cautious",
    ], f"dbt {command} {selector}")


def generate_docs(paths: Paths, extract_date: date, out: Path) -> Path:
    """dbt's docs site as one self-contained HTML file (every model, column and lineage)."""
    _invoke(paths.work_warehouse, paths, extract_date, ["docs", "generate", "--static"],
            "dbt docs generate")
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_dbt_dir(paths) / "target" / "static_index.html", out)
    return out


def _dbt_dir(paths: Paths) -> Path:
    """dbt's artifacts and logs stay with the run's build."""
    return paths.build_dir / "dbt"


def run_unit_tests(paths: Paths, extract_date: date) -> None:
    """Every dbt unit test, against an empty build: `dbt build --empty` gives each model its
    columns and types but no rows, which is all a unit test reads of its inputs. No drop or
    matching is needed; the linkage tables are made empty from their source declarations."""
    _invoke(paths.work_warehouse, paths, extract_date,
            ["run-operation", "create_empty_source", "--args", "{source_name: linkage}"],
            "dbt run-operation create_empty_source")
    _invoke(paths.work_warehouse, paths, extract_date,
            ["build", "--empty", "--exclude-resource-type", "test"], "dbt build --empty")


def run_dbt_tests(warehouse: Path, paths: Paths, extract_date: date, *select: str) -> None:
    """`dbt test --select ...` against a built warehouse, e.g. a night's data tests on a copy."""
    _invoke(warehouse, paths, extract_date, ["test", "--select", *select],
            f"dbt test {' '.join(select)}")


def _invoke(warehouse: Path, paths: Paths, extract_date: date, args: list[str], what: str) -> None:
    from dbt.cli.main import dbtRunner

    os.environ["CROSSWALK_WAREHOUSE_PATH"] = str(warehouse)
    os.environ["CROSSWALK_HISTORY_PATH"] = str(paths.build_history)
    os.environ["CROSSWALK_RAW_DIR"] = str(paths.raw_dir)  # the sources read the zones in place
    os.environ["CROSSWALK_AUDIT_DIR"] = str(paths.audit_dir)
    paths.build_history.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DO_NOT_TRACK", "1")  # dbt's usage stats would call the network
    state_dir = _dbt_dir(paths)
    result = dbtRunner().invoke([
        *args,
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--vars", json.dumps({"extract_date": extract_date.isoformat(),
                              "match_threshold": spec.MATCH_THRESHOLD,
                              "roster_window_months": ROSTER_WINDOW_MONTHS}),
        "--target-path", str(state_dir / "target"), "--log-path", str(state_dir / "logs"),
        "--quiet",
    ])
    if result.exception:
        raise DbtFailed(f"{what} could not run: {result.exception}")
    if not result.success:
        failed = [r for r in (result.result or []) if str(r.status) in ("error", "fail")]
        message = f"{what} failed: " + "; ".join(
            f"{r.node.resource_type} {r.node.name}: {r.message}" for r in failed)
        if failed and all(str(r.status) == "fail" for r in failed):
            raise DbtTestsFailed(message)
        raise DbtFailed(message)
