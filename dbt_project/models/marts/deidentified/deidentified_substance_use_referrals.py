"""Persons referred for a substance-use (42 CFR Part 2) need, by referring program and
referral status: the only form in which analysts see those referrals.

Counts of 1 to 10 are hidden, with complementary suppression against the totals, which
count distinct persons (crosswalk/suppression.py). Every program and status is a cell,
zero or not, so an absent row says nothing.
"""


def model(dbt, session):
    from crosswalk.suppression import suppress_counted

    dbt.config(materialized="table", alias="substance_use_referrals")
    counts = dbt.ref("int_substance_use_referrals_counted").df()
    published = suppress_counted(counts, "program", "status", "status_order")
    published["as_of_date"] = dbt.config.get("as_of_date")  # the night's extract date (YAML config)
    return published
