"""How accurate tonight's linkage probably is, where there is no truth: two estimates.

The model's. Precision: every pair of records put into one person (linked directly or
through others) is scored with the saved model, blocked on the person; each is a false link
with probability 1 - p, so the expected false links are the sum of (1 - p) over those pairs.
Recall: a kept pair (p of `spec.KEEP_PAIRS_FROM` or more) left in two persons, refused by
no rule, is a miss with probability p. The interval is two standard deviations of those
sums, pairs taken as independent: it covers chance, given the model's probabilities, not
a model whose probabilities are off (tests/e2e/test_nightly_run.py compares both estimates
with the generator's truth).
Pairs are counted as `crosswalk evaluate` counts them, so the two can be set side by side.

The reviewers'. Decisions made on queue rows that are a sample (matching/review.py: the
queue holds every pair of the review band, and an audit sample drawn at random from each
stratum of match probability outside it, `spec.CLERICAL_STRATA`) give, per stratum, the
share of decided pairs that are one person; it stands in for the model's p of every
undecided pair there. Any decided pair, sampled or not (a rule-refused pair, a file a
reviewer wrote), is right or wrong as its decision says (before the decision is applied,
it may still be wrong); a stratum with no sampled decision keeps the model's p. The
interval takes each sampled stratum's share at the ends of its 95% Wilson interval. It assumes the decided
pairs of a stratum are like its undecided ones: the queue lists pairs by match probability,
so a reviewer who stops partway through a stratum leaves it leaning to its higher pairs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from scipy.stats import binomtest
from splink import DuckDBAPI

from matching import spec
from matching.cluster import Decisions, pair_key
from matching.score import as_pairs, load_model, model_linker

PAIR = ["record_id_left", "record_id_right", "match_probability"]


def pairs_in_persons(records: pd.DataFrame, persons: pd.DataFrame, model_path: Path) -> pd.DataFrame:
    """Every pair of records that share a person_id, with the model's probability."""
    model = load_model(model_path, len(records))
    model.settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": 'l."person_id" = r."person_id"', "sql_dialect": "duckdb"}]
    frame = records.merge(persons[["record_id", "person_id"]], on="record_id")
    db_api = DuckDBAPI()
    linker = model_linker(model, db_api, frame)
    within = linker.inference.predict_within(db_api.register(frame, dataset_display_name="persons"),
                                             threshold_match_probability=0, warning_mode="never")
    return as_pairs(within)[PAIR]


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


def _keyed(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.assign(key=[pair_key(a, b) for a, b in zip(
        pairs.record_id_left, pairs.record_id_right, strict=True)])


def _strata(decided: pd.DataFrame) -> pd.DataFrame:
    """Per stratum with decisions: the share one person, and its Wilson interval."""
    rows = []
    for stratum, group in decided.groupby("stratum", observed=True):
        test = binomtest(int(group.match.sum()), len(group))
        interval = test.proportion_ci(confidence_level=0.95, method="wilson")
        rows.append((stratum, test.statistic, interval.low, interval.high))
    return pd.DataFrame(rows, columns=["stratum", "share", "low", "high"]).set_index("stratum")


def _chance(pairs: pd.DataFrame, strata: pd.DataFrame, end: str) -> pd.Series:
    """Each pair's chance of being one person: its stratum's share at `end`, else the model's p."""
    share = spec.clerical_stratum(pairs.match_probability).map(strata[end]).astype(float)
    return share.fillna(pairs.match_probability)


def estimate_from_decisions(within: pd.DataFrame, apart: pd.DataFrame, decisions: Decisions,
                            sampled: frozenset[tuple[str, str]]) -> dict:
    """`within`: each pair in one person; `apart`: each kept pair left in two persons, with
    excluded_by (a rule's refusal stands, as in the model's estimate); `sampled`: the
    decided pairs that were queued as uncertain or drawn for audit (matching/review.py)."""
    decided = {key: True for key in decisions.must_link} | {
        key: False for key in decisions.cannot_link}
    within, apart = _keyed(within), _keyed(apart)
    scored = pd.concat([within[["key", "match_probability"]], apart[["key", "match_probability"]]])
    sample = scored[scored.key.isin(sampled & decided.keys())].drop_duplicates("key").assign(
        stratum=lambda f: spec.clerical_stratum(f.match_probability),
        match=lambda f: f.key.map(decided))
    in_strata = sample.dropna(subset=["stratum"])
    strata = _strata(in_strata)
    if strata.empty:
        return {"clerical_pairs_sampled": 0} | dict.fromkeys(
            [f"clerical_{m}{end}" for m in ("precision", "recall") for end in ("", "_low", "_high")],
            math.nan)
    known_false = int(within.key.map(decided).eq(False).sum())  # undecided pairs map to NaN
    known_missed = int(apart.key.map(decided).eq(True).sum())
    undecided_within = within[~within.key.isin(decided.keys())]
    open_apart = apart[~apart.key.isin(decided.keys()) & apart.excluded_by.isna()]

    def false_links(end: str) -> float:
        return known_false + float((1 - _chance(undecided_within, strata, end)).sum())

    def missed(end: str) -> float:
        return known_missed + float(_chance(open_apart, strata, end).sum())

    n = len(within)
    true_links = n - false_links("share")

    def recall(misses: float) -> float:
        return true_links / (true_links + misses) if true_links + misses else math.nan

    return {
        "clerical_pairs_sampled": len(in_strata),
        "clerical_precision": 1 - false_links("share") / n if n else math.nan,
        "clerical_precision_low": 1 - false_links("low") / n if n else math.nan,
        "clerical_precision_high": 1 - false_links("high") / n if n else math.nan,
        "clerical_recall": recall(missed("share")),
        "clerical_recall_low": recall(missed("high")),
        "clerical_recall_high": recall(missed("low")),
    }


def estimate_night(records: pd.DataFrame, persons: pd.DataFrame, pairs: pd.DataFrame,
                   model_path: Path, decisions: Decisions,
                   sampled: frozenset[tuple[str, str]]) -> dict:
    """Tonight's two estimates: `persons` (record_id, person_id), `pairs` the scored pairs
    with excluded_by, `decisions` the reviewers' (applied ones), `sampled` those of them
    that are a sample."""
    person = persons.set_index("record_id").person_id
    apart = pairs[pairs.record_id_left.map(person) != pairs.record_id_right.map(person)]
    within = pairs_in_persons(records, persons, model_path)
    return (estimate(within.match_probability, apart[apart.excluded_by.isna()].match_probability)
            | estimate_from_decisions(within, apart, decisions, sampled))
