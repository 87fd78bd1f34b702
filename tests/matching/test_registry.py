"""The person registry: merges, splits, new people, reruns and durability."""

import pandas as pd

from matching.registry import (
    RegistryState,
    assign_person_ids,
    identify,
    load_state,
    read_events,
    save_state,
)


def night(clusters, state=None, day="2026-11-21"):
    return assign_person_ids(clusters, state or RegistryState(), day)


def test_first_night_issues_ids_in_record_order():
    ids, state, events = night({"c9": ["vr:1", "dcfs:1"], "c1": ["udc:5"]})
    assert ids == {"dcfs:1": "P000000001", "vr:1": "P000000001", "udc:5": "P000000002"}
    assert state.issued == 2
    assert [e.event for e in events] == ["created", "created"]


def test_unchanged_clusters_keep_ids_whatever_splink_calls_them():
    ids1, state, _ = night({"a": ["dcfs:1", "vr:1"], "b": ["udc:5"]})
    ids2, _, events = night({"zz": ["udc:5"], "yy": ["vr:1", "dcfs:1"]}, state, "2026-11-22")
    assert ids2 == ids1
    assert events == []


def test_merge_keeps_the_id_with_most_records_and_retires_the_other():
    _, state, _ = night({"a": ["dcfs:1", "vr:1"], "b": ["udc:5"]})
    ids, state2, events = night({"x": ["dcfs:1", "vr:1", "udc:5"]}, state, "2026-11-22")
    assert set(ids.values()) == {"P000000001"}
    assert state2.retired_into == {"P000000002": "P000000001"}
    [event] = events
    assert (event.event, event.person_id, event.other_person_id) == (
        "merged", "P000000002", "P000000001")


def test_merge_of_equal_sizes_keeps_the_older_id():
    _, state, _ = night({"a": ["udc:5"], "b": ["dcfs:1"]})  # dcfs:1 -> P1, udc:5 -> P2
    ids, _, _ = night({"x": ["dcfs:1", "udc:5"]}, state, "2026-11-22")
    assert set(ids.values()) == {"P000000001"}


def test_split_leaves_the_id_with_the_larger_part_and_never_reuses_ids():
    _, state, _ = night({"a": ["dcfs:1", "fep:2", "vr:1"], "b": ["udc:5"]})
    ids, state2, events = night({"x": ["dcfs:1", "vr:1"], "y": ["fep:2"], "z": ["udc:5"]},
                                state, "2026-11-22")
    assert ids["dcfs:1"] == ids["vr:1"] == "P000000001"
    assert ids["udc:5"] == "P000000002"
    assert ids["fep:2"] == "P000000003"  # new, never an id issued before
    assert [(e.event, e.person_id, e.other_person_id) for e in events] == [
        ("split", "P000000003", "P000000001")]
    assert state2.issued == 3


def test_new_record_joining_a_person_takes_its_id():
    _, state, _ = night({"a": ["dcfs:1"]})
    ids, _, events = night({"a": ["dcfs:1", "jjs:7"]}, state, "2026-11-22")
    assert ids == {"dcfs:1": "P000000001", "jjs:7": "P000000001"}
    assert events == []


def test_state_survives_on_disk_and_a_rerun_reads_only_earlier_nights(tmp_path):
    ids1, state, events = night({"a": ["dcfs:1", "vr:1"], "b": ["udc:5"]})
    save_state(tmp_path, "2026-11-21", state, events)
    _, state2, events2 = night({"x": ["dcfs:1", "vr:1", "udc:5"]}, load_state(tmp_path, "2026-11-22"),
                               "2026-11-22")
    save_state(tmp_path, "2026-11-22", state2, events2)
    # Rerunning night 1 starts from nothing again and gives the same ids.
    assert load_state(tmp_path, "2026-11-21").assignments == {}
    reloaded = load_state(tmp_path, "2026-11-23")
    assert reloaded.retired_into == {"P000000002": "P000000001"}
    assert reloaded.issued == 2
    assert list(read_events(tmp_path, "2026-11-22").event) == ["created", "created", "merged"]


def test_identify_replaces_cluster_ids_with_person_ids(tmp_path):
    links = pd.DataFrame({"record_id": ["dcfs:1", "vr:1", "udc:5"], "cluster_id": [7, 7, 9]})
    identified, persons, events = identify(links, tmp_path, "2026-11-21")
    assert list(identified.person_id) == ["P000000001", "P000000001", "P000000002"]
    assert "cluster_id" not in identified
    assert list(persons.person_id) == ["P000000001", "P000000002"]
    assert len(events) == 2
