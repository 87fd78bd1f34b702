"""A real Airflow for the project's DAG: `airflow standalone` (scheduler, dag-processor,
api-server, triggerer; SQLite metadata; LocalExecutor), started by `crosswalk airflow`.

It keeps its own home, `$CROSSWALK_DATA_DIR/airflow-server/`, apart from the one
`crosswalk run` uses in-process (`airflow/`): a scheduler must never see the runs
`dag.test` drives itself. Both share the data directory, so the run lock keeps them from
colliding.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from crosswalk.settings import DAG_FILE, WAREHOUSE_POOL, Paths

DEFAULT_PORT = 8080  # not 8793/8794: the workers' and triggerer's log servers take those


def home(paths: Paths) -> Path:
    return paths.data_dir / "airflow-server"


def server_env(paths: Paths, port: int = DEFAULT_PORT,
               base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment of every Airflow process: this project's DAG, SQLite metadata in
    the server's home, tasks that reach the api-server on `port`, this venv's tools first
    on PATH (the executor starts `airflow` and the tasks import crosswalk)."""
    folder = home(paths)
    return dict(base) | {
        "AIRFLOW_HOME": str(folder),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAG_FILE.parent),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{folder / 'airflow.db'}",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
        "CROSSWALK_DATA_DIR": str(paths.data_dir),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}",
        "DO_NOT_TRACK": "1",
        "SCARF_ANALYTICS": "false",
    }


def prepare(env: dict[str, str]) -> None:
    """The metadata database and the warehouse pool (one slot), before anything starts."""
    Path(env["AIRFLOW_HOME"]).mkdir(parents=True, exist_ok=True)
    airflow = [sys.executable, "-m", "airflow"]
    subprocess.run([*airflow, "db", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*airflow, "pools", "set", WAREHOUSE_POOL, "1",
                    "crosswalk: the tasks that write the warehouse"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
