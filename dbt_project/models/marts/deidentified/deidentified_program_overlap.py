"""For each ordered pair of programs, persons active in a and those also active in b, for
reports that leave the building.

A count of 1 to 10 is hidden, and the share with it. Each count here is a sum of the
combination counts (crosswalk.suppression.combination_lines counts it as published), so
deidentified program_combinations is protected against it.
"""


def model(dbt, session):
    from crosswalk.suppression import primary

    dbt.config(materialized="table", alias="program_overlap")
    overlap = dbt.ref("program_overlap").df()
    for column in ("persons_active_in_a", "persons_also_active_in_b"):
        small = primary(overlap[column].to_numpy())
        overlap[column] = overlap[column].astype("Int64").mask(small)
    overlap["is_suppressed"] = overlap[["persons_active_in_a", "persons_also_active_in_b"]].isna().any(axis=1)
    overlap["share"] = overlap.share.mask(overlap.is_suppressed)
    return overlap
