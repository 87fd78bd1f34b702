"""One small night under a real Airflow: `crosswalk airflow` (airflow standalone: scheduler,
dag-processor, api-server, LocalExecutor), unpaused and triggered through the airflow CLI.
Every task succeeds in a worker process of its own, the warehouse is published, and its
Asset records the night."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from crosswalk.airflow_server import home, server_env
from crosswalk.synth import GenerationConfig, generate_extracts

BIN = Path(sys.executable).parent
DAY = date(2026, 11, 21)
RUN_ID = "ci_real_scheduler_night"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _rows(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        try:
            return con.execute(sql).fetchall()
        except sqlite3.OperationalError:  # tables not made yet, or the scheduler writing
            return []


def _wait(found, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while not (result := found()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(2)
    return result


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory, module_data_dir, query):
    with module_data_dir(tmp_path_factory, "scheduler") as paths:
        generate_extracts(GenerationConfig(people=1_000, seed=5, extract_date=DAY), paths)
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CROSSWALK_"))}
        port = _free_port()
        env = server_env(paths, port, base=clean) | {"CROSSWALK_SCHEDULE": "none",
                                                     "CROSSWALK_TASK_RETRIES": "0"}
        db = home(paths) / "airflow.db"
        log = (paths.data_dir.parent / "standalone.log").open("w")
        server = subprocess.Popen([str(BIN / "crosswalk"), "airflow", "--port", str(port)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            _wait(lambda: _rows(db, "select 1 from dag where dag_id = 'crosswalk_nightly'"),
                  "the dag-processor to parse the DAG", 240)
            airflow = [str(BIN / "airflow"), "dags"]
            subprocess.run([*airflow, "unpause", "crosswalk_nightly"], env=env, check=True,
                           capture_output=True)
            started = time.monotonic()
            subprocess.run([*airflow, "trigger", "crosswalk_nightly", "--run-id", RUN_ID,
                            "--conf", json.dumps({"extract_date": DAY.isoformat()})],
                           env=env, check=True, capture_output=True)
            [(state,)] = _wait(lambda: _rows(db, f"select state from dag_run where run_id = "
                                                 f"'{RUN_ID}' and state in ('success', 'failed')"),
                               "the triggered run to end", 600)
            found = {
                "state": state, "seconds": time.monotonic() - started,
                "tasks": _rows(db, f"select task_id, map_index, state, pid from task_instance "
                                   f"where run_id = '{RUN_ID}' order by task_id, map_index"),
                "assets": _rows(db, "select a.name, e.extra from asset_event e "
                                    "join asset a on a.id = e.asset_id order by a.name"),
                "persons": query(paths, "select count(distinct person_id) as n "
                                        "from marts.person_crosswalk").n[0],
                "lock_left": (paths.data_dir / "run.lock").exists(),
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        yield found


def test_every_task_of_the_night_succeeds_under_the_real_scheduler(scheduled):
    assert scheduled["state"] == "success", scheduled["tasks"]
    tasks = scheduled["tasks"]
    assert [(t, i) for t, i, _, _ in tasks] == [
        ("build_marts", -1), ("build_staging", -1), ("claim_run", -1), ("deliver", -1),
        *[("ingest", i) for i in range(5)], ("link_persons", -1), ("publish", -1),
        ("release_run", -1), ("resolve_extract_date", -1)]
    assert {s for _, _, s, _ in tasks} == {"success"}
    assert len({pid for *_, pid in tasks}) == len(tasks)  # each in a worker process of its own
    assert scheduled["persons"] > 200 and not scheduled["lock_left"]


def test_the_published_warehouse_and_the_exports_are_assets_of_the_night(scheduled):
    assert [(name, json.loads(extra)) for name, extra in scheduled["assets"]] == [
        ("crosswalk_exports", {"extract_date": DAY.isoformat()}),
        ("crosswalk_published_warehouse", {"extract_date": DAY.isoformat()})]
