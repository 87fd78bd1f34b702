"""Active persons by program and number of programs, for executives: no person-level rows.

Counts of 1 to 10 are hidden, with complementary suppression so no hidden count can be
recovered from the row and column totals (crosswalk/suppression.py, unit-tested there).
The totals count distinct persons, as int_enrollments_counted_by_concurrency gives them.
"""


def model(dbt, session):
    from crosswalk.suppression import suppress_counted

    dbt.config(materialized="table", alias="enrollment_concurrency")
    counts = dbt.ref("int_enrollments_counted_by_concurrency").df()
    published = suppress_counted(counts, "program", "programs_enrolled", "level_order")
    published["as_of_date"] = dbt.config.get("as_of_date")  # the night's extract date (YAML config)
    return published
