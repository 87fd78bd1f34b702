"""The whole night through the real Airflow DAG, scored against the generator's truth."""

import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from crosswalk.settings import DBT_PROJECT_DIR, MODEL_PATH, PROGRAMS, REPO_ROOT, InputError
from crosswalk.suppression import combination_lines, hidden_sums, lone_hidden
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.applications import FRONT_DOORS
from crosswalk.transform import DbtFailed, check_analysts_file, run_dbt_tests
from crosswalk_bench.evaluation import evaluate_run, read_truth
from matching.accuracy import estimate_night
from matching.cluster import Decisions, pair_key
from matching.prepare import read_records
from matching.review import SAMPLED

DAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def night(tmp_path_factory, module_data_dir, run_nights, query):
    """Generate 6,000 people's drops and run the DAG twice (a rerun must change nothing)."""
    with module_data_dir(tmp_path_factory, "night") as paths:
        generate_extracts(GenerationConfig(people=6_000, seed=2026, extract_date=DAY), paths)
        run_nights(paths, DAY)
        first = query(paths, "select program, client_id, person_id from marts.person_crosswalk "
                             "order by all")
        run_nights(paths, DAY)
        yield paths, list(first.itertuples(index=False, name=None))


def test_linkage_meets_precision_and_recall_floors(night):
    paths, _ = night
    evaluation = evaluate_run(paths, DAY)
    assert evaluation.pairwise.precision >= 0.99
    assert evaluation.pairwise.recall >= 0.95


def test_the_models_accuracy_estimate_is_near_the_truth_and_in_the_report(night, query):
    """Without truth, a night estimates its own precision and recall (matching/accuracy.py).
    Precision lands within half a point. Recall does not yet: pairs of siblings the model
    scores at 0.05 to 0.8 count as likely misses, about four on this night of 227 true
    pairs, none of them a match (issue 8 keeps the half-point target open)."""
    paths, _ = night
    truth = evaluate_run(paths, DAY).pairwise
    run = query(paths, "select * from marts.linkage_runs").iloc[0]
    assert run.pairs_in_persons == truth.true_positives + truth.false_positives
    assert abs(run.estimated_precision - truth.precision) <= 0.005
    assert abs(truth.recall - run.estimated_recall) <= 0.025
    assert run.estimated_precision_low <= run.estimated_precision <= run.estimated_precision_high
    assert run.estimated_recall_low < run.estimated_recall <= run.estimated_recall_high
    night_dir = paths.exports_dir / DAY.isoformat()
    page = (night_dir / "linkage_quality.html").read_text()
    assert f"precision\n<b>{100 * run.estimated_precision:.2f}%</b>" in page
    chart = (night_dir / "linkage_match_weights.html").read_text()
    assert "birth_date" in chart and not re.search(r'<script[^>]+src="https?://', chart)


def test_reviewers_deciding_tonights_queue_estimate_precision_and_recall_within_half_a_point(
        night, secure_query):
    """The clerical estimate (matching/accuracy.py), from a reviewer who rightly decides
    every pair of tonight's queue, before the decisions are applied (the model's own
    estimate is two points off recall on this night)."""
    paths, _ = night
    truth = read_truth(paths, DAY)
    person = dict(zip(truth.program + ":" + truth.client_id, truth.true_person_id, strict=True))
    queue = secure_query(paths, "select record_id_left, record_id_right, why_review "
                                "from linkage.review_queue")
    keys = [pair_key(a, b) for a, b in zip(queue.record_id_left, queue.record_id_right, strict=True)]
    same = {key for key in keys if person[key[0]] == person[key[1]]}
    sampled = {key for key, why in zip(keys, queue.why_review, strict=True) if why.startswith(SAMPLED)}
    found = estimate_night(read_records(paths.secure_warehouse),
                           secure_query(paths, "select record_id, person_id from linkage.record_persons"),
                           secure_query(paths, "select * from linkage.scored_pairs"), MODEL_PATH,
                           Decisions(must_link=same, cannot_link=set(keys) - same), frozenset(sampled))
    scores = evaluate_run(paths, DAY).pairwise
    assert queue.why_review.str.startswith("audit sample").sum() >= 10
    assert found["clerical_pairs_sampled"] == len(sampled) < len(keys)  # refused pairs are not
    assert abs(found["clerical_precision"] - scores.precision) <= 0.005
    assert abs(found["clerical_recall"] - scores.recall) <= 0.005, (found, scores)
    assert found["clerical_recall_low"] <= found["clerical_recall"] <= found["clerical_recall_high"]


def test_every_overlap_share_within_one_point_of_truth(night):
    paths, _ = night
    overlap = evaluate_run(paths, DAY).overlap
    assert len(overlap) == 20
    assert overlap.error_points.abs().max() <= 1.0


def test_jjs_guardians_resolve_only_to_the_right_person(night):
    paths, _ = night
    guardians = evaluate_run(paths, DAY).guardians
    assert guardians.findable >= 10
    assert guardians.precision == 1.0
    assert guardians.recall >= 0.7


def test_family_links_of_every_kind(night, query):
    paths, _ = night  # that they run both ways is a dbt test of each night
    kinds = query(paths, "select distinct relationship from marts.family_enrollments order by 1")
    assert kinds.relationship.tolist() == ["dcfs_case", "fep_household", "jjs_guardian", "jjs_youth"]


def test_rerun_keeps_every_person_id(night, query):
    paths, first = night
    again = query(paths, "select program, client_id, person_id from marts.person_crosswalk "
                         "order by all")
    assert list(again.itertuples(index=False, name=None)) == first


def test_quarantined_rows_equal_the_injected_bad_rows(night, secure_query):
    paths, _ = night
    injected = pd.read_csv(paths.truth_dir / DAY.isoformat() / "defects.csv")
    found = secure_query(paths, "select program, file, line, rule from staging.stg_audit__validation_issues "
                         f"where outcome = 'quarantined' and extract_date = '{DAY}'")
    expected = injected[injected.outcome == "quarantined"][["program", "file", "line", "rule"]]
    # Four bad roster rows each, one duplicated application at each front door.
    assert len(found) == len(expected) == 4 * len(PROGRAMS) + len(FRONT_DOORS)
    assert sorted(map(tuple, found.values.tolist())) == sorted(map(tuple, expected.values.tolist()))


def test_crosswalk_covers_every_loaded_roster_row_once(night, query, secure_query):
    paths, _ = night
    loaded = secure_query(paths, "select program, sum(rows_accepted) as n from staging.stg_audit__load_audit "
                          "where file like 'clients%' group by program")
    crosswalk = query(paths, "select program, count(*) as n, count(distinct client_id) as ids "
                             "from marts.person_crosswalk group by program")
    merged = loaded.merge(crosswalk, on="program", suffixes=("_loaded", "_crosswalk"))
    # DCFS lists a person once per case; the crosswalk has one row per client.
    assert (merged.n_crosswalk == merged.ids).all()
    assert (merged[merged.program != "dcfs"].n_loaded == merged[merged.program != "dcfs"].n_crosswalk).all()


def test_invalid_birth_dates_are_nulled_not_dropped(night, secure_query):
    paths, _ = night
    injected = pd.read_csv(paths.truth_dir / DAY.isoformat() / "defects.csv")
    bad = injected[injected.rule == "invalid_date"]
    nulled = secure_query(paths, "select program, count(*) as n from staging.stg_udc__clients "
                          "where birth_date is null group by program")
    assert int(nulled.n.sum()) == int((bad.program == "udc").sum())


def test_sync_report_gives_whom_to_call(night, query):
    paths, _ = night  # that it shows only consenting clients is a dbt test of each night
    rows = query(paths, "select * from marts.sync_report")
    assert len(rows) > 0 and rows.other_case_manager_email.notna().all()


def test_other_programs_milestones_show_where_consent_allows(night, query, secure_query):
    paths, _ = night  # that they show only as consent allows is a dbt test of each night
    consented = secure_query(paths, "select other_category from casework.casework_client_situation")
    assert len(consented) > 0 and (consented.other_category == "SUBSTANCE_USE").any()
    shown = query(paths, "select other_category from marts.client_situation")
    assert len(shown) == (consented.other_category != "SUBSTANCE_USE").sum() > 0


def test_analysts_see_substance_use_milestones_only_as_suppressed_counts(night, query, secure_query):
    """42 CFR Part 2: no person-level row of the analysts' file is a SUBSTANCE_USE milestone
    (the nightly dbt test scans every text column of marts for it)."""
    paths, _ = night
    truth = secure_query(paths, "select count(distinct person_id) as n from "
                                "intermediate.int_milestones_flagged where is_substance_use").n[0]
    assert query(paths, "select count(*) as n from marts.milestones where category = "
                        "'SUBSTANCE_USE'").n[0] == 0
    counts = query(paths, "select * from deidentified.substance_use_milestones")
    assert not counts.persons.dropna().between(1, 10).any()
    grand = counts[(counts.program == "Total") & (counts.status == "Total")].persons.iloc[0]
    assert grand == truth > 10
    assert _lone_hidden(counts.pivot(index="program", columns="status", values="persons")) == []


def _lone_hidden(published: pd.DataFrame) -> list[str]:
    """Rows and columns holding one hidden entry. The totals column counts distinct persons,
    no sum of its entries: it is no such line."""
    hidden = published.isna()
    return ([r for r in published.index if hidden.loc[r].sum() == 1]
            + [c for c in published.columns if c != "Total" and hidden[c].sum() == 1])


def test_executive_totals_count_distinct_persons_and_hide_small_counts_beyond_recovery(night, query):
    paths, _ = night
    long = query(paths, "select * from deidentified.enrollment_concurrency")
    published = long.pivot(index="program", columns="programs_enrolled", values="persons")
    shown = long.persons.dropna()
    assert not shown.between(1, 10).any()
    assert long.is_suppressed.any()
    assert _lone_hidden(published) == []
    active = query(paths, "select count(*) as n from marts.person_enrollment_current "
                          "where active_program_count > 0").n[0]
    assert published.loc["Total", "Total"] == active
    by_program = query(paths, "select program_a, max(persons_active_in_a) as n "
                              "from marts.program_overlap group by 1")
    assert sum(by_program.n) > active  # so the old sum of programs was not a count of persons


def test_deidentified_overlap_and_combinations_hide_every_small_count(night, query):
    paths, _ = night
    combinations = query(paths, "select * from deidentified.program_combinations")
    overlap = query(paths, "select * from deidentified.program_overlap")
    assert len(combinations) == len(query(paths, "select * from marts.program_combinations"))
    assert len(overlap) == 20
    for shown in (combinations.persons, overlap.persons_also_active_in_b, overlap.persons_active_in_a):
        assert not shown.dropna().between(1, 10).any()
    hidden = combinations[combinations.as_of_date == combinations.as_of_date.max()]
    assert lone_hidden(hidden.persons.isna().to_numpy(),
                       combination_lines(list(hidden.combination))) == []
    assert overlap[overlap.is_suppressed].share.isna().all()


def test_no_cell_the_executive_table_hides_is_the_sum_of_shown_combinations(night, query,
                                                                          secure_query):
    paths, _ = night
    counted = secure_query(paths, "select * from intermediate.int_enrollments_counted_by_concurrency")
    executive = query(paths, "select * from deidentified.enrollment_concurrency").merge(
        counted, on=["program", "programs_enrolled"], suffixes=("", "_true"))
    on_the_night = f"where as_of_date = '{DAY}' order by combination"
    combinations = query(paths, f"select * from deidentified.program_combinations {on_the_night}")
    true = query(paths, f"select * from marts.program_combinations {on_the_night}")
    levels = counted.drop_duplicates("programs_enrolled").set_index("programs_enrolled").level_order
    lines = hidden_sums([(r.program, None if r.programs_enrolled == "Total" else levels[r.programs_enrolled])
                         for r in executive.itertuples()], list(true.combination))
    # The premise: each executive count is the sum of its combinations on the night.
    assert [int(true.persons.iloc[line.entries].sum()) for line in lines] == executive.persons_true.tolist()
    hidden = [line for line, row in zip(lines, executive.itertuples(), strict=True) if row.is_suppressed]
    assert hidden and all(combinations.persons.iloc[line.entries].isna().any() for line in hidden)


def test_deidentified_process_measures_hide_small_counts_and_the_shares_of_few(night, query):
    paths, _ = night
    measures = query(paths, "select * from marts.process_measures order by extract_date, program")
    published = query(paths, "select * from deidentified.process_measures order by extract_date, program")
    assert len(published) == len(measures) == 5
    counts = ["roster_records", "active_clients", "records_linked", "clients_newly_matched",
              "rows_quarantined", "consenting_active_clients", "milestones",
              "milestones_with_targets", "milestones_completed_with_target",
              "milestones_completed_on_time", "work_in_process", "throughput_last_30_days",
              "clients_stuck", "clients_in_plan_conflicts"]
    assert not published[counts].stack().between(1, 10).any()
    shown = published.match_rate.notna()
    assert (published.match_rate[shown] == measures.match_rate[shown]).all()
    few = (measures.active_clients - measures.consenting_active_clients).between(1, 10)
    assert published.consent_coverage[few | measures.consenting_active_clients.between(1, 10)].isna().all()


def test_analysts_see_substance_use_referrals_only_as_suppressed_counts(night, query, secure_query):
    paths, _ = night
    truth = secure_query(paths, "select count(distinct coalesce(person_id, from_program || client_id)) as n "
                                "from intermediate.int_referrals_followed where need_category = "
                                "'SUBSTANCE_USE'").n[0]
    assert query(paths, "select count(*) as n from marts.referrals where need_category = "
                        "'SUBSTANCE_USE'").n[0] == 0
    counted = secure_query(paths, "select * from intermediate.int_substance_use_referrals_counted")
    counts = query(paths, "select * from deidentified.substance_use_referrals").merge(
        counted, on=["program", "status"], suffixes=("", "_true"))
    assert len(counts) == 36  # every program and status, and the totals
    grand = counts[(counts.program == "Total") & (counts.status == "Total")].persons_true.iloc[0]
    assert grand == truth > 0  # distinct persons
    shown = counts.persons.notna()
    assert (counts.persons[shown] == counts.persons_true[shown]).all()
    assert counts.is_suppressed[counts.persons_true.between(1, 10)].all()
    assert _lone_hidden(counts.pivot(index="program", columns="status", values="persons")) == []


def test_no_column_of_the_analysts_file_is_an_identifier_and_no_value_an_ssn(night):
    """Every table, scanned here from outside as well as by the night's own dbt test."""
    paths, _ = night
    tagged = {c.lower() for c in _pii_tagged_columns()}
    ssn = re.compile(r"^\d{3}-?\d{2}-?\d{4}$|(^|\D)\d{3}-\d{2}-\d{4}(\D|$)")
    found = []
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        columns = con.execute("select schema_name, table_name, column_name, data_type "
                              "from duckdb_columns() where not internal").fetchall()
        assert {s for s, *_ in columns} == {"marts", "deidentified", "reference"}
        for schema, table, column, kind in columns:
            if column.lower() in tagged:
                found.append(f"{schema}.{table}.{column}")
            elif kind == "VARCHAR":
                values = con.execute(f'select distinct "{column}" from {schema}.{table}').fetchall()
                found += [f"{schema}.{table}.{column}={v}" for (v,) in values if v and ssn.search(v)]
    assert found == []
    assert {"ssn", "birth_date", "last_name", "street_address"} <= tagged


def _pii_tagged_columns() -> list[str]:
    found = []
    for file in (DBT_PROJECT_DIR / "models").rglob("_*.yml"):
        for model in yaml.safe_load(file.read_text()).get("models", []):
            found += [c["name"] for c in model.get("columns", [])
                      if c.get("config", {}).get("meta", {}).get("pii")]
    return found


def test_the_secure_file_is_its_owners_alone(night):
    paths, _ = night
    assert paths.secure_warehouse.stat().st_mode & 0o777 == 0o600
    assert paths.secure_dir.stat().st_mode & 0o777 == 0o700
    builds = [paths.builds_dir, *paths.builds_dir.iterdir()]
    assert [b for b in builds if b.stat().st_mode & 0o777 != 0o700] == []
    # The zones that keep values as received are gated like it (docs/access.md).
    assert [z.stat().st_mode & 0o777 for z in (paths.raw_dir, paths.audit_dir)] == [0o700] * 2


def test_each_case_manager_with_new_matches_gets_one_notice(night, query):
    paths, _ = night
    staff = query(paths, "select distinct program, staff_id from marts.new_match_notifications")
    outbox = paths.exports_dir / DAY.isoformat() / "outbox"
    files = sorted(p.relative_to(outbox).as_posix() for p in outbox.glob("*/*.eml"))
    assert files == sorted(f"{p}/{s}.eml" for p, s in staff.itertuples(index=False))
    assert len(files) > 0
    # The first night has no earlier one: every active co-enrollment is new.
    pairs = query(paths, "select count(*) as n from marts.new_matches").n[0]
    active_pairs = query(paths, """
        select count(*) as n from marts.person_crosswalk a join marts.person_crosswalk b
        on a.person_id = b.person_id and a.program <> b.program where a.is_active and b.is_active""").n[0]
    assert pairs == active_pairs


def test_marts_carry_no_ssn(night, query):
    paths, _ = night
    columns = query(paths, "select table_name, column_name from information_schema.columns "
                           "where table_schema = 'marts'")
    assert not columns.column_name.str.contains("ssn|birth", case=False).any()


def test_each_program_gets_csv_and_xlsx_with_a_summary(night, query):
    paths, _ = night
    results = query(paths, "select program, count(*) as n from marts.program_match_results "
                           "group by program")
    for program in PROGRAMS:
        folder = paths.exports_dir / DAY.isoformat() / program
        csv_rows = pd.read_csv(folder / "match_results.csv")
        expected = results.set_index("program").n.get(program, 0)
        assert len(csv_rows) == expected
        book = load_workbook(folder / "match_results.xlsx", read_only=True)
        assert book.sheetnames == ["Summary", "Match results", "Contacts elsewhere", "New matches",
                                   "Plan conflicts", "Stuck milestones", "By county"]
        conflicts = pd.read_excel(folder / "match_results.xlsx", sheet_name="Plan conflicts")
        expected = query(paths, "select count(*) as n from marts.case_manager_plan_conflicts "
                                f"where program = '{program}'").n[0]
        if expected:
            assert len(conflicts) == expected
        else:
            assert conflicts.iloc[:, 0].tolist() == ["none tonight"]


def test_program_leads_workbooks_sort_and_filter_without_fixing_them(night, query):
    """What a lead sorts and filters without fixing it: a frozen header and an autofilter on
    every sheet, dates without a time, shares as percentages, codes in words, contacts a
    column each, and "none tonight" on an empty sheet."""
    paths, _ = night
    for program in PROGRAMS:
        book = load_workbook(paths.exports_dir / DAY.isoformat() / program / "match_results.xlsx")
        for sheet in book.worksheets:
            cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
            assert sheet.freeze_panes == "A2", (program, sheet.title)
            if [c.value for c in cells] == ["none tonight"]:
                continue
            assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
            assert all(c.number_format == "yyyy-mm-dd" for c in cells if isinstance(c.value, datetime))
            assert not [c.value for c in cells if isinstance(c.value, str) and (
                "00:00:00" in c.value or re.fullmatch(r"[A-Z]+_[A-Z_]+", c.value))]
            widths = [sheet.column_dimensions[get_column_letter(i)].width
                      for i in range(1, sheet.max_column + 1)]
            assert all(12 <= w <= 63 for w in widths), (sheet.title, widths)
        summary = book["Summary"]
        assert isinstance(summary["B3"].value, datetime)  # the extract date
        shares = [row[2] for row in summary.iter_rows(min_row=2) if row[2].value is not None]
        assert shares and all(c.number_format == "0.0%" for c in shares)
        assert [c.value for c in book["Contacts elsewhere"][1]] == [
            "Client ID", "Case manager", "Also active in", "Contact there", "Email", "Phone", "Office"]
        stuck = [row[5].value for row in book["Stuck milestones"].iter_rows(min_row=2)]
        assert stuck and all(v == v.capitalize() for v in stuck if v not in (None, "none tonight"))
        by_county = list(book["By county"].iter_rows(min_row=2, values_only=True))
        if program in FRONT_DOORS:  # a county a row, shares as percentages
            counties = query(paths, "select county from marts.county_rankings "
                                    f"where program = '{program}' order by county").county
            assert [row[0] for row in by_county] == list(counties)
            assert book["By county"]["C2"].number_format == "0.0%"
        else:
            assert by_county == [("none tonight",) + (None,) * (len(by_county[0]) - 1)]


def test_each_program_lead_gets_a_morning_report_with_overlap_and_all_31_combinations(night, query):
    paths, _ = night
    overlap = query(paths, "select program_a, program_b, share from marts.program_overlap")
    for program in PROGRAMS:
        html = (paths.exports_dir / DAY.isoformat() / program / "morning_report.html").read_text()
        assert html.count('<td class="dot') == 31 * len(PROGRAMS)
        for r in overlap[overlap.program_a == program].itertuples():
            assert f"<td>{r.program_b.upper()}</td>" in html
            assert f"<td>{100 * r.share:.1f}%</td>" in html
        assert "person_id" not in html and "P0" not in html  # counts only


def test_analysts_open_the_night_in_the_duckdb_cli_and_see_each_column_described(night, query):
    paths, _ = night
    cli = Path(sys.executable).parent / "duckdb"  # duckdb-cli 1.5, as an analyst installs it
    done = subprocess.run([str(cli), "-readonly", "-csv", str(paths.published_warehouse), "-c",
                           "select count(*) as n from marts.person_crosswalk"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[1]) == query(paths, "select count(*) as n "
                                                       "from marts.person_crosswalk").n[0]
    undescribed = query(paths, "select table_name, column_name from duckdb_columns() "
                               "where schema_name in ('marts', 'deidentified') and comment is null")
    assert undescribed.values.tolist() == []


def _analysts_models() -> dict[str, str]:
    """{schema.table: dbt model} of models/marts: deidentified_<x> is published as
    deidentified.<x>."""
    found = {}
    for f in (DBT_PROJECT_DIR / "models" / "marts").rglob("*.*"):
        if f.suffix in (".sql", ".py"):
            deidentified = f.parent.name == "deidentified"
            table = f.stem.removeprefix("deidentified_") if deidentified else f.stem
            found[f"{'deidentified' if deidentified else 'marts'}.{table}"] = f.stem
    return found


def test_the_docs_site_describes_every_mart(night, query):
    paths, _ = night
    docs = (paths.exports_dir / DAY.isoformat() / "warehouse_docs.html").read_text()
    tables = set(query(paths, "select table_schema || '.' || table_name as t from "
                              "information_schema.tables where table_schema in "
                              "('marts', 'deidentified')").t)
    models = _analysts_models()
    assert tables == set(models)
    assert sorted(m for m in models.values() if f"model.crosswalk.{m}" not in docs) == []


def test_the_readme_has_a_query_for_every_mart_and_each_runs(night):
    paths, _ = night
    readme = (REPO_ROOT / "README.md").read_text()
    block = readme.split("### One query per mart", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    statements = [q.strip() for q in block.split(";") if q.strip()]
    assert set(_analysts_models()) <= set(re.findall(r"from ((?:marts|deidentified)\.\w+)", block))
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        for statement in statements:
            con.execute(statement).fetchall()


def test_matching_writes_the_linkage_tables_dbt_declares(night, secure_query):
    """The unit tests build linkage.* empty from the source declarations: they must be what
    matching writes."""
    paths, _ = night
    written = secure_query(paths, "select table_name, column_name, lower(data_type) as data_type "
                           "from information_schema.columns where table_schema = 'linkage' "
                           "order by table_name, ordinal_position")
    source = yaml.safe_load((DBT_PROJECT_DIR / "models" / "intermediate" / "linked"
                             / "_linkage__sources.yml").read_text())["sources"][0]
    declared = [(t["name"], c["name"], c["data_type"]) for t in source["tables"] for c in t["columns"]]
    assert sorted(declared) == sorted(map(tuple, written.values.tolist()))


def test_the_nights_warehouse_rules_fail_the_build_when_broken(night, tmp_path):
    """The rules guard every real night as dbt tests: on a copy of both files with each rule
    broken once, each test fails, and each passed on the night itself (the build ran them)."""
    paths, _ = night
    secure, analysts = tmp_path / "crosswalk_secure.duckdb", tmp_path / "crosswalk.duckdb"
    shutil.copyfile(paths.secure_warehouse, secure)
    shutil.copyfile(paths.published_warehouse, analysts)
    with duckdb.connect(str(analysts)) as con:
        con.execute("""delete from marts.family_enrollments where rowid =
                       (select min(rowid) from marts.family_enrollments)""")
        sharing = con.execute("select min(person_id) from marts.sync_report").fetchone()[0]
        con.execute("""update marts.referrals set referral_id = 'ref 123-45-6789' where rowid =
                       (select min(rowid) from marts.referrals)""")
        con.execute("alter table marts.referrals add column birth_date date")
        con.execute("""update deidentified.enrollment_concurrency set persons = 7 where rowid =
                       (select min(rowid) from deidentified.enrollment_concurrency)""")
    with duckdb.connect(str(secure)) as con:
        con.execute("""delete from intermediate.int_consents_ranked_by_person where person_id = ?
                       or person_id = (select min(person_id) from casework.casework_client_situation
                                       where other_category = 'SUBSTANCE_USE')""", [sharing])
    rules = ["assert_family_links_run_both_ways", "assert_sync_report_shows_only_consenting_clients",
             "assert_client_situation_respects_consent_scope",
             "assert_no_small_count_leaves_the_building"]
    with pytest.raises(DbtFailed) as failed:
        run_dbt_tests(paths, DAY, *rules, build=(secure, analysts))
    assert [rule for rule in rules if rule not in str(failed.value)] == []
    assert str(failed.value).count("configured to fail") == len(rules)
    assert isinstance(failed.value, InputError)  # a broken rule is not retried
    with pytest.raises(DbtFailed) as leaked:
        check_analysts_file(paths, DAY, build=(secure, analysts))
    assert str(leaked.value).endswith(
        "Identifiers in the analysts' file: marts.referrals.birth_date: identifier column "
        "(meta pii); marts.referrals.referral_id: SSN-shaped value")


def _recount_timeliness(paths) -> pd.DataFrame:
    """application_timeliness from the landing files, by the contract's definitions, without
    the code under test: an exact repeat of a row is quarantined, so counted once."""
    frames = []
    for program in FRONT_DOORS:
        rows = pd.read_csv(paths.landing_dir / program / DAY.isoformat() / "applications.csv",
                           dtype=str, keep_default_na=False).drop_duplicates()
        frames.append(rows.assign(program=program))
    rows = pd.concat(frames, ignore_index=True)
    received = pd.to_datetime(rows.received_date)
    decided = rows.decision.isin(["APPROVED", "DENIED", "WITHDRAWN"])
    days = (pd.to_datetime(rows.decision_date.replace("", None)) - received).dt.days.where(decided)
    standard = rows.standard_days.astype(int)
    rows = rows.assign(
        received_month=received.dt.to_period("M").dt.to_timestamp().dt.date,
        decided=decided, decided_same_day=days == 0,
        decided_within_standard=days <= standard,
        pending_past_standard=(rows.decision == "PENDING")
        & ((pd.Timestamp(DAY) - received).dt.days > standard),
        denials=rows.decision == "DENIED",
        procedural_denials=(rows.decision == "DENIED") & rows.denial_reason.str.startswith("PROCEDURAL_"),
        days=days)
    counts = ["decided", "decided_same_day", "decided_within_standard", "pending_past_standard",
              "denials", "procedural_denials"]
    grouped = rows.groupby(["program", "benefit", "county", "received_month"])
    recount = grouped[counts].sum().assign(applications=grouped.size(),
                                           median_days_to_decision=grouped.days.median())
    return recount.reset_index()


def test_application_timeliness_equals_a_recount_from_the_landing_files(night, query):
    paths, _ = night
    mart = query(paths, "select * from marts.application_timeliness")
    recount = _recount_timeliness(paths)
    keys = ["program", "benefit", "county", "received_month"]
    mart["received_month"] = pd.to_datetime(mart.received_month).dt.date
    merged = recount.merge(mart, on=keys, how="outer", suffixes=("_recount", "_mart"),
                           indicator=True)
    assert (merged._merge == "both").all() and len(merged) == len(mart) > 100
    for column in ["applications", "decided", "decided_same_day", "decided_within_standard",
                   "pending_past_standard", "denials", "procedural_denials"]:
        assert (merged[f"{column}_recount"] == merged[f"{column}_mart"]).all(), column
    medians = merged[["median_days_to_decision_recount", "median_days_to_decision_mart"]]
    assert ((medians.iloc[:, 0] == medians.iloc[:, 1])
            | (medians.iloc[:, 0].isna() & medians.iloc[:, 1].isna())).all()
    assert int(mart.applications.sum()) == int(query(
        paths, "select count(*) as n from marts.applications").n[0])


def test_applicants_are_linked_to_their_persons(night, secure_query, query):
    paths, _ = night
    truth_dir = paths.truth_dir / DAY.isoformat()
    applications = pd.read_csv(truth_dir / "applications.csv", dtype=str)
    records = pd.read_csv(truth_dir / "records.csv", dtype=str)
    true_person_of_record = dict(zip(records.program + ":" + records.client_id,
                                     records.true_person_id, strict=True))
    linked = secure_query(paths, "select program, application_id, matched_record_id, link_method "
                                 "from linkage.applicant_persons")
    linked = linked.merge(applications, on=["program", "application_id"], validate="1:1")
    found = linked[linked.matched_record_id.notna()]
    correct = found.matched_record_id.map(true_person_of_record) == found.true_person_id
    precision = correct.mean()
    # The model's own links, apart from those the application's client id gives.
    scored = correct[found.link_method == "probabilistic"]
    assert len(scored) > 100 and scored.mean() >= 0.99, scored.mean()
    known = linked[linked.true_person_id.isin(set(records.true_person_id))]
    recall = (known.matched_record_id.map(true_person_of_record) == known.true_person_id).mean()
    assert precision >= 0.99 and recall >= 0.95, (precision, recall)
    assert {"client_id", "probabilistic"} <= set(linked.link_method)
    # Each application is one mart row with the person the linkage found.
    mart = query(paths, "select program, application_id, person_id from marts.applications")
    assert len(mart) == len(linked) and mart.person_id.notna().sum() == len(found)


def test_front_doors_show_churn_and_applicants_served_elsewhere(night, query):
    paths, _ = night
    shares = query(paths, "select program, avg(is_served_elsewhere::int) as elsewhere, "
                          "sum(is_reapplication_within_90_days::int) as reapplications "
                          "from marts.applications group by program").set_index("program")
    # The scenario asks for 45% of applicants enrolled in another program that day.
    assert shares.elsewhere.between(0.35, 0.5).all(), shares
    assert (shares.reapplications > 0).all()
    ranked = query(paths, "select county, median_days_to_decision from marts.county_rankings "
                          "where program = 'fep' order by rank_days_to_decision")
    assert ranked.county.iloc[-1] == "Uintah" and ranked.median_days_to_decision.iloc[0] == 0


def test_every_county_has_its_profile_page_and_the_state_an_index(night, query):
    paths, _ = night
    folder = paths.exports_dir / DAY.isoformat() / "counties"
    counties = query(paths, "select distinct county from marts.applications order by county").county
    pages = {p.name for p in folder.glob("*.html")} - {"index.html"}
    assert pages == {c.lower().replace(" ", "-") + ".html" for c in counties}
    index = (folder / "index.html").read_text()
    assert all(f'href="{page}"' in index for page in pages)
    weber = (folder / "weber.html").read_text()
    # A chart per measure and program, each with the county's, the state's and the peers' line.
    programs = query(paths, "select count(distinct program) as n from marts.applications "
                            "where county = 'Weber'").n[0]
    assert weber.count("<svg") == 5 * programs
    assert weber.count('<path class="county"') == weber.count('<path class="peers"') == 5 * programs
    assert "P0" not in weber and "person_id" not in weber  # counts only
    quarterly = pd.read_csv(folder / "application_timeliness_quarterly.csv")
    assert int(quarterly.applications.sum()) == int(query(
        paths, "select count(*) as n from marts.applications where received_date is not null").n[0])


def test_each_office_gets_its_intake_list_of_applicants_served_elsewhere(night, query):
    paths, _ = night
    offices = query(paths, "select distinct program, office from marts.applications order by all")
    listed = query(paths, "select program, office, application_id from marts.intake_sync")
    total = 0
    for program, office in offices.itertuples(index=False):
        path = (paths.exports_dir / DAY.isoformat() / program / "intake_sync"
                / (office.lower().replace(". ", "-").replace(" ", "-") + ".csv"))
        rows = pd.read_csv(path, dtype=str)
        assert list(rows.columns[:2]) == ["Received", "Application"]
        expected = listed[(listed.program == program) & (listed.office == office)]
        assert sorted(rows.Application) == sorted(expected.application_id)
        total += len(rows)
    assert total == len(listed)
