"""Train the linkage model on the night's records and save its parameters as JSON."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
from splink import DuckDBAPI, Linker

from matching import spec
from matching.score import population_path, tf_columns, tf_path

log = logging.getLogger(__name__)


def train_model(records: pd.DataFrame, model_path: Path) -> Path:
    """EM training: u from random pairs, lambda from deterministic rules, m by EM passes."""
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(records, dataset_display_name="records"), spec.settings())
    linker.training.estimate_probability_two_random_records_match(
        spec.DETERMINISTIC_RULES, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=spec.SEED)
    for rule in spec.EM_BLOCKING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model = linker.misc.save_model_to_json(overwrite=True)
    model_path.write_text(json.dumps(model, indent=2, sort_keys=True) + "\n")
    # Term frequencies are part of the model: a pair scores the same whatever else
    # is in tonight's population (matching/score.py relies on it).
    for column in tf_columns(model):
        table = linker.table_management.compute_tf_table(column).as_pandas_dataframe()
        table.sort_values(column, ignore_index=True).to_parquet(tf_path(model_path, column),
                                                                index=False)
    population_path(model_path).write_text(json.dumps({"training_records": len(records)}) + "\n")
    log.info("saved linkage model to %s", model_path)
    return model_path
