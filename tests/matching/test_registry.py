"""The person registry: merges, splits, new people, reruns and durability."""

import pandas as pd

from crosswalk.state import StateStore
from matching.registry import (
    RegistryState,
    assign_person_ids,
    identify,
    issued_in,
    write_registry,
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


def test_state_survives_on_disk_and_each_night_builds_on_the_one_before(tmp_path):
    store = StateStore(tmp_path)

    def run(day, clusters):
        links = pd.DataFrame([(r, c) for c, records in clusters.items() for r in records],
                             columns=["record_id", "cluster_id"])
        identified = identify(links, store.before("linkage", day), day)
        with store.write_for("linkage", day) as folder:
            write_registry(identified, folder)
        store.commit(day)
        return identified

    first = run("2026-11-21", {"a": ["dcfs:1", "vr:1"], "b": ["udc:5"]})
    second = run("2026-11-22", {"x": ["dcfs:1", "vr:1", "udc:5"]})
    assert list(first.links.person_id) == ["P000000001", "P000000001", "P000000002"]
    assert set(second.links.person_id) == {"P000000001"}
    assert second.persons.retired_into.fillna("").tolist() == ["", "P000000001"]
    assert list(second.events.event) == ["created", "created", "merged"]
    assert dict(zip(second.previous.record_id, second.previous.person_id, strict=True)) == {
        "dcfs:1": "P000000001", "vr:1": "P000000001", "udc:5": "P000000002"}
    # Rerunning night 1 builds on nothing again and gives the same ids; night 2 is left as it was.
    again = run("2026-11-21", {"a": ["dcfs:1", "vr:1"], "b": ["udc:5"]})
    assert again.links.equals(first.links) and again.previous.empty
    assert store.nights("linkage") == ["2026-11-21", "2026-11-22"]
    assert identify(pd.DataFrame({"record_id": ["udc:5"], "cluster_id": [1]}),
                    store.before("linkage", "2026-11-23"), "2026-11-23").state.issued == 2


def test_identify_replaces_cluster_ids_with_person_ids():
    links = pd.DataFrame({"record_id": ["dcfs:1", "vr:1", "udc:5"], "cluster_id": [7, 7, 9]})
    identified = identify(links, None, "2026-11-21")
    assert list(identified.links.person_id) == ["P000000001", "P000000001", "P000000002"]
    assert "cluster_id" not in identified.links
    assert list(identified.persons.person_id) == ["P000000001", "P000000002"]
    assert len(identified.events) == 2


def _nights(store: StateStore, events: dict):
    """`run(day, clusters)`: a night's ids as the pipeline gives them (state before it, ids of
    the newest night, its own last run), kept and committed; its events into `events`."""

    def run(day, clusters):
        links = pd.DataFrame([(r, c) for c, records in clusters.items() for r in records],
                             columns=["record_id", "cluster_id"])
        folders = [store.folder("linkage", n) for n in store.nights("linkage")]
        own = store.folder("linkage", day) if day in store.nights("linkage") else None
        identified = identify(links, store.before("linkage", day), day,
                              store.newest("linkage"), issued_in(folders), own)
        with store.write_for("linkage", day) as folder:
            write_registry(identified, folder)
        store.commit(day)
        events[day] = identified.events.values.tolist()
        return dict(zip(identified.links.record_id, identified.links.person_id, strict=True))

    return run


def test_a_backfill_takes_the_ids_the_newest_night_published_and_issues_none_twice(tmp_path):
    events = {}
    run = _nights(StateStore(tmp_path), events)

    run("2026-11-21", {"a": ["dcfs:1"], "b": ["fep:1"], "c": ["udc:1"]})
    newest = run("2026-11-22", {"a": ["dcfs:1"], "b": ["fep:1"], "c": ["udc:1"], "d": ["jjs:1"]})
    # The first night again, now with a reviewer's MUST_LINK of dcfs:1 and fep:1: numbered
    # afresh, udc:1 would become P000000002; it keeps the id the newest night published.
    backfill = run("2026-11-21", {"x": ["dcfs:1", "fep:1"], "c": ["udc:1"]})
    assert backfill == {"dcfs:1": "P000000001", "fep:1": "P000000001", "udc:1": "P000000003"}
    assert newest == {"dcfs:1": "P000000001", "fep:1": "P000000002", "udc:1": "P000000003",
                      "jjs:1": "P000000004"}
    assert [e[1:3] for e in events["2026-11-21"]] == [
        ["created", "P000000001"], ["created", "P000000002"], ["created", "P000000003"],
        ["merged", "P000000002"]]  # the later night's creation of P000000004 is not inherited
    newest_events = events["2026-11-22"]
    # A new person in a later backfill gets an id no night has issued.
    assert run("2026-11-20", {"y": ["vr:1"]}) == {"vr:1": "P000000005"}
    # The newest night again: the same ids, and its events once each.
    assert run("2026-11-22", {"a": ["dcfs:1"], "b": ["fep:1"], "c": ["udc:1"],
                              "d": ["jjs:1"]}) == newest
    assert events["2026-11-22"] == newest_events


def test_a_backfill_gives_back_the_id_it_published_that_a_later_merge_retired(tmp_path):
    run = _nights(StateStore(tmp_path), {})
    first = run("2026-11-21", {"a": ["dcfs:1"], "b": ["fep:1"]})
    merged = run("2026-11-22", {"x": ["dcfs:1", "fep:1"]})
    assert merged == {"dcfs:1": "P000000001", "fep:1": "P000000001"}
    # The first night again, its persons apart as they were: fep:1 gets back the id that
    # night published, not a new one.
    assert run("2026-11-21", {"a": ["dcfs:1"], "b": ["fep:1"]}) == first == {
        "dcfs:1": "P000000001", "fep:1": "P000000002"}
    assert run("2026-11-22", {"x": ["dcfs:1", "fep:1"]}) == merged
