import pandas as pd

from crosswalk_bench.scores import score_pairs


def test_pairwise_scores_count_pairs_from_groups():
    truth = pd.DataFrame({"record_id": list("abcde"), "true_person_id": [1, 1, 1, 2, 2]})
    # a,b together (1 TP); c alone (misses a-c, b-c); d,e together (1 TP); nothing wrong joined
    predicted = pd.DataFrame({"record_id": list("abcde"), "person_id": ["x", "x", "y", "z", "z"]})
    scores = score_pairs(predicted, truth)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (2, 0, 2)
    assert scores.precision == 1.0
    assert scores.recall == 0.5


def test_a_wrong_merge_is_a_false_positive():
    truth = pd.DataFrame({"record_id": list("abc"), "true_person_id": [1, 2, 3]})
    predicted = pd.DataFrame({"record_id": list("abc"), "person_id": ["x", "x", "y"]})
    scores = score_pairs(predicted, truth)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (0, 1, 0)
    assert scores.precision == 0.0
