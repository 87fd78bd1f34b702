"""Every test runs against its own data folder; Airflow is configured before anything imports it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_DATA = Path(tempfile.mkdtemp(prefix="crosswalk-test-"))
os.environ["CROSSWALK_DATA_DIR"] = str(_SESSION_DATA)
os.environ.pop("CROSSWALK_LANDING_DIR", None)
os.environ["CROSSWALK_TASK_RETRIES"] = "0"  # a failing task fails the run at once
# Each process its own Airflow metadata: pytest-xdist's workers inherit the controller's
# environment, and two workers' dag.test() on one database delete each other's runs.
for _inherited in ("AIRFLOW_HOME", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"):
    os.environ.pop(_inherited, None)

from crosswalk.orchestration import configure_airflow  # noqa: E402
from crosswalk.settings import get_paths  # noqa: E402

configure_airflow(get_paths())

# The slow files, slowest first (`pytest --durations`, 2026-12-03): with
# --no-loadscope-reorder (the Makefile) pytest-xdist deals whole files to its workers in
# collection order, so the longest start at once and the quick ones fill in behind them.
SLOWEST_FIRST = ("test_real_scheduler.py", "test_run_collisions.py", "test_backfill_state.py",
                 "test_person_ids_across_nights.py", "test_retraining.py", "test_nightly_run.py",
                 "test_wheel_install.py", "test_fail_fast.py", "test_clerical_review.py",
                 "test_unit_tests.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A private CROSSWALK_DATA_DIR for one test."""
    monkeypatch.setenv("CROSSWALK_DATA_DIR", str(tmp_path))
    return tmp_path
