"""Persons by the exact combination of programs they are active in, each month end: the
31 combinations for reports that leave the building.

Counts of 1 to 10 are hidden, and further counts so that none is given back by a sum other
tables publish (all persons, by program, by number of programs, by pair; see
crosswalk.suppression.combination_lines), month end by month end. On the extract date, no
cell the executive table hides is the sum of shown combinations either.
"""


def model(dbt, session):
    import pandas as pd

    from crosswalk.suppression import TOTAL, hidden_sums, suppress_combinations

    dbt.config(materialized="table", alias="program_combinations")
    counts = dbt.ref("program_combinations").df().sort_values(["as_of_date", "combination"])
    executive = dbt.ref("deidentified_enrollment_concurrency").df()
    levels = (dbt.ref("int_enrollments_counted_by_concurrency").df()
              .set_index("programs_enrolled").level_order.to_dict())
    hidden = [(row.program, None if row.programs_enrolled == TOTAL else levels[row.programs_enrolled])
              for row in executive[executive.is_suppressed].itertuples()]
    extract_date = pd.Timestamp(executive.as_of_date.iloc[0])
    shown = counts.persons.astype("float")
    for as_of_date, night in counts.groupby("as_of_date"):
        labels = list(night.combination)
        concealed = hidden_sums(hidden, labels) if pd.Timestamp(as_of_date) == extract_date else []
        shown[night.index] = suppress_combinations(night.set_index("combination").persons,
                                                   concealed=concealed).to_numpy()
    counts["persons"] = shown.astype("Int64")
    counts["is_suppressed"] = counts.persons.isna()
    return counts
