"""marts.application_timeliness for reports that leave the building, with its shares.

Counts of 1 to 10 are hidden; a share with either count it divides hidden, or where few
did not (crosswalk.suppression.suppress_measures); the median days with the decided count.
Counts nested in others (same day within standard, denials among decisions) are checked
as shares are, so no difference of two published counts is 1 to 10 either. No table
publishes the sum over benefits, so hidden cells cannot be given back from a total.
"""

COUNTS = ["applications", "decided", "decided_same_day", "decided_within_standard",
          "pending_past_standard", "denials", "procedural_denials"]


def model(dbt, session):
    from crosswalk.suppression import Share, suppress_measures

    dbt.config(materialized="table", alias="application_timeliness")
    timeliness = dbt.ref("application_timeliness").df().sort_values(
        ["program", "benefit", "county", "received_month"])
    shares = {"decided_share": Share("decided", "applications"),
              "same_day_share": Share("decided_same_day", "decided"),
              "within_standard_share": Share("decided_within_standard", "decided"),
              "procedural_denial_share": Share("procedural_denials", "denials")}
    nested = {"same_day_of_within_standard": Share("decided_same_day", "decided_within_standard"),
              "denials_of_decided": Share("denials", "decided")}
    for column, share in {**shares, **nested}.items():
        timeliness[column] = (timeliness[share.numerator]
                              / timeliness[share.denominator].where(timeliness[share.denominator] > 0))
    published = suppress_measures(timeliness, COUNTS, {**shares, **nested},
                                  {"median_days_to_decision": "decided"})
    keep = ["program", "benefit", "county", "received_month", *shares, "median_days_to_decision",
            *COUNTS]
    return published[keep].reset_index(drop=True)
