from airflow.dag_processing.dagbag import DagBag

from crosswalk.orchestration import DAG_FILE
from crosswalk.pipeline import resolve_extract_date
from crosswalk.settings import TASK_RETRIES


def test_dag_imports_with_schedule_retries_and_tags():
    bag = DagBag(dag_folder=str(DAG_FILE.parent))
    assert bag.import_errors == {}
    dag = bag.dags["crosswalk_nightly"]
    assert dag.schedule == "0 3 * * *"
    assert dag.catchup is False
    assert set(dag.tags) == {"crosswalk", "nightly"}
    assert all(t.retries == TASK_RETRIES for t in dag.tasks)
    assert {t.task_id for t in dag.tasks} == {
        "resolve_extract_date", "ingest", "build_staging", "link_persons", "build_marts",
        "deliver", "publish"}


def test_cron_run_processes_the_previous_days_drops():
    import pendulum

    assert resolve_extract_date(None, pendulum.datetime(2026, 11, 22, 3)) == "2026-11-21"
    assert resolve_extract_date("2026-10-01", pendulum.datetime(2026, 11, 22, 3)) == "2026-10-01"
