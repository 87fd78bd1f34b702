"""Persons with a substance-use (42 CFR Part 2) milestone, by program and status: the only
form in which analysts see those milestones.

Counts of 1 to 10 are hidden, with complementary suppression against the totals, which
count distinct persons (crosswalk/suppression.py). Every program and status is a cell,
zero or not, so an absent row says nothing.
"""


def model(dbt, session):
    from crosswalk.suppression import TOTAL, Totals, suppress, to_long

    dbt.config(materialized="table", alias="substance_use_milestones")
    counts = dbt.ref("int_substance_use_milestones_counted").df()
    statuses = list(counts[counts.status != TOTAL].sort_values("status_order").status.unique())
    is_cell = (counts.program != TOTAL) & (counts.status != TOTAL)
    table = counts[is_cell].pivot(index="program", columns="status", values="persons")[statuses]
    margin = counts[~is_cell].set_index(["program", "status"]).persons
    totals = Totals(rows=margin.xs(TOTAL, level="status"),
                    columns=margin.xs(TOTAL, level="program").drop(TOTAL),
                    grand=int(margin[TOTAL, TOTAL]))
    published = to_long(suppress(table, totals=totals), "program", "status")
    published["as_of_date"] = dbt.config.get("as_of_date")  # the night's extract date (YAML config)
    return published
