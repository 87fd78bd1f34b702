"""The baseline to beat: Splink used plainly on the same rosters.

Names, birth date and SSN with the library's default comparisons, no
standardisation beyond parsing the layouts, no nickname forms, no exclusion
rules, the usual tutorial training. `make bench` scores it beside crosswalk.
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
        f"select program || ':' || client_id as record_id, first_name, last_name, birth_date, "
        f"ssn, zip from staging.stg_{p}__clients" for p in PROGRAMS)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"select distinct on (record_id) * from ({union}) order by record_id").df()


def plain_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("ssn"),
            cl.ExactMatch("zip"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"), block_on("birth_date"), block_on("ssn"),
        ],
    )


def link_plainly(records: pd.DataFrame) -> pd.DataFrame:
    """Train and cluster the plain model; return record_id -> person_id."""
    linker = Linker(DuckDBAPI().register(records, dataset_display_name="plain"), plain_settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=spec.SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name"))
    pairs = linker.inference.predict(threshold_match_probability=spec.MATCH_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=spec.MATCH_THRESHOLD).as_pandas_dataframe()
    return clusters[["record_id", "cluster_id"]].rename(columns={"cluster_id": "person_id"})
