"""marts.county_intake_by_month's shares for reports that leave the building.

A share is hidden where either count it divides is 1 to 10, or few did not
(crosswalk.suppression.suppress_measures). The counts are not published: the applications
of a county and month are the sum of deidentified.application_timeliness's benefits, so
publishing them would give back a benefit's hidden cell.
"""

COUNTS = ["applications", "reapplications", "served_elsewhere"]


def model(dbt, session):
    from crosswalk.suppression import Share, suppress_measures

    dbt.config(materialized="table", alias="county_intake_by_month")
    intake = dbt.ref("county_intake_by_month").df().sort_values(
        ["program", "county", "received_month"])
    shares = {"churn_share": Share("reapplications", "applications"),
              "served_elsewhere_share": Share("served_elsewhere", "applications")}
    published = suppress_measures(intake, COUNTS, shares, {})
    return published[["program", "county", "received_month", *shares]].reset_index(drop=True)
