"""Active persons by program and number of programs, for executives: no person-level rows.

Counts of 1 to 10 are hidden, with complementary suppression so no hidden count can be
recovered from the row and column totals (crosswalk/suppression.py, unit-tested there).
"""


def model(dbt, session):
    from crosswalk.suppression import suppress, to_long

    dbt.config(materialized="table")
    counts = dbt.ref("int_enrollments_counted_by_concurrency").df()
    order = counts.drop_duplicates("programs_enrolled").sort_values("level_order").programs_enrolled
    table = counts.pivot(index="program", columns="programs_enrolled", values="persons")[list(order)]
    published = to_long(suppress(table), "program", "programs_enrolled")
    published["as_of_date"] = dbt.config.get("as_of_date")  # the night's extract date (YAML config)
    return published
