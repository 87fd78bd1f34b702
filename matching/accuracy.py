"""How accurate tonight's linkage probably is, where there is no truth: the model's estimate.

Precision: every pair of records put into one person (linked directly or through others)
is scored with the saved model, blocked on the person; each is a false link with
probability 1 - p, so the expected false links are the sum of (1 - p) over those pairs.
Recall: a kept pair (p of `spec.KEEP_PAIRS_FROM` or more) left in two persons, refused by
no rule, is a miss with probability p. The interval is two standard deviations of those
sums, pairs taken as independent: it covers chance, given the model's probabilities, not
a model whose probabilities are off (the bench compares the estimate with the truth).
Pairs are counted as `crosswalk evaluate` counts them, so the two can be set side by side.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from splink import DuckDBAPI

from matching.score import _as_pairs, _linker, load_model


def pairs_in_persons(records: pd.DataFrame, persons: pd.DataFrame, model_path: Path) -> pd.Series:
    """The model's probability for every pair of records that share a person_id."""
    model = load_model(model_path, len(records))
    model.settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": 'l."person_id" = r."person_id"', "sql_dialect": "duckdb"}]
    frame = records.merge(persons[["record_id", "person_id"]], on="record_id")
    db_api = DuckDBAPI()
    linker = _linker(model, db_api, frame)
    within = linker.inference.predict_within(db_api.register(frame, dataset_display_name="persons"),
                                             threshold_match_probability=0, warning_mode="never")
    return _as_pairs(within).match_probability


def estimate(within: pd.Series, apart: pd.Series) -> dict:
    """`within`: p of each pair in one person; `apart`: p of each kept pair left apart that
    no rule refused."""
    false_links, missed = float((1 - within).sum()), float(apart.sum())
    true_links = float(within.sum())
    spread_false = 2 * math.sqrt(float((within * (1 - within)).sum()))
    spread_missed = 2 * math.sqrt(float((apart * (1 - apart)).sum()))
    n = len(within)

    def recall(misses: float) -> float:
        return true_links / (true_links + misses) if true_links + misses else math.nan

    return {
        "pairs_in_persons": n,
        "expected_false_links": round(false_links, 2),
        "expected_missed_links": round(missed, 2),
        "estimated_precision": 1 - false_links / n if n else math.nan,
        "estimated_precision_low": max(0.0, 1 - (false_links + spread_false) / n) if n else math.nan,
        "estimated_precision_high": min(1.0, 1 - (false_links - spread_false) / n) if n else math.nan,
        "estimated_recall": recall(missed),
        "estimated_recall_low": recall(missed + spread_missed),
        "estimated_recall_high": recall(max(0.0, missed - spread_missed)),
    }


def estimate_night(records: pd.DataFrame, persons: pd.DataFrame, pairs: pd.DataFrame,
                   model_path: Path) -> dict:
    """Tonight's estimate: `persons` (record_id, person_id), `pairs` the scored pairs with
    excluded_by."""
    person = persons.set_index("record_id").person_id
    apart = pairs[(pairs.record_id_left.map(person) != pairs.record_id_right.map(person))
                  & pairs.excluded_by.isna()]
    return estimate(pairs_in_persons(records, persons, model_path), apart.match_probability)
