"""The nightly run's steps, one function per Airflow task (dags/crosswalk_nightly.py).

Each step is keyed by the extract date and idempotent: rerunning a date
replaces what that date wrote. Only `ingest_program` may run in parallel
(it writes files, not the warehouse); the warehouse steps run in sequence.
A run holds the data directory from `claim_run` to `release_run` (crosswalk/run_lock.py),
every step checks that it still does, and builds in its own folder.
"""

from __future__ import annotations

import logging
import math
from datetime import date, timedelta

from crosswalk import run_lock, warehouse
from crosswalk.ingest import ingest_drop
from crosswalk.settings import (
    MODEL_PATH,
    ROSTERS,
    InputError,
    NothingDelivered,
    NotRepublished,
    Paths,
    get_paths,
)
from crosswalk.spreadsheet import write_review_queue
from crosswalk.transform import check_analysts_file, generate_docs, run_dbt

log = logging.getLogger(__name__)


def claim_run(extract_date: str, run_id: str) -> str:
    """Take the data directory for this run (a second run fails here, touching nothing),
    and clear the build folders runs that were killed left behind."""
    paths = get_paths()
    run_lock.claim(paths, run_id, extract_date)
    warehouse.clear_builds(paths.for_run(run_id))
    return run_id


def release_run(run_id: str) -> None:
    run_lock.release(get_paths(), run_id)


def run_paths(run_id: str) -> Paths:
    """The paths a step of this run writes to, once it has checked the run still holds the
    data directory."""
    paths = get_paths()
    run_lock.check(paths, run_id)
    return paths.for_run(run_id)


def ingest_program(program: str, extract_date: str, run_id: str) -> dict:
    """Validate one program's drop into the raw zone; a rejected drop is an outcome, not a failure."""
    paths = run_paths(run_id)
    result = ingest_drop(program, extract_date)
    log.info("%s %s: %s %s", program, extract_date, result.outcome, result.reason)
    if result.outcome in ("rejected", "missing") and not is_backfill(paths, extract_date):
        from crosswalk.alerts import DropAlert

        try:  # a mail server down must not stop the night; the alert is in exports/alerts
            DropAlert(program, extract_date, result.outcome, result.reason).notify({})
        except Exception:
            log.exception("%s %s: the drop alert could not be sent", program, extract_date)
    return {"program": program, "outcome": result.outcome, "reason": result.reason,
            "roster_rows": result.rows_accepted.get(ROSTERS[program].file_name),
            "rows_quarantined": result.rows_quarantined, "fields_nulled": result.fields_nulled}


def build_staging(extract_date: str, ingested: list[dict], run_id: str) -> None:
    """Fresh build warehouse; dbt picks each program's in-service snapshot from the raw zone
    and builds staging and the matching input. A night no program delivered anything for
    builds nothing (and publishes nothing)."""
    if all(result["outcome"] == "missing" for result in ingested):
        raise NothingDelivered(f"no program delivered a drop for {extract_date}: "
                               + "; ".join(r["reason"] for r in ingested))
    paths = run_paths(run_id)
    warehouse.start_build(paths)
    run_dbt(paths, date.fromisoformat(extract_date), "pre_link")


def link_persons(extract_date: str, run_id: str) -> dict:
    """Score and cluster with the saved model, keep person_ids durable; write linkage.* for dbt."""
    from matching.night import link_night, save_night, write_night
    from matching.registry import issued_in

    paths = run_paths(run_id)
    store = paths.state
    nights = store.nights("linkage")
    night = link_night(paths.work_secure, MODEL_PATH, store.before("linkage", extract_date),
                       paths.review_dir / "decisions", extract_date,
                       registry=store.newest("linkage"),
                       issued_at_least=issued_in([store.folder("linkage", n) for n in nights]),
                       published=store.folder("linkage", extract_date)
                       if extract_date in nights else None)
    with store.write_for("linkage", extract_date) as folder:
        save_night(night, folder)
    write_night(night, paths.work_secure)
    write_review_queue(night.review_queue, warehouse.gated_folder(paths.review_dir) / extract_date)
    log.info("%s: %s", extract_date, night.summary)
    # XCom is JSON: an estimate with nothing to stand on (NaN) is passed on as null.
    return {k: None if isinstance(v, float) and math.isnan(v) else v
            for k, v in night.summary.items()}


def build_marts(extract_date: str, run_id: str) -> None:
    """The marts, and the history (enrollment, measures) extended by this night and kept."""
    paths = run_paths(run_id)
    warehouse.start_history(paths, paths.state.before("history", extract_date))
    run_dbt(paths, date.fromisoformat(extract_date), "post_link")
    check_analysts_file(paths, date.fromisoformat(extract_date))
    with paths.state.write_for("history", extract_date) as folder:
        warehouse.keep_history(paths, folder)


def deliver(extract_date: str, run_id: str) -> list[str]:
    """Program leads' extracts and morning reports, offices' intake lists, new-match notices,
    the county performance profiles and the linkage quality report, under exports/<date>/."""
    from crosswalk.county_profiles import write_county_profiles
    from crosswalk.deliver import write_intake_lists, write_program_extracts
    from crosswalk.morning_report import write_morning_reports
    from crosswalk.notify import notify_new_matches
    from matching.report import read_marts, write_match_weights_chart, write_report

    paths = run_paths(run_id)
    day = date.fromisoformat(extract_date)
    written = write_program_extracts(paths, day) + write_intake_lists(paths, day)
    if is_backfill(paths, extract_date):  # its matches were news then, not now
        log.info("%s: a backfill, so no new-match notices", extract_date)
    else:
        written += notify_new_matches(paths, day)
    written += write_morning_reports(paths, day)
    written += write_county_profiles(paths, day)
    written.append(generate_docs(paths, day, paths.exports_dir / extract_date / "warehouse_docs.html"))
    marts = read_marts(paths.work_warehouse)
    written.append(write_report(marts, extract_date,
                                paths.exports_dir / extract_date / "linkage_quality.html"))
    written.append(write_match_weights_chart(
        MODEL_PATH, int(marts.run["records"]),
        paths.exports_dir / extract_date / "linkage_match_weights.html"))
    return [str(p) for p in written]


def publish(extract_date: str, run_id: str) -> str:
    """The night's state becomes what later nights build on, then the finished build is
    swapped in for analysts; nothing they read changes before this. A backfill ends here
    skipped (NotRepublished): the published warehouse, and its Asset, stay the newest
    night's. State first: a run killed between the two has kept ids no one has seen,
    never shown ids it did not keep."""
    paths = run_paths(run_id)
    backfill = is_backfill(paths, extract_date)
    paths.state.commit(extract_date)
    if backfill:
        raise NotRepublished(f"{extract_date} is a backfill: its state is kept, and the "
                             f"published warehouse stays the newest night's "
                             f"({paths.state.nights('linkage')[-1]})")
    target = warehouse.publish(paths)
    log.info("%s: published %s", extract_date, target)
    return str(target)


def is_backfill(paths: Paths, extract_date: str) -> bool:
    """A night earlier than the newest one processed: it keeps its own state, but what
    analysts and case managers see stays the newest night's."""
    nights = paths.state.nights("linkage")
    return bool(nights) and extract_date < nights[-1]


def resolve_extract_date(requested: str | None, logical_date) -> str:
    """The run's extract date: the one asked for, else the day before the run's logical date.

    A cron run is labelled with its own trigger time (03:00 on the 22nd) and processes
    the drops of the 21st.
    """
    if requested:
        try:
            return date.fromisoformat(requested).isoformat()
        except ValueError:
            raise InputError(f"extract_date {requested!r} is not a date in YYYY-MM-DD form") from None
    return (logical_date.date() - timedelta(days=1)).isoformat()
