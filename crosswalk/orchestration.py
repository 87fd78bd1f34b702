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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO, TypeVar

from crosswalk import run_lock
from crosswalk.settings import DAG_FILE, WAREHOUSE_POOL, InputError, Paths, StepSkipped

T = TypeVar("T")


# Told of every step as it ends (label, done | skipped | failed, seconds, result or error):
# `crosswalk run` prints a line each. A scheduler's task processes have no listener.
StepListener = Callable[[str, str, float, object], None]
_listener: StepListener | None = None


def as_task(function: Callable[..., T], label: str | None = None) -> Callable[..., T]:
    """A pipeline step as an Airflow task body: wrong input fails the task at once (no
    retries: they cannot help); a step with nothing to do (no drops, a backfill's publish)
    is skipped, not failed."""
    label = label or function.__name__.replace("_", " ")

    @functools.wraps(function)
    def run(*args, **kwargs) -> T:
        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

        started = time.monotonic()
        try:
            result = function(*args, **kwargs)
        except InputError as exc:
            _tell(label, "failed", started, exc)
            raise AirflowFailException(str(exc)) from exc
        except StepSkipped as exc:
            _tell(label, "skipped", started, exc)
            raise AirflowSkipException(str(exc)) from exc
        except Exception as exc:
            _tell(label, "failed", started, exc)
            raise
        _tell(label, "done", started, result)
        return result

    return run


def _tell(label: str, status: str, started: float, result: object) -> None:
    if _listener is not None:
        _listener(label, status, time.monotonic() - started, result)


@contextmanager
def quiet(log: Path) -> Iterator[TextIO]:
    """Everything written to stdout and stderr, by this process and what it starts
    (Airflow's task logs, dbt, Great Expectations), goes to `log`; yields the terminal."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    with log.open("ab") as sink:
        saved = os.dup(1), os.dup(2)
        terminal = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            terminal.close()


def configure_airflow(paths: Paths) -> None:
    paths.airflow_home.mkdir(parents=True, exist_ok=True)
    os.environ["AIRFLOW_HOME"] = str(paths.airflow_home)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAG_FILE.parent)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
                          f"sqlite:///{paths.airflow_home / 'airflow.db'}")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("SCARF_ANALYTICS", "false")


def ensure_metadata_db() -> None:
    """`airflow db migrate` once per SQLite metadata file (about 11 s), every time on another
    database (it is idempotent), and the warehouse pool."""
    connection = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    if not (connection.startswith("sqlite:///") and Path(connection.removeprefix("sqlite:///")).exists()):
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


def run_dag(paths: Paths, extract_date: date, listener: StepListener | None = None) -> str:
    """Run the nightly DAG for one extract date; return how the night ended: the run's state,
    or "skipped" when it succeeded without building anything (no program delivered)."""
    global _listener
    _listener = listener
    try:
        with run_lock.hold_process(paths, extract_date.isoformat()):  # before touching anything
            configure_airflow(paths)
            ensure_metadata_db()
            run = load_dag().test(
                logical_date=datetime.combine(extract_date, datetime.min.time(), tzinfo=UTC),
                run_conf={"extract_date": extract_date.isoformat()},
            )
    finally:
        _listener = None
    staged = [ti.state for ti in run.get_task_instances() if ti.task_id == "build_staging"]
    if str(run.state) == "success" and staged and str(staged[0]) == "skipped":
        return "skipped"
    return str(run.state)
