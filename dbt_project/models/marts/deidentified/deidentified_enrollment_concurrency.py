"""Active persons by program and number of programs, for executives: no person-level rows.

Counts of 1 to 10 are hidden, with complementary suppression so no hidden count can be
recovered from the row and column totals (crosswalk/suppression.py, unit-tested there).
The totals count distinct persons, as int_enrollments_counted_by_concurrency gives them.
"""


def model(dbt, session):
    from crosswalk.suppression import TOTAL, Totals, suppress, to_long

    dbt.config(materialized="table", alias="enrollment_concurrency")
    counts = dbt.ref("int_enrollments_counted_by_concurrency").df()
    order = counts.drop_duplicates("programs_enrolled").sort_values("level_order").programs_enrolled
    order = [level for level in order if level != TOTAL]
    is_cell = (counts.program != TOTAL) & (counts.programs_enrolled != TOTAL)
    table = counts[is_cell].pivot(index="program", columns="programs_enrolled", values="persons")
    margin = counts[~is_cell].set_index(["program", "programs_enrolled"]).persons
    totals = Totals(rows=margin.xs(TOTAL, level="programs_enrolled"),
                    columns=margin.xs(TOTAL, level="program").drop(TOTAL),
                    grand=int(margin[TOTAL, TOTAL]))
    published = to_long(suppress(table[order], totals=totals), "program", "programs_enrolled")
    published["as_of_date"] = dbt.config.get("as_of_date")  # the night's extract date (YAML config)
    return published
