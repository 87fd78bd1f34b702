"""The nightly run's steps, one function per Airflow task (dags/crosswalk_nightly.py).

Each step is keyed by the extract date and idempotent: rerunning a date
replaces what that date wrote. Only `ingest_program` may run in parallel
(it writes files, not the warehouse); the warehouse steps run in sequence.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pandas as pd

from crosswalk import warehouse
from crosswalk.ingest import ingest_drop
from crosswalk.settings import MODEL_PATH, get_paths
from crosswalk.transform import generate_docs, run_dbt

log = logging.getLogger(__name__)


def ingest_program(program: str, extract_date: str) -> dict:
    """Validate one program's drop into the raw zone; a rejected drop is an outcome, not a failure."""
    result = ingest_drop(program, extract_date)
    log.info("%s %s: %s %s", program, extract_date, result.outcome, result.reason)
    return {"program": program, "outcome": result.outcome, "reason": result.reason,
            "rows_quarantined": result.rows_quarantined, "fields_nulled": result.fields_nulled}


def build_staging(extract_date: str) -> dict:
    """Fresh build warehouse, in-service snapshots loaded, staging and matching input built."""
    paths = get_paths()
    warehouse.start_build(paths)
    snapshots = warehouse.load_raw(paths, date.fromisoformat(extract_date))
    run_dbt(paths, date.fromisoformat(extract_date), "pre_link")
    return {p: {"in_service": d, "tonight": t} for p, (d, t) in snapshots.items()}


def link_persons(extract_date: str) -> dict:
    """Score and cluster with the saved model, keep person_ids durable; write linkage.* for dbt."""
    from matching.link import link_records, write_linkage
    from matching.prepare import read_records
    from matching.registry import identify, previous_assignments
    from matching.review import build_queue, read_decisions, write_queue

    paths = get_paths()
    records = read_records(paths.work_warehouse)
    reviewed = read_decisions(paths.review_dir / "decisions", set(records.record_id))
    linked = link_records(records, MODEL_PATH, paths.linkage_state_dir, extract_date,
                          reviewed.decisions)
    previous = previous_assignments(paths.registry_dir, extract_date)
    links, persons, events = identify(linked.clusters, paths.registry_dir, extract_date)
    queue = build_queue(linked.pairs, records, reviewed.decisions)
    write_queue(queue, paths.review_dir / extract_date)
    summary = {
        "extract_date": extract_date, "scoring": linked.scored.mode, "records": len(links),
        "records_scored": linked.scored.records_scored, "pairs_kept": len(linked.pairs),
        "links": int(linked.pairs.is_linked.sum()), "persons": links.person_id.nunique(),
        "review_queue": len(queue),
        "decisions_applied": int((reviewed.audit.status == "applied").sum()),
    }
    write_linkage(paths.work_warehouse, {"record_persons": links, "scored_pairs": linked.pairs,
                                         "person_registry": persons, "person_events": events,
                                         "review_decisions": reviewed.audit,
                                         "previous_record_persons": previous,
                                         "link_runs": pd.DataFrame([summary])})
    log.info("%s: %s", extract_date, summary)
    return summary


def build_marts(extract_date: str) -> None:
    run_dbt(get_paths(), date.fromisoformat(extract_date), "post_link")


def deliver(extract_date: str) -> list[str]:
    """Program leads' extracts and morning reports, new-match notices and the linkage quality
    report, under exports/<date>/."""
    from crosswalk.deliver import write_program_extracts
    from crosswalk.measures import save_measures
    from crosswalk.morning_report import write_morning_reports
    from crosswalk.notify import notify_new_matches
    from matching.report import read_inputs, write_report

    paths = get_paths()
    written = write_program_extracts(paths, date.fromisoformat(extract_date))
    written += notify_new_matches(paths, date.fromisoformat(extract_date))
    written.append(save_measures(paths, date.fromisoformat(extract_date)))
    written += write_morning_reports(paths, date.fromisoformat(extract_date))
    written.append(generate_docs(paths, date.fromisoformat(extract_date),
                                 paths.exports_dir / extract_date / "warehouse_docs.html"))
    inputs = read_inputs(paths.work_warehouse, paths.truth_dir / extract_date / "records.csv")
    written.append(write_report(inputs, extract_date, paths.linkage_state_dir,
                                paths.exports_dir / extract_date / "linkage_quality.html"))
    return [str(p) for p in written]


def publish(extract_date: str) -> str:
    """Swap the finished build in for analysts; nothing they read changes before this."""
    target = warehouse.publish(get_paths())
    log.info("%s: published %s", extract_date, target)
    return str(target)


def resolve_extract_date(requested: str | None, logical_date) -> str:
    """The run's extract date: the one asked for, else the day before the run's logical date.

    A cron run is labelled with its own trigger time (03:00 on the 22nd) and processes
    the drops of the 21st.
    """
    if requested:
        return date.fromisoformat(requested).isoformat()
    return (logical_date.date() - timedelta(days=1)).isoformat()
