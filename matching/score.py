"""Score candidate pairs: all of them, or only those a night's changes touch.

A pair's score depends only on the two records and the saved model: the
term frequencies are the model's own (saved beside it at training), not
tonight's population. So the pairs of records unchanged since the last run
keep their stored scores, and only new and changed records are scored,
against the unchanged ones (`predict_between`) and each other
(`predict_within`). The night's pairs then equal a full re-link's.

State (one folder a night, kept by the caller's state store) holds the
record fingerprints and scored pairs, tagged with the model's fingerprint; a
new model means a full re-link.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from splink import DuckDBAPI, Linker

from matching import spec

log = logging.getLogger(__name__)

PAIR_COLUMNS = ["record_id_left", "record_id_right", "match_weight", "match_probability"]


@dataclass(frozen=True)
class Model:
    settings: dict
    term_frequencies: dict[str, pd.DataFrame]  # column -> (value, tf_<column>)
    fingerprint: str


def tf_path(model_path: Path, column: str) -> Path:
    return model_path.with_name(f"{model_path.stem}.tf_{column}.parquet")


def population_path(model_path: Path) -> Path:
    """How many records the model was trained on (see `prior_for`)."""
    return model_path.with_name(f"{model_path.stem}.population.json")


def population_step(records: int) -> int:
    """The population size rounded to a power of two: the prior moves in steps, not nightly."""
    return 2 ** round(math.log2(max(records, 2)))


def prior_for(model_path: Path, settings: dict, records: int) -> float:
    """The chance that two random records match, for a population of `records`.

    Each person has a few records whatever the population, so true pairs grow
    with N and all pairs with N squared: the prior falls as 1/N. A model trained
    on 26,000 records and used on 260,000 unchanged would call ten times too many
    coincidences (same name, same birth date) matches. It moves in powers of two,
    so a night's small changes leave every score, and the incremental path, as is.
    """
    trained_on = json.loads(population_path(model_path).read_text())["training_records"]
    return settings["probability_two_random_records_match"] * (
        population_step(trained_on) / population_step(records))


def tf_columns(settings: dict) -> list[str]:
    return sorted({level["tf_adjustment_column"] for comparison in settings["comparisons"]
                   for level in comparison["comparison_levels"] if "tf_adjustment_column" in level})


def load_model(model_path: Path, records: int) -> Model:
    """The saved model, its term frequencies, and its prior set for `records` records."""
    settings = json.loads(model_path.read_text())
    settings["probability_two_random_records_match"] = prior_for(model_path, settings, records)
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    frequencies = {}
    for column in tf_columns(settings):
        path = tf_path(model_path, column)
        if not path.exists():
            raise FileNotFoundError(f"{path}: the model's term frequencies for {column} are "
                                    f"missing; retrain with `crosswalk train`")
        digest.update(path.read_bytes())
        frequencies[column] = pd.read_parquet(path)
    return Model(settings, frequencies, digest.hexdigest()[:16])


def fingerprint_records(records: pd.DataFrame) -> pd.Series:
    """A hash of what matching reads of each record: equal hashes, equal scores.

    Name forms and known names derive from these columns, so they are not hashed again.
    """
    columns = {c: records[c] for c in spec.INPUT_COLUMNS if c != "record_id"}
    columns["alias_names_std"] = records.alias_names_std.map(
        lambda names: "|".join(names) if names is not None else "")
    columns["birth_date"] = records.birth_date.astype(str)
    return pd.util.hash_pandas_object(pd.DataFrame(columns), index=False).astype("uint64")


def model_linker(model: Model, db_api: DuckDBAPI, frame: pd.DataFrame) -> Linker:
    linker = Linker(db_api.register(frame, dataset_display_name="records"), model.settings)
    for column, table in model.term_frequencies.items():
        linker.table_management.register_term_frequency_lookup(
            db_api.register(table, dataset_display_name=f"tf_{column}"), column)
    return linker


def _ordered(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs as record_id_left < record_id_right, one row each, in a stable order."""
    swap = pairs.record_id_left > pairs.record_id_right
    pairs.loc[swap, ["record_id_left", "record_id_right"]] = pairs.loc[
        swap, ["record_id_right", "record_id_left"]].to_numpy()
    pairs = pairs.drop_duplicates(["record_id_left", "record_id_right"])
    return pairs.sort_values(["record_id_left", "record_id_right"], ignore_index=True)


def as_pairs(predictions) -> pd.DataFrame:
    frame = predictions.as_pandas_dataframe().rename(
        columns={"record_id_l": "record_id_left", "record_id_r": "record_id_right"})
    return frame[PAIR_COLUMNS]


def score_all(records: pd.DataFrame, model: Model) -> pd.DataFrame:
    db_api = DuckDBAPI()
    linker = model_linker(model, db_api, records)
    frame = db_api.register(records, dataset_display_name="all_records")
    return _ordered(as_pairs(linker.inference.predict_within(
        frame, threshold_match_probability=spec.KEEP_PAIRS_FROM, warning_mode="never")))


def score_changes(records: pd.DataFrame, changed: pd.Series, model: Model) -> pd.DataFrame:
    """Pairs touching a changed record: changed x unchanged, and changed x changed."""
    db_api = DuckDBAPI()
    linker = model_linker(model, db_api, records)
    new = db_api.register(records[changed], dataset_display_name="changed")
    old = db_api.register(records[~changed], dataset_display_name="unchanged")
    within = as_pairs(linker.inference.predict_within(
        new, threshold_match_probability=spec.KEEP_PAIRS_FROM, warning_mode="never"))
    between = as_pairs(linker.inference.predict_between(
        old, new, threshold_match_probability=spec.KEEP_PAIRS_FROM, warning_mode="never"))
    return _ordered(pd.concat([within, between], ignore_index=True))


@dataclass(frozen=True)
class Scored:
    pairs: pd.DataFrame
    mode: str  # full | incremental
    records_scored: int  # records whose pairs were (re)scored tonight
    fingerprints: pd.DataFrame  # record_id, fingerprint: what the next night compares against
    model_fingerprint: str


def score_night(records: pd.DataFrame, model: Model, previous: Path | None,
                full: bool = False) -> Scored:
    """Tonight's scored pairs, reusing those of the previous state (a folder written by
    `write_scores`) where neither record changed."""
    fingerprints = pd.DataFrame({"record_id": records.record_id,
                                 "fingerprint": fingerprint_records(records)})
    if full or previous is None or not (previous / "fingerprints.parquet").exists():
        previous = None
    elif json.loads((previous / "model.json").read_text()) != model.fingerprint:
        log.info("model changed since %s: full re-link", previous.name)
        previous = None

    if previous is None:
        scored = Scored(score_all(records, model), "full", len(records), fingerprints,
                        model.fingerprint)
    else:
        before = pd.read_parquet(previous / "fingerprints.parquet")
        known = dict(zip(before.record_id, before.fingerprint, strict=True))
        changed = pd.Series([known.get(r) != f for r, f in
                             zip(records.record_id, fingerprints.fingerprint, strict=True)],
                            index=records.index)
        unchanged_ids = set(records.record_id[~changed])
        kept = pd.read_parquet(previous / "pairs.parquet")
        kept = kept[kept.record_id_left.isin(unchanged_ids) & kept.record_id_right.isin(unchanged_ids)]
        fresh = score_changes(records, changed, model) if changed.any() else kept.iloc[:0]
        pairs = _ordered(pd.concat([kept, fresh], ignore_index=True))
        scored = Scored(pairs, "incremental", int(changed.sum()), fingerprints, model.fingerprint)
    log.info("%s scoring, %d records scored, %d pairs", scored.mode, scored.records_scored,
             len(scored.pairs))
    return scored


def write_scores(scored: Scored, folder: Path) -> None:
    """What the next night's `score_night` reads back as its `previous`."""
    scored.fingerprints.to_parquet(folder / "fingerprints.parquet", index=False)
    scored.pairs[PAIR_COLUMNS].to_parquet(folder / "pairs.parquet", index=False)
    (folder / "model.json").write_text(json.dumps(scored.model_fingerprint))
