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


def starting_settings(saved: Path) -> dict:
    """spec.settings(), with each level's m taken from `saved` where the level is unchanged.

    The specification always wins: a level added or rewritten since `saved` starts afresh,
    and a level whose m the specification fixes keeps the fixed value.
    """
    settings = spec.settings().get_settings("duckdb").as_dict()
    trained = {(c["output_column_name"], level["sql_condition"]): level.get("m_probability")
               for c in json.loads(saved.read_text())["comparisons"] for level in c["comparison_levels"]}
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = trained.get((comparison["output_column_name"], level["sql_condition"]))
            if m is not None and not level.get("fix_m_probability") and not level.get("is_null_level"):
                level["m_probability"] = m
    return settings


def train_model(records: pd.DataFrame, model_path: Path, start_from: Path | None = None) -> Path:
    """EM training: u from random pairs, lambda from deterministic rules, m by EM passes.

    `start_from`, a saved model: a level this night's blocks never show (a small
    night, a clean roster) keeps that model's m instead of Splink's default, so
    retraining cannot come out worse for lack of examples.
    """
    settings = spec.settings() if start_from is None else starting_settings(start_from)
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(records, dataset_display_name="records"), settings)
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
