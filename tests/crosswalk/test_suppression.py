"""Small cells hidden, and no hidden cell given back by a row or column total."""

import itertools

import numpy as np
import pandas as pd

from crosswalk.suppression import (
    TOTAL,
    Share,
    Totals,
    combination_lines,
    hidden_sums,
    lone_hidden,
    primary,
    recoverable,
    suppress,
    suppress_combinations,
    suppress_counted,
    suppress_measures,
    to_long,
)

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


def test_given_totals_are_published_and_protected_like_sums():
    """Distinct persons: one in two programs is in two cells of '2 programs' but once in its
    total, and once in the grand total."""
    distinct = Totals(rows=TABLE.sum(axis=1), columns=pd.Series(
        {"1 program": 880, "2 programs": 134, "3 or more": 5}), grand=1_019)
    published = suppress(TABLE, totals=distinct)
    assert published.loc[TOTAL, "1 program"] == 880 and published.loc[TOTAL, TOTAL] == 1_019
    assert pd.isna(published.loc[TOTAL, "3 or more"])  # 5 distinct persons: a small count
    assert published.loc["dcfs", TOTAL] == 502
    assert recoverable(published) == []


def test_given_row_totals_stay_shown_and_protect_nothing():
    """The overlap publishes each program's persons: hiding jjs's total here would not hide
    it, and the 30 beside it would come back from that figure."""
    table = pd.DataFrame({"1 program": [400, 30, 8], "2 programs": [90, 40, 0],
                          "3 or more": [25, 12, 0]}, index=["dcfs", "jjs", "udc"])
    distinct = Totals(rows=table.sum(axis=1), columns=pd.Series(
        {"1 program": 438, "2 programs": 65, "3 or more": 14}), grand=517)
    published = suppress(table, totals=distinct)
    assert published.loc["jjs", TOTAL] == 82 and published.loc["dcfs", TOTAL] == 515
    assert pd.isna(published.loc["udc", TOTAL])  # 8: small, hidden wherever it is published
    # ... and the grand total with it: with few persons in two programs, 8 would be about
    # the grand total less the other row totals.
    assert pd.isna(published.loc[TOTAL, TOTAL])
    for row in ("dcfs", "jjs"):  # with its total shown, no row holds a lone hidden cell
        assert published.loc[row, table.columns].isna().sum() != 1
    for column in table.columns:
        assert published[column].isna().sum() != 1


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


def test_no_combination_count_is_given_back_by_a_sum_published_elsewhere():
    programs = ["dcfs", "fep", "jjs", "udc", "vr"]
    labels = ["+".join(c) for k in range(1, 6) for c in itertools.combinations(programs, k)]
    rng = np.random.default_rng(3)
    for _ in range(100):
        persons = pd.Series(rng.choice([0, 2, 9, 15, 60, 400], size=31), index=labels)
        published = suppress_combinations(persons)
        hidden = published.isna().to_numpy()
        assert (hidden >= primary(persons.to_numpy())).all()
        assert (published[~hidden] == persons[~hidden]).all()
        assert lone_hidden(hidden, combination_lines(labels)) == []


def test_a_lone_small_combination_takes_the_fewest_others_with_it():
    labels = ["dcfs", "fep", "dcfs+fep"]
    published = suppress_combinations(pd.Series([500, 300, 4], index=labels), top_level=2)
    # Both programs' totals and the pair's own line hold dcfs+fep: the singles hide too.
    assert published.isna().tolist() == [True, True, True]


def test_a_cell_another_table_hides_is_not_the_sum_of_shown_combinations():
    labels = ["dcfs", "fep", "udc", "dcfs+fep", "dcfs+udc", "fep+udc", "dcfs+fep+udc"]
    persons = pd.Series([400, 300, 200, 50, 60, 70, 0], index=labels)
    assert not suppress_combinations(persons).isna().any()  # nothing small here
    # The executive table hid DCFS clients in two programs (to protect a small cell there).
    concealed = hidden_sums([("dcfs", 2)], labels)
    assert [[labels[i] for i in line.entries] for line in concealed] == [["dcfs+fep", "dcfs+udc"]]
    published = suppress_combinations(persons, concealed=concealed)
    hidden = published.isna().to_numpy()
    assert hidden[concealed[0].entries].sum() >= 2  # one alone would be given back by DCFS's total
    assert lone_hidden(hidden, combination_lines(labels)) == []
    everyone = hidden_sums([("Total", None)], labels)[0]
    assert everyone.entries == list(range(7))


def test_measures_hide_small_counts_and_every_share_or_mean_that_would_give_one_back():
    measures = pd.DataFrame({
        "program": ["dcfs", "fep", "jjs", "udc", "vr"],
        "active_clients": [500, 500, 7, 500, None],
        "consenting": [250, 4, 0, 495, None],
        "coverage": [0.5, 0.008, 0.0, 0.99, 0.5],
        "stuck": [40, 3, 0, 12, 20],
        "days_stuck": [12.5, 40.0, None, 8.0, 9.0],
    })
    out = suppress_measures(measures, ["active_clients", "consenting", "stuck"],
                            {"coverage": Share("consenting", "active_clients")},
                            {"days_stuck": "stuck"}).set_index("program")
    assert out.loc["dcfs"].tolist() == [500, 250, 0.5, 40, 12.5]
    # 4 consenting: hidden, and the share that with 500 gives it back.
    assert out.loc["fep", ["consenting", "coverage"]].isna().all()
    assert out.loc["fep", "active_clients"] == 500 and pd.isna(out.loc["fep", "days_stuck"])
    # 7 active, none consenting: the 7 who did not are few, so even the 0 goes.
    assert out.loc["jjs", ["active_clients", "consenting", "coverage"]].isna().all()
    # 5 did not consent: the share and the numerator go, the denominator stays.
    assert out.loc["udc", ["consenting", "coverage"]].isna().all() and out.loc["udc", "active_clients"] == 500
    assert out.loc["udc", "days_stuck"] == 8.0
    assert pd.isna(out.loc["vr", "coverage"])  # counts not kept that night: unknown, hidden


def test_counted_long_form_takes_its_totals_from_the_total_rows():
    counts = pd.DataFrame(
        [("dcfs", "a", 1, 50), ("dcfs", "b", 2, 30), ("fep", "a", 1, 40), ("fep", "b", 2, 3),
         ("Total", "a", 1, 85), ("Total", "b", 2, 33), ("dcfs", "Total", 9, 70),
         ("fep", "Total", 9, 43), ("Total", "Total", 9, 100)],
        columns=["program", "status", "status_order", "persons"])
    long = suppress_counted(counts, "program", "status", "status_order").set_index(
        ["program", "status"]).persons
    assert (long["Total", "Total"], long["dcfs", TOTAL], long["fep", TOTAL]) == (100, 70, 43)
    assert pd.isna(long["fep", "b"]) and pd.isna(long["fep", "a"])  # 3, and its row partner
