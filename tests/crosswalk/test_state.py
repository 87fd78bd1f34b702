"""The state store: each night reads the state before it and writes only its own."""

import pytest

from crosswalk.state import StateStore


def _write(store, night, text):
    with store.write_for("linkage", night) as folder:
        (folder / "state.txt").write_text(text)


def test_a_night_builds_on_the_newest_earlier_night_and_a_backfill_leaves_later_ones(tmp_path):
    store = StateStore(tmp_path)
    assert store.before("linkage", "2026-11-21") is None and store.newest("linkage") is None
    for night in ("2026-11-21", "2026-11-23"):
        _write(store, night, night)
    assert store.before("linkage", "2026-11-23").name == "extract_date=2026-11-21"
    assert store.as_of("linkage", "2026-11-23").name == "extract_date=2026-11-23"
    assert store.before("linkage", "2026-11-25").name == "extract_date=2026-11-23"
    _write(store, "2026-11-22", "backfill")  # between the two
    assert store.nights("linkage") == ["2026-11-21", "2026-11-22", "2026-11-23"]
    assert (store.newest("linkage") / "state.txt").read_text() == "2026-11-23"


def test_a_rerun_replaces_its_night_and_a_failed_write_changes_nothing(tmp_path):
    store = StateStore(tmp_path)
    _write(store, "2026-11-21", "first")
    _write(store, "2026-11-21", "rerun")
    with pytest.raises(RuntimeError), store.write_for("linkage", "2026-11-21") as folder:
        (folder / "state.txt").write_text("half")
        raise RuntimeError("killed")
    assert (store.as_of("linkage", "2026-11-21") / "state.txt").read_text() == "rerun"
    assert [p.name for p in (tmp_path / "linkage").iterdir()] == ["extract_date=2026-11-21"]
