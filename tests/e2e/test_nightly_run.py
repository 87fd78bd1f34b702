"""The whole night through the real Airflow DAG, scored against the generator's truth."""

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from crosswalk.settings import DBT_PROJECT_DIR, PROGRAMS, REPO_ROOT, InputError
from crosswalk.suppression import recoverable
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.transform import DbtFailed, run_dbt_tests
from crosswalk_bench.evaluation import evaluate_run

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


def test_quarantined_rows_equal_the_injected_bad_rows(night, query):
    paths, _ = night
    injected = pd.read_csv(paths.truth_dir / DAY.isoformat() / "defects.csv")
    found = query(paths, "select program, file, line, rule from staging.stg_audit__validation_issues "
                         f"where outcome = 'quarantined' and extract_date = '{DAY}'")
    expected = injected[injected.outcome == "quarantined"][["program", "file", "line", "rule"]]
    assert len(found) == len(expected) == 4 * len(PROGRAMS)
    assert sorted(map(tuple, found.values.tolist())) == sorted(map(tuple, expected.values.tolist()))


def test_crosswalk_covers_every_loaded_roster_row_once(night, query):
    paths, _ = night
    loaded = query(paths, "select program, sum(rows_accepted) as n from staging.stg_audit__load_audit "
                          "where file like 'clients%' group by program")
    crosswalk = query(paths, "select program, count(*) as n, count(distinct client_id) as ids "
                             "from marts.person_crosswalk group by program")
    merged = loaded.merge(crosswalk, on="program", suffixes=("_loaded", "_crosswalk"))
    # DCFS lists a person once per case; the crosswalk has one row per client.
    assert (merged.n_crosswalk == merged.ids).all()
    assert (merged[merged.program != "dcfs"].n_loaded == merged[merged.program != "dcfs"].n_crosswalk).all()


def test_invalid_birth_dates_are_nulled_not_dropped(night, query):
    paths, _ = night
    injected = pd.read_csv(paths.truth_dir / DAY.isoformat() / "defects.csv")
    bad = injected[injected.rule == "invalid_date"]
    nulled = query(paths, "select program, count(*) as n from staging.stg_udc__clients "
                          "where birth_date is null group by program")
    assert int(nulled.n.sum()) == int((bad.program == "udc").sum())


def test_sync_report_gives_whom_to_call(night, query):
    paths, _ = night  # that it shows only consenting clients is a dbt test of each night
    rows = query(paths, "select * from marts.sync_report")
    assert len(rows) > 0 and rows.other_case_manager_email.notna().all()


def test_other_programs_milestones_show_where_consent_allows(night, query):
    paths, _ = night  # that they show only as consent allows is a dbt test of each night
    shown = query(paths, "select other_category from marts.client_situation")
    assert len(shown) > 0 and (shown.other_category == "SUBSTANCE_USE").any()


def test_executive_aggregates_hide_small_counts_beyond_recovery(night, query):
    paths, _ = night
    long = query(paths, "select * from marts.deidentified_enrollment_concurrency")
    published = long.pivot(index="program", columns="programs_enrolled", values="persons")
    shown = long.persons.dropna()
    assert not shown.between(1, 10).any()
    assert long.is_suppressed.any()
    assert recoverable(published.astype("float")) == []


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
        assert book.sheetnames == ["Summary", "Match results", "New matches", "Plan conflicts",
                                   "Stuck milestones"]
        conflicts = pd.read_excel(folder / "match_results.xlsx", sheet_name="Plan conflicts")
        expected = query(paths, "select count(*) as n from marts.case_manager_plan_conflicts "
                                f"where program = '{program}'").n[0]
        assert len(conflicts) == expected


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
                               "where schema_name = 'marts' and comment is null")
    assert undescribed.values.tolist() == []


def test_the_docs_site_describes_every_mart(night, query):
    paths, _ = night
    docs = (paths.exports_dir / DAY.isoformat() / "warehouse_docs.html").read_text()
    marts = set(query(paths, "select table_name from information_schema.tables "
                             "where table_schema = 'marts'").table_name)
    models = {f.stem for f in (DBT_PROJECT_DIR / "models" / "marts").rglob("*.*")
              if f.suffix in (".sql", ".py")}
    assert marts == models
    assert sorted(m for m in marts if f"model.crosswalk.{m}" not in docs) == []


def test_the_readme_has_a_query_for_every_mart_and_each_runs(night):
    paths, _ = night
    readme = (REPO_ROOT / "README.md").read_text()
    block = readme.split("### One query per mart", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    statements = [q.strip() for q in block.split(";") if q.strip()]
    models = {f.stem for f in (DBT_PROJECT_DIR / "models" / "marts").rglob("*.*")
              if f.suffix in (".sql", ".py")}
    assert models <= set(re.findall(r"from marts\.(\w+)", block))
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        for statement in statements:
            con.execute(statement).fetchall()


def test_matching_writes_the_linkage_tables_dbt_declares(night, query):
    """The unit tests build linkage.* empty from the source declarations: they must be what
    matching writes."""
    paths, _ = night
    written = query(paths, "select table_name, column_name, lower(data_type) as data_type "
                           "from information_schema.columns where table_schema = 'linkage' "
                           "order by table_name, ordinal_position")
    source = yaml.safe_load((DBT_PROJECT_DIR / "models" / "intermediate" / "linked"
                             / "_linkage__sources.yml").read_text())["sources"][0]
    declared = [(t["name"], c["name"], c["data_type"]) for t in source["tables"] for c in t["columns"]]
    assert sorted(declared) == sorted(map(tuple, written.values.tolist()))


def test_the_nights_warehouse_rules_fail_the_build_when_broken(night, tmp_path):
    """The rules guard every real night as dbt tests: on a copy with each rule broken once,
    each test fails, and each passed on the night itself (the build ran them)."""
    paths, _ = night
    copy = tmp_path / "crosswalk.duckdb"
    shutil.copyfile(paths.published_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("""delete from marts.family_enrollments where rowid =
                       (select min(rowid) from marts.family_enrollments)""")
        con.execute("""delete from intermediate.int_consents_ranked_by_person where person_id =
                       (select min(person_id) from marts.client_situation
                        where other_category = 'SUBSTANCE_USE')""")
        con.execute("""update marts.referrals set referral_id = 'ref 123-45-6789' where rowid =
                       (select min(rowid) from marts.referrals)""")
    rules = ["assert_family_links_run_both_ways", "assert_sync_report_shows_only_consenting_clients",
             "assert_client_situation_respects_consent_scope", "no_ssn_values_referrals_"]
    with pytest.raises(DbtFailed) as failed:
        run_dbt_tests(copy, paths, DAY, *rules[:3], "referrals,test_name:no_ssn_values")
    assert [rule for rule in rules if rule not in str(failed.value)] == []
    assert str(failed.value).count("configured to fail") == len(rules)
    assert isinstance(failed.value, InputError)  # a broken rule is not retried
