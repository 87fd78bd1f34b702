"""Small cells hidden, and no hidden cell given back by a row or column total."""

import numpy as np
import pandas as pd

from crosswalk.suppression import TOTAL, recoverable, suppress, to_long

TABLE = pd.DataFrame(
    {"1 program": [400, 250, 30, 80, 120], "2 programs": [90, 60, 4, 45, 70],
     "3 or more": [12, 7, 0, 9, 25]},
    index=["dcfs", "fep", "jjs", "udc", "vr"])


def test_counts_of_one_to_ten_are_hidden_and_nothing_else_needlessly():
    published = suppress(TABLE)
    assert published[["1 program", "2 programs", "3 or more"]].isna().sum().sum() >= 3
    for row, column in [("jjs", "2 programs"), ("fep", "3 or more"), ("udc", "3 or more")]:
        assert pd.isna(published.loc[row, column])
    assert published.loc["dcfs", "1 program"] == 400
    assert published.loc["jjs", "3 or more"] == 0  # a zero is not a small cell
    assert published.loc[TOTAL, TOTAL] == TABLE.to_numpy().sum()


def test_no_hidden_cell_can_be_recovered_from_totals():
    published = suppress(TABLE)
    assert recoverable(published) == []
    # Primary suppression alone would leave them recoverable.
    primary = TABLE.where(~TABLE.isin(range(1, 11)))
    primary[TOTAL] = TABLE.sum(axis=1)
    assert recoverable(primary) != []


def test_no_recovery_on_many_random_tables():
    rng = np.random.default_rng(7)
    for _ in range(300):
        shape = (int(rng.integers(2, 7)), int(rng.integers(2, 5)))
        counts = rng.choice([0, 1, 3, 8, 12, 40, 300], size=shape, p=[.1, .1, .1, .1, .2, .2, .2])
        published = suppress(pd.DataFrame(counts))
        inner = published.iloc[:-1, :-1].to_numpy()
        assert not ((counts >= 1) & (counts <= 10) & ~np.isnan(inner)).any()
        assert recoverable(published) == []


def test_exact_complementary_choice_on_a_small_table():
    table = pd.DataFrame({"a": [5, 20], "b": [30, 40]}, index=["x", "y"])
    published = suppress(table)
    # 5 is hidden; its row and column each need a second hidden entry: the smallest.
    assert published.isna().to_numpy().tolist() == [
        [True, True, False], [True, True, False], [False, False, False]]
    assert published.loc[TOTAL].tolist() == [25, 70, 95]


def test_one_small_count_costs_a_rectangle_of_four_cells_not_more():
    # The 100,000-person night's executive table: only JJS "3 or more" (1) is small.
    table = pd.DataFrame(
        {"1 program": [4254, 4177, 413, 878, 1043], "2 programs": [1238, 686, 49, 1053, 536],
         "3 or more": [77, 129, 1, 101, 85]},
        index=["dcfs", "fep", "jjs", "udc", "vr"])
    published = suppress(table)
    hidden = sorted(published.stack(future_stack=True).loc[lambda s: s.isna()].index.tolist())
    assert hidden == [("jjs", "2 programs"), ("jjs", "3 or more"),
                      ("vr", "2 programs"), ("vr", "3 or more")]
    assert recoverable(published) == []


def test_long_form_marks_each_hidden_cell():
    long = to_long(suppress(TABLE), "program", "programs_enrolled")
    assert len(long) == 6 * 4
    assert long.is_suppressed.sum() == long.persons.isna().sum() > 0
    assert set(long.columns) == {"program", "programs_enrolled", "persons", "is_suppressed"}
