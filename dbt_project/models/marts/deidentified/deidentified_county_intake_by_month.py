"""marts.county_intake_by_month for reports that leave the building.

Counts of 1 to 10 are hidden; a share with either count it divides hidden, or where few
did not (crosswalk.suppression.suppress_measures).
"""

COUNTS = ["applications", "applicants_known", "reapplications", "served_elsewhere"]


def model(dbt, session):
    from crosswalk.suppression import Share, suppress_measures

    dbt.config(materialized="table", alias="county_intake_by_month")
    intake = dbt.ref("county_intake_by_month").df().sort_values(
        ["program", "county", "received_month"])
    shares = {"churn_share": Share("reapplications", "applications"),
              "served_elsewhere_share": Share("served_elsewhere", "applications")}
    published = suppress_measures(intake, COUNTS, shares, {})
    keep = ["program", "county", "received_month", *shares, *COUNTS]
    return published[keep].reset_index(drop=True)
