"""A night's precision and recall estimated without truth: from the model's probabilities
alone, and from reviewers' decisions on the queue's band and audit rows, taken as a sample."""

import math

import pandas as pd
import pytest

from matching.accuracy import estimate, estimate_from_decisions
from matching.cluster import Decisions


def test_false_links_and_misses_are_the_sums_of_the_probabilities():
    found = estimate(pd.Series([0.9, 1.0, 1.0, 0.5]), pd.Series([0.5, 0.1]))
    assert found["pairs_in_persons"] == 4
    assert found["expected_false_links"] == 0.6 and found["expected_missed_links"] == 0.6
    assert found["estimated_precision"] == pytest.approx(1 - 0.6 / 4)
    assert found["estimated_recall"] == pytest.approx(3.4 / 4.0)
    spread = 2 * math.sqrt(0.09 + 0.25)  # two sd of the false links
    assert found["estimated_precision_low"] == pytest.approx(1 - (0.6 + spread) / 4)
    assert found["estimated_recall_low"] < found["estimated_recall"] < found["estimated_recall_high"]


def test_certain_links_and_no_near_misses_estimate_perfect_accuracy():
    found = estimate(pd.Series([1.0, 1.0]), pd.Series([], dtype=float))
    assert found["estimated_precision"] == found["estimated_precision_low"] == 1.0
    assert found["estimated_recall"] == found["estimated_recall_high"] == 1.0


def test_a_night_with_no_pair_in_one_person_has_no_precision_to_estimate():
    found = estimate(pd.Series([], dtype=float), pd.Series([0.3]))
    assert math.isnan(found["estimated_precision"]) and found["estimated_recall"] == 0.0


def _pairs(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["record_id_left", "record_id_right", "match_probability",
                                       "excluded_by"])


WITHIN = _pairs(("a", "b", 0.995, None),  # a stratum no one decided in: the model's 0.005
                ("c", "d", 0.85, None),  # decided one person
                ("e", "f", 0.85, None),  # decided two, not yet applied: a known false link
                ("g", "h", 0.86, None),  # undecided, in the stratum decided 1 of 2 one person
                ("i", "j", 0.30, None))  # linked through others, undecided stratum: the model's 0.7
APART = _pairs(("k", "l", 0.60, None),   # decided two: 0 of 1 one person in [0.5, 0.65)
               ("m", "n", 0.55, None),   # so this one counts 0, not the model's 0.55
               ("o", "p", 0.70, None),   # a stratum no one decided in: the model's 0.7
               ("q", "r", 0.62, "rule"),  # refused by a rule: not a miss
               ("t", "s", 0.005, None))  # decided one person, in no stratum: a known miss
DECIDED = Decisions(must_link={("c", "d"), ("s", "t")}, cannot_link={("e", "f"), ("k", "l")})
SAMPLED = frozenset({("c", "d"), ("e", "f"), ("k", "l"), ("s", "t")})  # all made on the queue


def test_decided_pairs_stand_for_their_stratum_and_count_as_decided():
    found = estimate_from_decisions(WITHIN, APART, DECIDED, SAMPLED)
    assert found["clerical_pairs_sampled"] == 3  # s-t is in no stratum
    false_links, missed = 0.005 + 1 + 0.5 + 0.7, 0 + 0.7 + 1
    assert found["clerical_precision"] == pytest.approx(1 - false_links / 5)
    assert found["clerical_recall"] == pytest.approx((5 - false_links) / (5 - false_links + missed))
    # Wilson 95%: 1 of 2 is 0.0945 to 0.9055, 0 of 1 is 0 to 0.7935.
    assert found["clerical_precision_low"] == pytest.approx(1 - (1.705 + 1 - 0.0945) / 5, abs=1e-4)
    assert found["clerical_precision_high"] == pytest.approx(1 - (1.705 + 1 - 0.9055) / 5, abs=1e-4)
    assert found["clerical_recall_low"] == pytest.approx(2.795 / (2.795 + 1.7 + 0.7935), abs=1e-4)
    assert found["clerical_recall_high"] == pytest.approx(found["clerical_recall"])


def test_a_decision_not_made_on_a_sampled_row_is_an_outcome_not_a_sample():
    found = estimate_from_decisions(WITHIN, APART, DECIDED, SAMPLED - {("k", "l")})
    assert found["clerical_pairs_sampled"] == 2
    # [0.5, 0.65) has no sampled decision now: m-n counts the model's 0.55; k-l stays right.
    assert found["clerical_recall"] == pytest.approx(2.795 / (2.795 + 1.7 + 0.55))


def test_without_a_sampled_decision_in_any_stratum_there_is_no_clerical_estimate():
    found = estimate_from_decisions(WITHIN, APART, DECIDED, frozenset({("s", "t")}))
    assert found["clerical_pairs_sampled"] == 0
    assert math.isnan(found["clerical_precision"]) and math.isnan(found["clerical_recall_low"])
