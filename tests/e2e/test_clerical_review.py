"""Clerical review end to end: the queue a night writes, decisions read back on the next run."""

import itertools
import stat
from datetime import date

import pandas as pd
import pytest

from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import evolve_night
from matching import spec

DAY, NEXT = date(2026, 11, 21), date(2026, 11, 22)


def person_of(paths, query):
    crosswalk = query(paths, "select program || ':' || client_id as record_id, person_id "
                             "from marts.person_crosswalk")
    return dict(zip(crosswalk.record_id, crosswalk.person_id, strict=True))


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, module_data_dir, run_nights, query, secure_query):
    """Run a night, decide two pairs against the model, run the next night (same drops)."""
    with module_data_dir(tmp_path_factory, "review") as paths:
        yield _review(paths, run_nights, query, secure_query)


def _review(paths, run_nights, query, secure_query):
    generate_extracts(GenerationConfig(people=3_000, seed=11, extract_date=DAY), paths)
    run_nights(paths, DAY)
    before = person_of(paths, query)
    queue = pd.read_csv(paths.review_dir / DAY.isoformat() / "review_queue.csv", dtype=str)
    pairs = secure_query(paths, "select * from linkage.scored_pairs")
    split = pairs[pairs.is_linked].sort_values("match_probability").iloc[-1]
    # Two records the model put in different persons.
    records = sorted(before)
    other = next(r for r in records if before[r] != before[records[0]])
    join = pd.Series({"record_id_left": records[0], "record_id_right": other})
    decisions = paths.review_dir / "decisions"
    decisions.mkdir(parents=True)
    pd.DataFrame([
        (split.record_id_left, split.record_id_right, "CANNOT_LINK", "kim"),
        (join.record_id_left, join.record_id_right, "must_link", "kim"),
        ("dcfs:nobody", join.record_id_right, "MUST_LINK", "kim"),
    ], columns=["record_id_left", "record_id_right", "decision", "reviewer"]).to_csv(
        decisions / "kim.csv", index=False)
    # And on the queue itself, as the model decided: two audit pairs, a sample.
    sure = queue.why_review.str.startswith("audit sample (p 0.99")
    unlikely = queue.why_review.str.startswith("audit sample (p 0.01")
    assert sure.any() and unlikely.any()
    decided = queue.assign(decision="", reviewer="kim")
    decided.loc[sure.idxmax(), "decision"] = "MUST_LINK"
    decided.loc[unlikely.idxmax(), "decision"] = "CANNOT_LINK"
    decided.to_csv(decisions / "review_queue_kim.csv", index=False)
    evolve_night(paths, DAY, NEXT, changed_share=0, dropped_share=0)
    run_nights(paths, NEXT)
    return paths, before, person_of(paths, query), queue, pairs, split, join


def test_the_queue_lists_every_uncertain_and_refused_pair_with_both_records(reviewed):
    _, _, _, queue, pairs, _, _ = reviewed
    low, high = spec.REVIEW_BAND
    uncertain = pairs.match_probability.between(low, high, inclusive="left")
    refused = (pairs.match_probability >= spec.MATCH_THRESHOLD) & pairs.excluded_by.notna()
    audited = queue.why_review.str.startswith("audit sample")
    assert len(queue[~audited]) == int((uncertain | refused).sum()) > 0
    outside = sum(1 for a, b in itertools.pairwise(spec.CLERICAL_STRATA) if b <= low or a >= high)
    assert 10 <= audited.sum() <= spec.AUDIT_PAIRS_PER_STRATUM * outside
    assert queue[["first_name_left", "first_name_right", "birth_date_left", "ssn_agrees"]].notna().any().all()
    assert queue.why_review.str.startswith(("uncertain", "refused by rule", "audit sample")).all()


def test_the_queue_is_kept_in_the_secure_file_and_its_folder_is_owner_only(reviewed, secure_query):
    paths = reviewed[0]
    files = pd.read_csv(paths.review_dir / NEXT.isoformat() / "review_queue.csv", dtype=str)
    kept = secure_query(paths, "select record_id_left, record_id_right from linkage.review_queue")
    assert len(kept) == len(files) > 0
    assert set(zip(kept.record_id_left, kept.record_id_right, strict=True)) == set(
        zip(files.record_id_left, files.record_id_right, strict=True))
    assert stat.S_IMODE(paths.review_dir.stat().st_mode) == 0o700


def test_decisions_win_over_the_model_on_the_next_run(reviewed):
    _, before, after, _, _, split, join = reviewed
    assert before[split.record_id_left] == before[split.record_id_right]
    assert after[split.record_id_left] != after[split.record_id_right]
    assert before[join.record_id_left] != before[join.record_id_right]
    assert after[join.record_id_left] == after[join.record_id_right]


def test_every_decision_row_is_audited(reviewed, query, secure_query):
    paths = reviewed[0]
    audit = secure_query(paths, "select file, row, decision, why_review, status, reason "
                                "from linkage.review_decisions order by file, row")
    assert audit[["file", "row", "decision", "status"]].values.tolist()[:3] == [
        ["kim.csv", 2, "CANNOT_LINK", "applied"],
        ["kim.csv", 3, "MUST_LINK", "applied"],
        ["kim.csv", 4, "MUST_LINK", "not_in_rosters"],
    ]
    from_queue = audit[audit.file == "review_queue_kim.csv"]
    assert sorted(from_queue.decision) == ["CANNOT_LINK", "MUST_LINK"]
    assert (from_queue.status == "applied").all()
    assert from_queue.why_review.str.startswith("audit sample").all()
    events = query(paths, "select event from marts.person_id_events where extract_date = '2026-11-22'")
    assert sorted(events.event) == ["merged", "split"]


def test_the_quality_report_shows_reviewer_agreement_and_no_truth(reviewed, query):
    paths = reviewed[0]
    page = (paths.exports_dir / NEXT.isoformat() / "linkage_quality.html").read_text()
    assert "ground truth" not in page  # generated truth is for `crosswalk evaluate`, not a night
    assert "The model alone agreed with reviewers on 2 of 4 reviewed pairs" in page
    # The two decided on the queue's audit rows are the sample; kim's own file is not.
    assert "From reviewers' decisions on 2 scored\npairs, taken as a sample" in page
    run = query(paths, "select clerical_pairs_sampled, clerical_precision from marts.linkage_runs")
    assert run.clerical_pairs_sampled[0] == 2 and 0 <= run.clerical_precision[0] <= 1
    assert "Linkage quality — night of 2026-11-22" in page
    assert "Scoring: incremental (0 records scored tonight)" in page
