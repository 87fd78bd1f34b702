"""The baseline to beat: Splink 5 as a careful user writes it, on the same rosters.

What a careful user does without this project's knowledge: names trimmed and
lower-cased, SSNs as digits (as staging parses them); Splink's name comparison
on first and last name with term-frequency adjustments, its date-of-birth
comparison, SSN with Damerau-Levenshtein levels, ZIP exact; blocking on ssn,
first+last, last+dob and first+dob; lambda from a deterministic rule, u by
random sampling, m by the usual EM passes (blocked on names, then on birth
date), linked at the same threshold as crosswalk. No nickname forms, no placeholder
handling, no rules. `make bench` scores it beside crosswalk in the same run.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from crosswalk.settings import PROGRAMS
from matching import spec


def read_plain_records(warehouse: Path) -> pd.DataFrame:
    union = " union all ".join(
        f"select program || ':' || client_id as record_id, lower(trim(first_name)) as first_name, "
        f"lower(trim(last_name)) as last_name, birth_date, ssn, zip from staging.stg_{p}__clients"
        for p in PROGRAMS)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"select distinct on (record_id) * from ({union}) order by record_id").df()


def plain_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.DamerauLevenshteinAtThresholds("ssn", [1, 2]),
            cl.ExactMatch("zip"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("ssn"), block_on("first_name", "last_name"),
            block_on("last_name", "birth_date"), block_on("first_name", "birth_date"),
        ],
    )


def link_plainly(records: pd.DataFrame) -> pd.DataFrame:
    """Train and cluster the plain model; return record_id -> person_id."""
    linker = Linker(DuckDBAPI().register(records, dataset_display_name="plain"), plain_settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=spec.SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    pairs = linker.inference.predict(threshold_match_probability=spec.MATCH_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=spec.MATCH_THRESHOLD).as_pandas_dataframe()
    return clusters[["record_id", "cluster_id"]].rename(columns={"cluster_id": "person_id"})
