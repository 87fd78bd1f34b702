"""Linkage quality report figures: match rates, program links, drift alerts, reviewer agreement."""

import pandas as pd

from matching.report import drift, match_rates, program_links, reviewer_agreement

CROSSWALK = pd.DataFrame({
    "program": ["dcfs", "dcfs", "dcfs", "udc", "udc", "vr"],
    "client_id": ["1", "2", "3", "7", "8", "9"],
    "person_id": ["P1", "P2", "P3", "P1", "P2", "P1"],
})


def test_match_rate_counts_records_linked_to_another_record():
    rates = match_rates(CROSSWALK).set_index("program")
    assert rates.loc["dcfs", ["records", "linked", "unmatched"]].tolist() == [3, 2, 1]
    assert rates.loc["udc", "match_rate"] == 1.0


def test_program_links_count_persons_in_both_programs():
    table = program_links(CROSSWALK)
    assert table.loc["dcfs", "udc"] == table.loc["udc", "dcfs"] == 2
    assert table.loc["udc", "vr"] == 1
    assert table.loc["dcfs", "dcfs"] == 3


def test_a_fall_of_more_than_five_points_is_flagged_and_a_first_night_is_not():
    rates = match_rates(CROSSWALK)
    rows = {r["program"]: r for r in drift(rates, {"match_rate": {"dcfs": 0.75, "udc": 1.0}})}
    assert rows["dcfs"]["alert"] and round(rows["dcfs"]["change_points"], 1) == -8.3
    assert not rows["udc"]["alert"] and rows["udc"]["change_points"] == 0
    assert rows["vr"]["previous"] is None and not rows["vr"]["alert"]
    assert not any(r["alert"] for r in drift(rates, None))


def test_reviewer_agreement_compares_the_model_alone_with_each_applied_decision():
    pairs = pd.DataFrame({"record_id_left": ["a", "c"], "record_id_right": ["b", "d"],
                          "match_probability": [0.95, 0.4]})
    decisions = pd.DataFrame({
        "record_id_left": ["b", "c", "e"], "record_id_right": ["a", "d", "f"],
        "decision": ["MUST_LINK", "MUST_LINK", "CANNOT_LINK"],
        "status": ["applied", "applied", "superseded"]})
    assert reviewer_agreement(pairs, decisions) == {"decisions": 2, "agreed": 1, "share": 0.5}
