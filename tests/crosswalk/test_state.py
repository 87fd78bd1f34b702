"""The state store: each night reads the state before it and writes only its own."""

import os

import pytest

from crosswalk.state import StateStore


def _write(store, night, text, kind="linkage"):
    with store.write_for(kind, night) as folder:
        (folder / "state.txt").write_text(text)


def _read(folder):
    return (folder / "state.txt").read_text()


def test_a_night_builds_on_the_newest_earlier_night_and_a_backfill_leaves_later_ones(tmp_path):
    store = StateStore(tmp_path)
    assert store.before("linkage", "2026-11-21") is None and store.newest("linkage") is None
    for night in ("2026-11-21", "2026-11-23"):
        _write(store, night, night)
        _write(store, night, f"history {night}", kind="history")
        store.commit(night)
    assert store.before("linkage", "2026-11-23").parent.name == "extract_date=2026-11-21"
    assert _read(store.as_of("history", "2026-11-23")) == "history 2026-11-23"
    assert store.before("linkage", "2026-11-25").parent.name == "extract_date=2026-11-23"
    _write(store, "2026-11-22", "backfill")  # between the two
    store.commit("2026-11-22")
    assert store.nights("linkage") == ["2026-11-21", "2026-11-22", "2026-11-23"]
    assert store.nights("history") == ["2026-11-21", "2026-11-23"]
    assert _read(store.newest("linkage")) == "2026-11-23"


def test_state_counts_only_once_the_night_commits_and_a_failed_write_changes_nothing(tmp_path):
    store = StateStore(tmp_path)
    _write(store, "2026-11-21", "first")
    store.commit("2026-11-21")
    _write(store, "2026-11-21", "rerun, not yet committed")
    assert _read(store.as_of("linkage", "2026-11-21")) == "first"
    with pytest.raises(RuntimeError), store.write_for("linkage", "2026-11-21") as folder:
        (folder / "state.txt").write_text("half")
        raise RuntimeError("killed")
    store.commit("2026-11-21")
    assert _read(store.as_of("linkage", "2026-11-21")) == "rerun, not yet committed"
    assert [p.name for p in store.nights_dir.iterdir()] == ["extract_date=2026-11-21"]


def test_a_commit_killed_between_its_renames_leaves_the_last_night_readable(tmp_path):
    store = StateStore(tmp_path)
    _write(store, "2026-11-21", "kept")
    store.commit("2026-11-21")
    night = store.nights_dir / "extract_date=2026-11-21"
    os.replace(night, store.nights_dir / ".extract_date=2026-11-21.replaced-999")  # killed here
    assert _read(store.as_of("linkage", "2026-11-21")) == "kept"


def test_state_in_the_old_layout_stops_the_night_instead_of_starting_ids_afresh(tmp_path):
    (tmp_path / "registry").mkdir()
    with pytest.raises(RuntimeError, match=r"layout before the one state store \(registry\)"):
        StateStore(tmp_path).before("linkage", "2026-11-21")
