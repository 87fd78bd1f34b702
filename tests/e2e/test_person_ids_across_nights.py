"""person_ids across nights: untouched records keep theirs, a rebuild loses none."""

import shutil
from datetime import date

import duckdb
import pytest

from crosswalk.orchestration import run_dag
from crosswalk.settings import get_paths
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import evolve_night

NIGHT1, NIGHT2 = date(2026, 11, 21), date(2026, 11, 22)


def crosswalk(paths) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        rows = con.execute("select program, client_id, person_id from marts.person_crosswalk")
        return {(p, c): pid for p, c, pid in rows.fetchall()}


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("CROSSWALK_DATA_DIR", str(tmp_path_factory.mktemp("nights")))
    paths = get_paths()
    generate_extracts(GenerationConfig(people=3_000, seed=5, extract_date=NIGHT1), paths)
    assert run_dag(paths, NIGHT1) == "success"
    first = crosswalk(paths)
    changes = evolve_night(paths, NIGHT1, NIGHT2, changed_share=0.01, dropped_share=0.005)
    assert run_dag(paths, NIGHT2) == "success"
    second = crosswalk(paths)
    # Throw the warehouse away entirely: the registry must carry the ids.
    shutil.rmtree(paths.warehouse_dir)
    assert run_dag(paths, NIGHT2) == "success"
    rebuilt = crosswalk(paths)
    yield paths, first, second, rebuilt, changes
    mp.undo()


def test_untouched_records_keep_their_person_id(nights):
    _, first, second, _, changes = nights
    touched = {(p, c) for p, ids in changes.changed.items() for c in ids}
    untouched = [k for k in second if k in first and k not in touched]
    kept = sum(first[k] == second[k] for k in untouched)
    assert len(untouched) > 500
    assert kept / len(untouched) >= 0.999


def test_dropped_records_leave_the_crosswalk(nights):
    _, first, second, _, changes = nights
    gone = {(p, c) for p, ids in changes.dropped.items() for c in ids}
    assert gone and gone <= set(first)
    assert not gone & set(second)


def test_rebuilding_the_warehouse_changes_no_person_id(nights):
    _, _, second, rebuilt, _ = nights
    assert rebuilt == second


def test_every_id_in_use_is_registered_and_none_is_retired(nights):
    paths, _, second, _, _ = nights
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        ids = con.execute("select person_id, is_retired, current_person_id from marts.person_ids"
                          ).fetchall()
        events = con.execute("select distinct extract_date from marts.person_id_events").fetchall()
    registry = {pid: (retired, current) for pid, retired, current in ids}
    assert all(registry[pid] == (False, pid) for pid in set(second.values()))
    assert {d for (d,) in events} >= {NIGHT1}
