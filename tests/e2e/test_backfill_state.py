"""A backfill of a middle night keeps every published id and the published warehouse, and
leaves later nights' state; a rerun of the newest night then publishes the same marts."""

import hashlib
from datetime import date

import duckdb
import pytest

from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import evolve_night
from crosswalk.warehouse import last_build

NIGHTS = [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]


def _fingerprints(folder) -> dict[str, str]:
    """The linkage files of a night's state, each with a hash of its content. (The history
    is a DuckDB file, rewritten byte-differently by any run: its series is compared through
    marts.process_measures instead.)"""
    return {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*.parquet"))}


def _file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ids(warehouse) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute("select program || ':' || client_id, person_id "
                                "from marts.person_crosswalk").fetchall())


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory, module_data_dir, run_nights, mart_hashes):
    with module_data_dir(tmp_path_factory, "backfill") as paths:
        generate_extracts(GenerationConfig(people=2_000, seed=3, extract_date=NIGHTS[0]), paths)
        evolve_night(paths, NIGHTS[0], NIGHTS[1], changed_share=0.02, dropped_share=0.01)
        evolve_night(paths, NIGHTS[1], NIGHTS[2], changed_share=0.02, dropped_share=0.01, seed=2)
        run_nights(paths, *NIGHTS)
        store = paths.state
        found = {"state": {n: _fingerprints(store.nights_dir / f"extract_date={n}") for n in NIGHTS},
                 "marts": mart_hashes(paths.published_warehouse),
                 "ids": _ids(paths.published_warehouse),
                 "published": _file_hash(paths.published_warehouse)}
        run_nights(paths, NIGHTS[1])  # the backfill
        found |= {"backfill_state": {n: _fingerprints(store.nights_dir / f"extract_date={n}")
                                     for n in NIGHTS},
                  "backfill_ids": _ids(last_build(paths)),
                  "backfill_published": _file_hash(paths.published_warehouse)}
        with duckdb.connect(str(last_build(paths)), read_only=True) as con:
            found["backfill_series"] = sorted(d for (d,) in con.execute(
                "select distinct extract_date from marts.process_measures").fetchall())
        run_nights(paths, NIGHTS[2])  # the newest night again
        found |= {"rerun_marts": mart_hashes(paths.published_warehouse),
                  "rerun_ids": _ids(paths.published_warehouse), "store": store}
        yield found


def test_the_backfill_keeps_the_published_warehouse_and_the_later_nights_state(backfilled):
    assert backfilled["backfill_published"] == backfilled["published"]
    before, after = backfilled["state"], backfilled["backfill_state"]
    assert before[NIGHTS[2]] and {n: after[n] for n in (NIGHTS[0], NIGHTS[2])} == {
        n: before[n] for n in (NIGHTS[0], NIGHTS[2])}


def test_the_backfill_gives_each_record_the_id_the_newest_night_published(backfilled):
    published, backfill = backfilled["ids"], backfilled["backfill_ids"]
    shared = published.keys() & backfill.keys()
    assert len(shared) > 500
    assert [r for r in sorted(shared) if published[r] != backfill[r]] == []


def test_a_rerun_of_the_newest_night_after_the_backfill_publishes_the_same_marts(backfilled):
    assert backfilled["rerun_ids"] == backfilled["ids"]
    changed = [t for t, h in backfilled["rerun_marts"].items() if backfilled["marts"].get(t) != h]
    assert len(backfilled["marts"]) > 30 and changed == []


def test_the_backfilled_night_sees_the_measures_of_the_nights_before_it_only(backfilled):
    assert backfilled["backfill_series"] == NIGHTS[:2]
    assert backfilled["store"].nights("history") == [n.isoformat() for n in NIGHTS]
