"""Process measures (marts.process_measures, every night the history holds) for reports
that leave the building.

Counts of 1 to 10 are hidden; a share with either count it divides hidden, or where few
did not (crosswalk.suppression.suppress_measures); the mean days stuck with the stuck
clients. SUBSTANCE_USE milestones are not counted, as in the mart (42 CFR Part 2).
"""

COUNTS = ["roster_records", "active_clients", "records_linked", "clients_newly_matched",
          "rows_quarantined", "consenting_active_clients", "milestones", "milestones_with_targets",
          "milestones_completed_with_target", "milestones_completed_on_time", "work_in_process",
          "throughput_last_30_days", "clients_stuck", "clients_in_plan_conflicts"]


def model(dbt, session):
    from crosswalk.suppression import Share, suppress_measures

    dbt.config(materialized="table", alias="process_measures")
    measures = dbt.ref("process_measures").df().sort_values(["extract_date", "program"])
    shares = {"match_rate": Share("records_linked", "roster_records"),
              "consent_coverage": Share("consenting_active_clients", "active_clients"),
              "share_milestones_with_targets": Share("milestones_with_targets", "milestones"),
              "on_time_completion": Share("milestones_completed_on_time",
                                          "milestones_completed_with_target")}
    published = suppress_measures(measures, COUNTS, shares, {"average_days_stuck": "clients_stuck"})
    keep = ["extract_date", "program", "is_stale", "drop_outcome", *shares,
            "average_days_stuck", *COUNTS]
    return published[keep].reset_index(drop=True)
