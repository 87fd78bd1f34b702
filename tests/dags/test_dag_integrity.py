import json
import os
import subprocess
import sys

from airflow.dag_processing.dagbag import DagBag

from crosswalk.orchestration import DAG_FILE
from crosswalk.pipeline import resolve_extract_date
from crosswalk.settings import DEFAULT_TASK_RETRIES, TASK_RETRIES

# The DAG's retries as a deployment sees them: a fresh interpreter, no test overrides.
_DEPLOYED_RETRIES = """
import json
from crosswalk.orchestration import configure_airflow
from crosswalk.settings import get_paths
configure_airflow(get_paths())
from crosswalk.orchestration import load_dag
dag = load_dag()
print(json.dumps(sorted({t.retries for t in dag.tasks})))
"""


def test_dag_imports_with_schedule_retries_and_tags():
    bag = DagBag(dag_folder=str(DAG_FILE.parent))
    assert bag.import_errors == {}
    dag = bag.dags["crosswalk_nightly"]
    assert dag.schedule == "0 3 * * *"
    assert dag.catchup is False
    assert set(dag.tags) == {"crosswalk", "nightly"}
    assert all(t.retries == TASK_RETRIES == 0 for t in dag.tasks)  # conftest: fail fast
    assert {t.task_id for t in dag.tasks} == {
        "resolve_extract_date", "ingest", "build_staging", "link_persons", "build_marts",
        "deliver", "publish"}


def test_cron_run_processes_the_previous_days_drops():
    import pendulum

    assert resolve_extract_date(None, pendulum.datetime(2026, 11, 22, 3)) == "2026-11-21"
    assert resolve_extract_date("2026-10-01", pendulum.datetime(2026, 11, 22, 3)) == "2026-10-01"


def test_deployed_tasks_retry_as_configured(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k != "CROSSWALK_TASK_RETRIES" and not k.startswith("AIRFLOW")}
    env["CROSSWALK_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", _DEPLOYED_RETRIES], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [DEFAULT_TASK_RETRIES] == [2]
