"""Clerical review: the queue, and decisions read back with every row accounted for."""

import pandas as pd

from matching.cluster import Decisions
from matching.review import build_queue, read_decisions

KNOWN = {"dcfs:1", "dcfs:2", "fep:9", "udc:4"}


def write(folder, name, rows, columns=("record_id_left", "record_id_right", "decision", "reviewer")):
    pd.DataFrame(rows, columns=list(columns)).to_csv(folder / name, index=False)


def test_decisions_are_validated_and_the_latest_about_a_pair_wins(tmp_path):
    write(tmp_path, "2026-11-20_kim.csv", [
        ("dcfs:1", "fep:9", "must_link", "kim"),
        ("dcfs:2", "fep:9", "maybe", "kim"),
        ("dcfs:1", "vr:404", "CANNOT_LINK", "kim"),
        ("dcfs:2", "udc:4", "", "kim"),  # not decided yet: not read
    ])
    write(tmp_path, "2026-11-21_lee.csv", [("fep:9", "dcfs:1", "CANNOT_LINK", "lee")])
    write(tmp_path, "notes.csv", [("x",)], columns=("comment",))
    read = read_decisions(tmp_path, KNOWN)
    assert read.decisions == Decisions(must_link=set(), cannot_link={("dcfs:1", "fep:9")})
    statuses = read.audit[["file", "row", "status"]].astype(str).values.tolist()
    assert statuses == [
        ["2026-11-20_kim.csv", "2", "superseded"],
        ["2026-11-20_kim.csv", "3", "rejected"],
        ["2026-11-20_kim.csv", "4", "not_in_rosters"],
        ["2026-11-21_lee.csv", "2", "applied"],
        ["notes.csv", "<NA>", "rejected"],
    ]
    reasons = read.audit.reason.tolist()
    assert reasons[0] == "a later decision: 2026-11-21_lee.csv row 2"
    assert reasons[1] == "decision must be one of MUST_LINK, CANNOT_LINK"
    assert reasons[2] == "not in tonight's rosters: vr:404"
    assert reasons[4] == "missing column(s): decision, record_id_left, record_id_right"


def test_only_decisions_made_on_band_or_audit_rows_of_the_queue_are_a_sample(tmp_path):
    columns = ("record_id_left", "record_id_right", "decision", "why_review")
    write(tmp_path, "queue.csv", [
        ("dcfs:1", "dcfs:2", "MUST_LINK", "uncertain score"),
        ("dcfs:2", "fep:9", "CANNOT_LINK", "audit sample (p 0.99 to 1)"),
        ("dcfs:1", "fep:9", "CANNOT_LINK", "refused by rule different_ssn"),  # chosen by a rule
    ], columns=columns)
    write(tmp_path, "mine.csv", [("fep:9", "udc:4", "MUST_LINK", "lee")])  # chosen by a reviewer
    read = read_decisions(tmp_path, KNOWN)
    assert read.sampled == {("dcfs:1", "dcfs:2"), ("dcfs:2", "fep:9")}
    assert read.decisions.must_link == {("dcfs:1", "dcfs:2"), ("fep:9", "udc:4")}
    assert read.audit.why_review.tolist() == [
        "", "uncertain score", "audit sample (p 0.99 to 1)", "refused by rule different_ssn"]


def test_no_decisions_folder_means_no_decisions(tmp_path):
    read = read_decisions(tmp_path / "absent", KNOWN)
    assert read.decisions == Decisions() and read.audit.empty


RECORDS = pd.DataFrame([
    {"record_id": r, "program": r.split(":")[0], "first_name_std": f,
     "last_name_std": "reed", "preferred_name_std": None, "alias_names_std": [],
     "birth_date": pd.Timestamp("2017-12-18"), "ssn": s, "gender": "M", "zip": "84041",
     "group_id": None}
    for r, f, s in [("dcfs:1", "jesse", None), ("dcfs:2", "robert", "333055773"),
                    ("fep:9", "robert", "333055774"), ("udc:4", "bob", None)]
])


def test_queue_holds_uncertain_and_rule_refused_pairs_not_yet_decided():
    pairs = pd.DataFrame([
        ("dcfs:1", "dcfs:2", 0.99, 9.0, "same_family_different_first_name"),  # refused: review
        ("dcfs:2", "fep:9", 0.999, 12.0, None),  # confident: no
        ("dcfs:2", "udc:4", 0.70, 1.2, None),  # uncertain: review
        ("fep:9", "udc:4", 0.60, 0.6, None),  # uncertain but decided: no
        ("dcfs:1", "udc:4", 0.20, -2.0, None),  # confident non-match: no
    ], columns=["record_id_left", "record_id_right", "match_probability", "match_weight", "excluded_by"])
    queue = build_queue(pairs, RECORDS, Decisions(cannot_link={("fep:9", "udc:4")}),
                        audit_per_stratum=0)
    assert queue[["record_id_left", "record_id_right", "why_review"]].values.tolist() == [
        ["dcfs:1", "dcfs:2", "refused by rule same_family_different_first_name"],
        ["dcfs:2", "udc:4", "uncertain score"],
    ]
    first = queue.iloc[0]
    assert (first.first_name_left, first.first_name_right) == ("jesse", "robert")
    assert (first.first_name_agrees, first.last_name_agrees, first.ssn_agrees,
            first.birth_date_agrees) == ("differs", "same", "missing", "same")
    assert list(queue.columns[-3:]) == ["decision", "reviewer", "note"]


def test_the_queue_audits_a_few_pairs_of_each_stratum_outside_the_band_that_no_rule_refused():
    ids = [f"dcfs:{n}" for n in range(12)]
    pairs = pd.DataFrame(
        [(ids[0], ids[n], p, 0.0, None) for n, p in enumerate([0.02, 0.03, 0.04, 0.05], start=1)]
        + [(ids[1], ids[n], p, 0.0, None) for n, p in enumerate([0.995, 0.999], start=5)]
        + [(ids[2], ids[7], 0.06, 0.0, "different_ssn"),  # refused: never audited
           (ids[2], ids[8], 0.07, 0.0, None),  # decided: never queued again
           (ids[3], ids[9], 0.6, 0.0, None)],  # the band: queued as uncertain
        columns=["record_id_left", "record_id_right", "match_probability", "match_weight",
                 "excluded_by"])
    records = pd.concat([RECORDS.iloc[[0]].assign(record_id=r) for r in ids], ignore_index=True)
    queue = build_queue(pairs, records, Decisions(must_link={(ids[2], ids[8])}), audit_per_stratum=3)
    why = queue.groupby("why_review").size().to_dict()
    assert why == {"audit sample (p 0.01 to 0.1)": 3, "audit sample (p 0.99 to 1)": 2,
                   "uncertain score": 1}
    assert set(queue.record_id_right) <= set(ids) - {ids[7], ids[8]}
    again = build_queue(pairs, records, Decisions(must_link={(ids[2], ids[8])}), audit_per_stratum=3)
    assert again.record_id_right.tolist() == queue.record_id_right.tolist()  # the same draw
