"""crosswalk nightly: ingest five program drops, link people, build marts, deliver, publish.

Runs at 03:00 UTC (CROSSWALK_SCHEDULE) for the previous day's extracts (drops arrive
around 01:00), or for the `extract_date` given in the run's params (`crosswalk run --date`).
A task that fails for good alerts the operators; a rejected or missing drop alerts the
program's contact (crosswalk/alerts.py). `publish` updates the Asset
`crosswalk_published_warehouse` (not for a backfill), `deliver` the Asset `crosswalk_exports`.
A run first claims the data directory (`run.lock`; a second run, from the CLI or
another DAG run, fails at once) and gives it back in a teardown, also after a failure.
Ingest tasks write files only and run side by side; every step that writes
the DuckDB build warehouse runs after the previous one, in a pool of one slot
(`crosswalk_warehouse`), so its single-writer lock is never contended. Analysts
see nothing until `publish` succeeds.

Wrong input (a setting, a date) fails its task at once, without retries; a night for
which no program delivered anything is skipped after ingest, and publishes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, setup, task, teardown

from crosswalk.alerts import TaskFailedAlert
from crosswalk.orchestration import as_task
from crosswalk.settings import NIGHTLY_SCHEDULE, PROGRAMS, TASK_RETRIES, WAREHOUSE_POOL

# What downstream DAGs schedule on (`schedule=[Asset("crosswalk_published_warehouse")]`):
# an event each time a night is published (not for a backfill), and each night's exports.
PUBLISHED_WAREHOUSE = Asset("crosswalk_published_warehouse")
EXPORTS = Asset("crosswalk_exports")


@dag(
    dag_id="crosswalk_nightly",
    schedule=NIGHTLY_SCHEDULE,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": TASK_RETRIES, "retry_delay": timedelta(minutes=5),
                  "on_failure_callback": TaskFailedAlert()},
    tags=["crosswalk", "nightly"],
    # A malformed date is refused when the run is triggered, before any task runs.
    params={"extract_date": Param(None, type=["null", "string"], format="date",
                                  description="YYYY-MM-DD; default: the day before the run")},
    doc_md=__doc__,
)
def crosswalk_nightly():
    @task
    def resolve_extract_date() -> str:
        from crosswalk.pipeline import resolve_extract_date

        context = get_current_context()
        return as_task(resolve_extract_date)(
            context["params"].get("extract_date"),
            context.get("logical_date") or context["dag_run"].run_after)

    @setup
    def claim_run(extract_date: str) -> str:
        from crosswalk.pipeline import claim_run

        return as_task(claim_run)(extract_date, get_current_context()["run_id"])

    @task(map_index_template="{{ task.op_kwargs['program'] }}")
    def ingest(program: str, extract_date: str, claimed: str) -> dict:
        from crosswalk.pipeline import ingest_program

        return as_task(ingest_program, f"ingest {program}")(program, extract_date, claimed)

    @task(pool=WAREHOUSE_POOL)
    def build_staging(extract_date: str, ingested: list[dict], claimed: str) -> None:
        from crosswalk.pipeline import build_staging

        as_task(build_staging)(extract_date, ingested, claimed)

    @task(pool=WAREHOUSE_POOL)
    def link_persons(extract_date: str, claimed: str) -> dict:
        from crosswalk.pipeline import link_persons

        return as_task(link_persons)(extract_date, claimed)

    @task(pool=WAREHOUSE_POOL)
    def build_marts(extract_date: str, claimed: str, linked: dict) -> None:
        from crosswalk.pipeline import build_marts

        as_task(build_marts)(extract_date, claimed)

    @task(pool=WAREHOUSE_POOL, outlets=[EXPORTS])
    def deliver(extract_date: str, claimed: str) -> list[str]:
        from crosswalk.pipeline import deliver

        get_current_context()["outlet_events"][EXPORTS].extra = {"extract_date": extract_date}
        return as_task(deliver)(extract_date, claimed)

    @task(pool=WAREHOUSE_POOL, outlets=[PUBLISHED_WAREHOUSE])
    def publish(extract_date: str, claimed: str, delivered: list[str]) -> str:
        from crosswalk.pipeline import publish

        get_current_context()["outlet_events"][PUBLISHED_WAREHOUSE].extra = {
            "extract_date": extract_date}
        return as_task(publish)(extract_date, claimed)

    @teardown
    def release_run(claimed: str) -> None:
        from crosswalk.pipeline import release_run

        as_task(release_run)(claimed)

    extract_date = resolve_extract_date()
    claimed = claim_run(extract_date)
    ingested = ingest.partial(extract_date=extract_date, claimed=claimed).expand(
        program=list(PROGRAMS))
    staged = build_staging(extract_date, ingested, claimed)
    linked = link_persons(extract_date, claimed)
    staged >> linked  # build_staging returns nothing to pass on
    marts = build_marts(extract_date, claimed, linked)
    delivered = deliver(extract_date, claimed)
    marts >> delivered
    publish(extract_date, claimed, delivered) >> release_run(claimed)


nightly_dag = crosswalk_nightly()
