"""Blocking evidence: comparisons per rule, and the true pairs each rule finds first."""

import pandas as pd

from crosswalk_bench.blocking import analyse_blocking, true_pairs


def rec(record_id, first, last, born, ssn=None, zip_code="84101"):
    return {"record_id": record_id, "program": record_id.split(":")[0], "group_id": None,
            "first_name_std": first, "last_name_std": last, "preferred_name_std": None,
            "alias_names_std": [], "birth_date": pd.Timestamp(born), "ssn": ssn, "gender": "F",
            "zip": zip_code, "name_forms": [first], "known_names": [first + last]}


RECORDS = pd.DataFrame([
    rec("dcfs:1", "ann", "lee", "1990-01-02", ssn="123456789"),
    rec("udc:1", "anne", "lee", "1990-02-01", ssn="123456789"),  # found by SSN
    rec("vr:1", "ann", "lee", "1990-01-03"),  # with dcfs:1 by names; with udc:1 by surname and ZIP
    rec("fep:1", "bob", "ray", "1970-05-05"),
    rec("fep:2", "bob", "ray", "1970-05-05"),  # same DOB: a birth-date pair, not the same person
])
TRUTH = pd.DataFrame({"record_id": ["dcfs:1", "udc:1", "vr:1", "fep:1", "fep:2"],
                      "true_person_id": ["A", "A", "A", "B", "C"]})


def test_true_pairs_are_every_pair_of_one_person():
    assert true_pairs(TRUTH).values.tolist() == [
        ["dcfs:1", "udc:1"], ["dcfs:1", "vr:1"], ["udc:1", "vr:1"]]


def test_each_rule_reports_cost_and_the_true_pairs_it_finds_first():
    table = analyse_blocking(RECORDS, TRUTH)
    assert table.rule.tolist()[0] == 'l."ssn" = r."ssn"'
    assert table.true_pairs_marginal.tolist() == [1, 0, 1, 1, 0]
    assert table.true_pairs_recall_cumulative.tolist()[-1] == 1.0
    assert table.comparisons_marginal.tolist() == [1, 1, 1, 1, 0]
    assert table.comparisons_cumulative.iloc[-1] == table.comparisons_marginal.sum()
