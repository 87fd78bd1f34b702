"""The model's estimate of a night's precision and recall, from its probabilities alone."""

import math

import pandas as pd
import pytest

from matching.accuracy import estimate


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
