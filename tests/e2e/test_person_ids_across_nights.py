"""person_ids across nights: untouched records keep theirs, a rebuild loses none."""

import shutil
from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from crosswalk.settings import MODEL_PATH
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import close_enrollments, evolve_night, revoke_consents
from matching.link import link_records
from matching.prepare import read_records

NIGHT1, NIGHT2 = date(2026, 11, 21), date(2026, 11, 22)


def crosswalk(paths, query) -> dict[tuple[str, str], str]:
    rows = query(paths, "select program, client_id, person_id from marts.person_crosswalk")
    return {(p, c): pid for p, c, pid in rows.itertuples(index=False)}


@pytest.fixture(scope="module")
def nights(tmp_path_factory, module_data_dir, run_nights, query, secure_query):
    with module_data_dir(tmp_path_factory, "nights") as paths:
        yield _two_nights(paths, run_nights, query, secure_query)


def _two_nights(paths, run_nights, query, secure_query):
    generate_extracts(GenerationConfig(people=3_000, seed=5, extract_date=NIGHT1), paths)
    run_nights(paths, NIGHT1)
    first = crosswalk(paths, query)
    revoker = query(paths, "select min(person_id) as p from marts.sync_report").p[0]
    # A person in exactly two programs whose later-listed enrollment ends on night 2.
    closer, closed_program, closed_client = query(paths, """
        select person_id, max(program), arg_max(client_id, program)
        from marts.person_crosswalk where person_id <> ?
        group by person_id
        having count(distinct program) = 2 and count(*) = 2 and bool_and(is_active)
        order by person_id limit 1""", revoker).iloc[0]
    changes = evolve_night(paths, NIGHT1, NIGHT2, changed_share=0.01, dropped_share=0.005)
    revoked = revoke_consents(paths, NIGHT2, {k for k, pid in first.items() if pid == revoker})
    assert closed_client not in changes.dropped[closed_program]
    assert close_enrollments(paths, NIGHT2, {(closed_program, closed_client)}) == 1
    run_nights(paths, NIGHT2)
    second = crosswalk(paths, query)
    run = tuple(secure_query(paths, "select scoring, records, records_scored from linkage.link_runs"
                             ).iloc[0])
    pairs = secure_query(paths, "select record_id_left, record_id_right, match_probability "
                         "from linkage.scored_pairs order by all")
    new_matches = query(paths, "select count(*) as n from marts.new_matches").n[0]
    history = query(paths, "select * from marts.enrollment_history order by all")
    full = link_records(read_records(paths.secure_warehouse), MODEL_PATH, full=True)
    # Throw both warehouse files away entirely: the registry must carry the ids.
    shutil.rmtree(paths.warehouse_dir)
    shutil.rmtree(paths.secure_dir)
    run_nights(paths, NIGHT2)
    return SimpleNamespace(paths=paths, first=first, second=second, rebuilt=crosswalk(paths, query),
                           changes=changes, run=run, pairs=pairs, full=full,
                           new_matches=new_matches, revoker=revoker, revoked=revoked,
                           closer=closer, closed=(closed_program, closed_client), history=history,
                           history_rebuilt=query(paths, "select * from marts.enrollment_history "
                                                        "order by all"))


def test_untouched_records_keep_their_person_id(nights):
    touched = {(p, c) for p, ids in nights.changes.changed.items() for c in ids}
    untouched = [k for k in nights.second if k in nights.first and k not in touched]
    kept = sum(nights.first[k] == nights.second[k] for k in untouched)
    assert len(untouched) > 500
    assert kept / len(untouched) >= 0.999


def test_dropped_records_leave_the_crosswalk(nights):
    gone = {(p, c) for p, ids in nights.changes.dropped.items() for c in ids}
    assert gone and gone <= set(nights.first)
    assert not gone & set(nights.second)


def test_rebuilding_the_warehouse_changes_no_person_id(nights):
    assert nights.rebuilt == nights.second


def test_every_id_in_use_is_registered_and_none_is_retired(nights, query):
    ids = query(nights.paths, "select person_id, is_retired, current_person_id from marts.person_ids")
    events = query(nights.paths, "select distinct extract_date from marts.person_id_events")
    registry = {pid: (retired, current) for pid, retired, current in ids.itertuples(index=False)}
    assert all(registry[pid] == (False, pid) for pid in set(nights.second.values()))
    assert {d.date() for d in events.extract_date} >= {NIGHT1}


def test_the_second_night_scores_only_what_changed(nights):
    scoring, records, records_scored = nights.run
    changed = sum(len(ids) for ids in nights.changes.changed.values())
    assert scoring == "incremental"
    # A DCFS client on two cases is one record: a change to the row not kept changes nothing.
    assert 0.9 * changed <= records_scored <= changed < 0.02 * records


def test_the_incremental_night_equals_a_full_relink(nights):
    def partition(assignment):
        groups: dict[str, set] = {}
        for record, group in assignment:
            groups.setdefault(group, set()).add(record)
        return sorted(sorted(g) for g in groups.values())

    incremental = partition((f"{p}:{c}", pid) for (p, c), pid in nights.second.items())
    relinked = partition(zip(nights.full.clusters.record_id, nights.full.clusters.cluster_id,
                             strict=True))
    assert nights.full.scored.mode == "full"
    assert incremental == relinked
    full_pairs = nights.full.pairs[["record_id_left", "record_id_right", "match_probability"]]
    pd.testing.assert_frame_equal(nights.pairs, full_pairs.sort_values(
        ["record_id_left", "record_id_right"], ignore_index=True), check_exact=False, rtol=1e-9)


def test_the_second_night_reports_only_matches_it_made(nights, query):
    # One night of moved addresses makes few new links, far fewer than the first night's.
    co_enrolled = query(nights.paths, """
        select count(*) as n from marts.person_crosswalk a join marts.person_crosswalk b
        on a.person_id = b.person_id and a.program <> b.program
        where a.is_active and b.is_active""").n[0]
    assert nights.new_matches < 0.05 * co_enrolled


def test_process_measures_keep_every_night_as_a_time_series(nights, query):
    measures = query(nights.paths, "select extract_date, program, roster_records "
                                   "from marts.process_measures order by all")
    assert sorted(set(measures.extract_date.astype(str))) == [NIGHT1.isoformat(), NIGHT2.isoformat()]
    for night, crosswalk in ((NIGHT1, nights.first), (NIGHT2, nights.second)):
        rows = measures[measures.extract_date.astype(str) == night.isoformat()]
        expected = {p: sum(1 for q, _ in crosswalk if q == p) for p in rows.program}
        assert dict(zip(rows.program, rows.roster_records, strict=True)) == expected


def test_a_client_who_revokes_leaves_the_sync_report_the_next_night(nights, query, secure_query):
    assert nights.revoker and nights.revoked >= 1

    def count(sql, ask=query):
        return ask(nights.paths, sql, nights.revoker).n[0]

    shown = count("select count(*) as n from marts.sync_report where person_id = ?")
    consent = count("select count(*) as n from intermediate.int_consents_ranked_by_person "
                    "where person_id = ?", secure_query)
    still_enrolled = count("select count(*) as n from marts.person_crosswalk "
                           "where person_id = ? and is_active")
    assert still_enrolled >= 2
    assert (shown, consent) == (0, 0)


def test_enrollment_history_keeps_each_change_dated_by_its_night(nights):
    program, client = nights.closed
    spell = nights.history[(nights.history.program == program)
                           & (nights.history.client_id == client)].sort_values("version")
    assert spell.enrollment_end_date.isna().tolist() == [True, False]
    assert [str(d.date()) for d in spell.valid_from] == [NIGHT1.isoformat(), NIGHT2.isoformat()]
    assert str(spell.enrollment_end_date.iloc[1].date()) == NIGHT2.isoformat()
    assert spell.is_current_version.tolist() == [False, True]


def test_a_record_that_leaves_its_roster_stays_in_history_with_its_person(nights):
    gone = {(p, c) for p, ids in nights.changes.dropped.items() for c in ids}
    left = nights.history[nights.history.left_roster_date.notna()]
    assert set(zip(left.program, left.client_id, strict=True)) == gone
    assert {str(d.date()) for d in left.left_roster_date} == {NIGHT2.isoformat()}
    assert all(pid == nights.first[(p, c)]
               for p, c, pid in zip(left.program, left.client_id, left.person_id, strict=True))


def test_rerunning_a_night_adds_no_history(nights):
    pd.testing.assert_frame_equal(nights.history, nights.history_rebuilt)


def test_an_ended_enrollment_turns_current_concurrency_into_previous(nights, query):
    row = query(nights.paths, "select current_program_pairs, previous_program_pairs, "
                              "is_concurrent_now from marts.person_concurrent_enrollment "
                              "where person_id = ?", nights.closer).iloc[0]
    now = query(nights.paths, "select count(*) filter (where is_concurrent_now) as now, "
                              "(select count(*) from marts.person_enrollment_current "
                              " where is_concurrently_enrolled) as current "
                              "from marts.person_concurrent_enrollment").iloc[0]
    programs = sorted({p for (p, _), pid in nights.first.items() if pid == nights.closer})
    assert (list(row.current_program_pairs), list(row.previous_program_pairs),
            bool(row.is_concurrent_now)) == ([], ["+".join(programs)], False)
    assert now.now == now.current
