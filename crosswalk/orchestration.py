"""Run the real Airflow DAG in-process, with an embedded SQLite metadata DB.

Airflow reads its configuration from the environment when first imported,
so `configure_airflow` must run before anything imports airflow.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar

from crosswalk import run_lock
from crosswalk.settings import DAG_FILE, WAREHOUSE_POOL, InputError, Paths, StepSkipped

T = TypeVar("T")


def as_task(function: Callable[..., T]) -> Callable[..., T]:
    """A pipeline step as an Airflow task body: wrong input fails the task at once (no
    retries: they cannot help); a step with nothing to do (no drops, a backfill's publish)
    is skipped, not failed."""

    @functools.wraps(function)
    def run(*args, **kwargs) -> T:
        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

        try:
            return function(*args, **kwargs)
        except InputError as exc:
            raise AirflowFailException(str(exc)) from exc
        except StepSkipped as exc:
            raise AirflowSkipException(str(exc)) from exc

    return run


def configure_airflow(paths: Paths) -> None:
    paths.airflow_home.mkdir(parents=True, exist_ok=True)
    os.environ["AIRFLOW_HOME"] = str(paths.airflow_home)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAG_FILE.parent)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
                          f"sqlite:///{paths.airflow_home / 'airflow.db'}")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("SCARF_ANALYTICS", "false")


def ensure_metadata_db(paths: Paths) -> None:
    """`airflow db migrate` once per AIRFLOW_HOME (about 11 s), and the warehouse pool."""
    if not (paths.airflow_home / "airflow.db").exists():
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True,
                       stdout=subprocess.DEVNULL, env=os.environ.copy())
    ensure_pool()


def ensure_pool() -> None:
    """The one-slot pool of the tasks that write the warehouse: one at a time, whatever
    the executor's parallelism."""
    from airflow.models.pool import Pool

    Pool.create_or_update_pool(WAREHOUSE_POOL, slots=1, include_deferred=False,
                               description="crosswalk: the tasks that write the warehouse")


def load_dag():
    spec = importlib.util.spec_from_file_location("crosswalk_nightly_dag", DAG_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.nightly_dag


def run_dag(paths: Paths, extract_date: date) -> str:
    """Run the nightly DAG for one extract date; return how the night ended: the run's state,
    or "skipped" when it succeeded without building anything (no program delivered)."""
    with run_lock.hold_process(paths, extract_date.isoformat()):  # before touching anything
        configure_airflow(paths)
        ensure_metadata_db(paths)
        run = load_dag().test(
            logical_date=datetime.combine(extract_date, datetime.min.time(), tzinfo=UTC),
            run_conf={"extract_date": extract_date.isoformat()},
        )
    staged = [ti.state for ti in run.get_task_instances() if ti.task_id == "build_staging"]
    if str(run.state) == "success" and staged and str(staged[0]) == "skipped":
        return "skipped"
    return str(run.state)
