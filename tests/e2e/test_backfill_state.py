"""A backfill of a middle night builds on the state before it and leaves later nights' state."""

import hashlib
from datetime import date

import pytest

from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import evolve_night

NIGHTS = [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]


def _fingerprints(folder) -> dict[str, str]:
    """The linkage files of a night's state, each with a hash of its content. (The history
    is a DuckDB file, rewritten byte-differently by any run: its series is compared through
    marts.process_measures instead.)"""
    return {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory, module_data_dir, run_nights, query):
    with module_data_dir(tmp_path_factory, "backfill") as paths:
        generate_extracts(GenerationConfig(people=2_000, seed=3, extract_date=NIGHTS[0]), paths)
        evolve_night(paths, NIGHTS[0], NIGHTS[1], changed_share=0.02, dropped_share=0.01)
        evolve_night(paths, NIGHTS[1], NIGHTS[2], changed_share=0.02, dropped_share=0.01, seed=2)
        run_nights(paths, *NIGHTS)
        store = paths.state
        before = {n: _fingerprints(store.nights_dir / f"extract_date={n}") for n in NIGHTS}
        series = query(paths, "select * from marts.process_measures order by all")
        run_nights(paths, NIGHTS[1])  # the backfill
        after = {n: _fingerprints(store.nights_dir / f"extract_date={n}") for n in NIGHTS}
        backfill_series = query(paths, "select * from marts.process_measures order by all")
        yield before, after, series, backfill_series, store


def test_the_backfill_reproduces_its_night_and_leaves_the_others(backfilled):
    before, after, *_ = backfilled
    assert before[NIGHTS[2]] and after == before


def test_the_backfilled_night_sees_the_measures_of_the_nights_before_it_only(backfilled):
    _, _, series, backfill_series, store = backfilled
    assert sorted(set(series.extract_date.dt.date)) == NIGHTS
    assert sorted(set(backfill_series.extract_date.dt.date)) == NIGHTS[:2]
    assert store.nights("history") == [n.isoformat() for n in NIGHTS]
