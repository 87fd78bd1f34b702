"""Clustering under cannot-link rules and reviewed decisions."""

import random

import pandas as pd

from matching.cluster import Decisions, cluster_records


def record(record_id, first, last="garrett", ssn=None, group=None, gender="M", born=None):
    program = record_id.split(":")[0]
    return {"record_id": record_id, "program": program, "group_id": group, "first_name_std": first,
            "last_name_std": last, "name_forms": [first] if first else [], "ssn": ssn,
            "gender": gender, "birth_date": pd.Timestamp(born) if born else pd.NaT}


def links(*triples):
    return pd.DataFrame(triples, columns=["record_id_left", "record_id_right", "match_probability"])


def partition(clusters):
    return sorted(sorted(g) for g in clusters.groupby("cluster_id").record_id.agg(list))


# Twins on one DCFS case; one twin's FEP record carries his SSN.
TWINS = pd.DataFrame([
    record("dcfs:1", "christopher", group="C1"),
    record("dcfs:2", "steven", ssn="064941469", group="C1"),
    record("fep:9", "steve", ssn="064941469", group="H1"),
])


def test_a_link_that_would_chain_twins_together_is_refused():
    clusters, refused = cluster_records(
        TWINS, links(("dcfs:2", "fep:9", 0.99), ("dcfs:1", "fep:9", 0.97)))
    assert partition(clusters) == [["dcfs:1"], ["dcfs:2", "fep:9"]]
    assert refused.values.tolist() == [["dcfs:1", "fep:9", "same_family_different_first_name"]]


def test_two_different_valid_ssns_are_two_people_but_miskeyed_digits_are_left_to_the_score():
    records = pd.DataFrame([record("vr:1", "ann", ssn="123456780", born="1990-01-02"),
                            record("udc:1", "ann", ssn="987654321", born="1991-03-04"),
                            record("fep:1", "ann", ssn="100056700", born="1990-01-02")])
    clusters, refused = cluster_records(records, links(("udc:1", "vr:1", 0.999),
                                                       ("fep:1", "vr:1", 0.99)))
    assert partition(clusters) == [["fep:1", "vr:1"], ["udc:1"]]  # four digits apart: left to the score
    assert refused.refused_by.tolist() == ["different_ssn"]


def test_a_different_ssn_does_not_veto_when_name_and_birth_date_agree_exactly():
    records = pd.DataFrame([record("vr:1", "ann", ssn="123456780", born="1990-01-02"),
                            record("udc:1", "ann", ssn="987654321", born="1990-01-02")])
    clusters, refused = cluster_records(records, links(("udc:1", "vr:1", 0.999)))
    assert partition(clusters) == [["udc:1", "vr:1"]]
    assert refused.empty


def test_a_record_without_first_name_or_ssn_joins_one_person_but_never_bridges_two():
    records = pd.DataFrame([
        record("dcfs:1", None, last="smith", born="2025-05-01", gender="F"),  # BABY SMITH
        record("fep:1", "jane", last="smith", ssn="111223333", born="2025-05-01", gender="F"),
        record("vr:1", "joan", last="smith", born="2025-05-01", gender="F"),
    ])
    clusters, refused = cluster_records(records, links(("dcfs:1", "fep:1", 0.97),
                                                       ("dcfs:1", "vr:1", 0.95)))
    assert partition(clusters) == [["dcfs:1", "fep:1"], ["vr:1"]]
    assert refused.values.tolist() == [["dcfs:1", "vr:1", "bridge_through_low_information_record"]]


def test_one_slipped_digit_or_a_shared_ssn_on_a_case_does_not_block():
    records = pd.DataFrame([
        record("dcfs:1", "morris", last="tracy", ssn="221835651", group="C6", gender="F"),
        record("dcfs:2", "tracy", last="morris", ssn="221835651", group="C6", gender="F"),
        record("vr:1", "tracy", last="morris", ssn="221835615", gender="F"),
    ])
    clusters, refused = cluster_records(
        records, links(("dcfs:1", "dcfs:2", 0.99), ("dcfs:2", "vr:1", 0.98)))
    assert partition(clusters) == [["dcfs:1", "dcfs:2", "vr:1"]]
    assert refused.empty


def test_same_case_different_gender_is_refused():
    records = pd.DataFrame([record("dcfs:1", "stephanie", last="butler", group="C2", gender="F"),
                            record("dcfs:2", "stephen", last="butler", group="C2", gender="M")])
    _, refused = cluster_records(records, links(("dcfs:1", "dcfs:2", 0.996)))
    assert refused.refused_by.tolist() == ["same_family_different_gender"]


def test_reviewed_must_link_beats_the_rules_and_cannot_link_beats_the_model():
    decisions = Decisions(must_link={("dcfs:1", "fep:9")}, cannot_link={("dcfs:2", "fep:9")})
    clusters, refused = cluster_records(TWINS, links(("dcfs:2", "fep:9", 0.99)), decisions)
    assert partition(clusters) == [["dcfs:1", "fep:9"], ["dcfs:2"]]
    assert refused.refused_by.tolist() == ["reviewed_cannot_link"]


def test_the_partition_does_not_depend_on_the_order_links_arrive_in():
    pairs = links(("dcfs:2", "fep:9", 0.99), ("dcfs:1", "fep:9", 0.97), ("dcfs:1", "dcfs:2", 0.95))
    expected = partition(cluster_records(TWINS, pairs)[0])
    for seed in range(5):
        shuffled = pairs.sample(frac=1, random_state=random.Random(seed).randint(0, 99))
        assert partition(cluster_records(TWINS, shuffled)[0]) == expected
    assert cluster_records(TWINS, pairs)[0].cluster_id.tolist() == ["dcfs:1", "dcfs:2", "dcfs:2"]
