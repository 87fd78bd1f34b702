import json
import os
import subprocess
import sys

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException, ParamValidationError

from crosswalk.orchestration import DAG_FILE, as_task
from crosswalk.pipeline import build_staging, resolve_extract_date
from crosswalk.settings import DEFAULT_TASK_RETRIES, TASK_RETRIES, WAREHOUSE_POOL, SettingsError

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
        "resolve_extract_date", "claim_run", "ingest", "build_staging", "link_persons",
        "build_marts", "deliver", "publish", "release_run"}
    writers = {t.task_id for t in dag.tasks if t.pool == WAREHOUSE_POOL}
    assert writers == {"build_staging", "link_persons", "build_marts", "deliver", "publish"}
    assert dag.task_dict["claim_run"].is_setup and dag.task_dict["release_run"].is_teardown


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


def test_a_malformed_date_is_refused_when_the_run_is_triggered():
    dag = DagBag(dag_folder=str(DAG_FILE.parent)).dags["crosswalk_nightly"]
    param = dag.params.get_param("extract_date")
    assert param.resolve("2026-11-21") == "2026-11-21" and param.resolve(None) is None
    with pytest.raises(ParamValidationError, match="2026/11/21"):
        param.resolve("2026/11/21")
    with pytest.raises(AirflowFailException, match="'2026/11/21' is not a date in YYYY-MM-DD"):
        as_task(resolve_extract_date)("2026/11/21", None)


def test_wrong_input_fails_at_once_and_a_night_without_drops_is_skipped():
    def missing_setting():
        raise SettingsError("CROSSWALK_DATA_DIR is not set")

    with pytest.raises(AirflowFailException, match="CROSSWALK_DATA_DIR is not set"):
        as_task(missing_setting)()
    nothing = [{"outcome": "missing", "reason": f"no drop in landing/{p}"} for p in "ab"]
    with pytest.raises(AirflowSkipException, match="no program delivered a drop for 2026-11-21: "
                                                   "no drop in landing/a; no drop in landing/b"):
        as_task(build_staging)("2026-11-21", nothing, "a run")

    def transient():
        raise OSError("disk full")

    with pytest.raises(OSError):  # anything else keeps its retries
        as_task(transient)()
