"""Persons by the exact combination of programs they are active in, each month end: the
31 combinations for reports that leave the building.

Counts of 1 to 10 are hidden, and further counts so that none is given back by a sum other
tables publish (all persons, by program, by number of programs, by pair; see
crosswalk.suppression.combination_lines), month end by month end.
"""


def model(dbt, session):
    from crosswalk.suppression import suppress_combinations

    dbt.config(materialized="table", alias="program_combinations")
    counts = dbt.ref("program_combinations").df().sort_values(["as_of_date", "combination"])
    shown = counts.persons.astype("float")
    for _, night in counts.groupby("as_of_date"):
        shown[night.index] = suppress_combinations(night.set_index("combination").persons).to_numpy()
    counts["persons"] = shown.astype("Int64")
    counts["is_suppressed"] = counts.persons.isna()
    return counts
