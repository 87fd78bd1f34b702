"""Run dbt in-process (dbtRunner) against the build warehouse.

One call builds one stage (`pre_link`: staging and the matching input;
`post_link`: marts), with the night's extract date as a dbt var.
"""

from __future__ import annotations

import json
import os
from datetime import date

from crosswalk.settings import DBT_PROJECT_DIR, Paths


class DbtFailed(RuntimeError):
    pass


def run_dbt(paths: Paths, extract_date: date, selector: str, command: str = "build") -> None:
    """`dbt build --select tag:<selector>`; raise naming each failed node."""
    from dbt.cli.main import dbtRunner

    os.environ["CROSSWALK_WAREHOUSE_PATH"] = str(paths.work_warehouse)
    os.environ.setdefault("DO_NOT_TRACK", "1")  # dbt's usage stats would call the network
    state_dir = paths.data_dir / "dbt"  # dbt's artifacts and logs stay with the run's data
    args = [
        # Tags add up down the folder tree, so pre_link must exclude the linked models; a
        # test runs only once all its parents are built (cautious).
        command, "--select", f"tag:{selector}",
        *(["--exclude", "tag:post_link"] if selector == "pre_link" else []),
        "--indirect-selection", "cautious",
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--vars", json.dumps({"extract_date": extract_date.isoformat()}),
        "--target-path", str(state_dir / "target"), "--log-path", str(state_dir / "logs"),
        "--quiet",
    ]
    result = dbtRunner().invoke(args)
    if result.exception:
        raise DbtFailed(f"dbt {command} {selector} could not run: {result.exception}")
    if not result.success:
        failed = [
            f"{r.node.resource_type} {r.node.name}: {r.message}"
            for r in (result.result or [])
            if str(r.status) in ("error", "fail")
        ]
        raise DbtFailed(f"dbt {command} {selector} failed: " + "; ".join(failed))
