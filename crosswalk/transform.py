"""Run dbt in-process (dbtRunner) against the run's build: the secure file is dbt's own
database (staging, intermediate, linkage), the analysts' file is attached as `crosswalk`
(marts, reference, de-identified).

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

import duckdb

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
    _invoke(paths, extract_date, [
        # Tags add up down the folder tree, so pre_link must exclude the linked models; a
        # test runs only once all its parents are built (cautious).
        command, "--select", f"tag:{selector}",
        *(["--exclude", "tag:post_link"] if selector == "pre_link" else []),
        "--exclude-resource-type", "unit_test",
        "--indirect-selection", "cautious",
    ], f"dbt {command} {selector}")


ANALYSTS_FILE_TEST = "assert_no_identifiers_in_the_analysts_file"


def check_analysts_file(paths: Paths, extract_date: date,
                        build: tuple[Path, Path] | None = None) -> None:
    """Every table of the analysts' build, whatever built it: no identifier column, no
    SSN-shaped value (dbt_project/tests/<ANALYSTS_FILE_TEST>.sql). A failure names each
    table, column and rule (the value itself stays in the secure file)."""
    try:
        run_dbt_tests(paths, extract_date, ANALYSTS_FILE_TEST, build=build)
    except DbtTestsFailed as failed:
        secure = build[0] if build else paths.work_secure
        with duckdb.connect(str(secure), read_only=True) as con:
            found = con.execute(f"select distinct schema_name, table_name, column_name, broken_rule "
                                f"from dbt_test__audit.{ANALYSTS_FILE_TEST} order by all").fetchall()
        raise DbtTestsFailed(f"{failed}. Identifiers in the analysts' file: " + "; ".join(
            f"{schema}.{table}.{column}: {rule}" for schema, table, column, rule in found)) from None


def generate_docs(paths: Paths, extract_date: date, out: Path) -> Path:
    """dbt's docs site as one self-contained HTML file (every model, column and lineage)."""
    _invoke(paths, extract_date, ["docs", "generate", "--static"],
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
    _invoke(paths, extract_date,
            ["run-operation", "create_empty_source", "--args", "{source_name: linkage}"],
            "dbt run-operation create_empty_source")
    _invoke(paths, extract_date,
            ["build", "--empty", "--exclude-resource-type", "test"], "dbt build --empty")


def run_dbt_tests(paths: Paths, extract_date: date, *select: str,
                  build: tuple[Path, Path] | None = None) -> None:
    """`dbt test --select ...` against a built (secure, analysts') pair of files: the run's,
    or e.g. a copy of a night's to check its data tests."""
    _invoke(paths, extract_date, ["test", "--select", *select], f"dbt test {' '.join(select)}",
            build)


def _invoke(paths: Paths, extract_date: date, args: list[str], what: str,
            build: tuple[Path, Path] | None = None) -> None:
    from dbt.cli.main import dbtRunner

    secure, analysts = build or (paths.work_secure, paths.work_warehouse)
    os.environ["CROSSWALK_SECURE_PATH"] = str(secure)
    os.environ["CROSSWALK_WAREHOUSE_PATH"] = str(analysts)
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
