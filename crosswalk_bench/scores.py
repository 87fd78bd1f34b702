"""Pairwise precision and recall of a person assignment against known truth."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs_within(groups: pd.Series) -> int:
    sizes = groups.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def score_pairs(predicted: pd.DataFrame, truth: pd.DataFrame) -> PairwiseScores:
    """Both frames: one row per record_id, with `person_id` / `true_person_id`.

    Counts record pairs put together by prediction, by truth, and by both,
    from group sizes (no pair enumeration, so it scales to millions of records).
    """
    joined = predicted.merge(truth, on="record_id", how="inner", validate="one_to_one")
    predicted_pairs = _pairs_within(joined.person_id)
    true_pairs = _pairs_within(joined.true_person_id)
    both = _pairs_within(joined.person_id.astype(str) + "|" + joined.true_person_id.astype(str))
    return PairwiseScores(both, predicted_pairs - both, true_pairs - both)
