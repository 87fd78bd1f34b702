"""Ingest against generated drops: control totals, rejection, quarantine, staleness."""

import json
from datetime import date

import duckdb
import pandas as pd
import pytest

from crosswalk import run_lock
from crosswalk.ingest import ingest_drop
from crosswalk.pipeline import build_staging, ingest_program
from crosswalk.settings import get_paths
from crosswalk.synth import GenerationConfig, generate_extracts

DAY = date(2026, 11, 21)


@pytest.fixture
def drops(data_dir):
    generate_extracts(GenerationConfig(people=1_000, seed=7, extract_date=DAY))
    return get_paths()


def issues(paths, program):
    return pd.read_parquet(paths.audit_dir / f"program={program}" / f"extract_date={DAY}"
                           / "issues.parquet")


def test_every_injected_defect_is_caught_with_its_line_and_rule(drops):
    result = ingest_drop("dcfs", DAY.isoformat())
    assert result.outcome == "accepted"
    injected = pd.read_csv(drops.truth_dir / DAY.isoformat() / "defects.csv")
    injected = injected[injected.program == "dcfs"]
    found = issues(drops, "dcfs")
    found = found[found.outcome.isin(["quarantined", "nulled"])]
    assert sorted(zip(found.file, found.line, found.rule, strict=True)) == sorted(
        zip(injected.file, injected.line, injected.rule, strict=True))
    # Four bad roster rows, one duplicated application.
    assert result.rows_quarantined == (injected.outcome == "quarantined").sum() == 5
    assert result.rows_accepted["applications.csv"] == _records(
        drops.landing_dir / "dcfs" / DAY.isoformat() / "applications.csv") - 1


def test_a_drop_without_applications_is_valid_and_loads_none(drops):
    folder = drops.landing_dir / "dcfs" / DAY.isoformat()
    ingest_drop("dcfs", DAY.isoformat())  # with the file, then again without it
    partition = drops.raw_dir / "applications" / "program=dcfs" / f"extract_date={DAY}"
    assert (partition / "data.parquet").exists()
    (folder / "applications.csv").unlink()
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"]["applications.csv"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = ingest_drop("dcfs", DAY.isoformat())
    assert result.outcome == "accepted" and "applications.csv" not in result.rows_accepted
    assert not partition.exists()
    noted = issues(drops, "dcfs").query("file == 'applications.csv'")
    assert list(zip(noted.rule, noted.outcome, strict=True)) == [("optional_file_absent", "ignored")]


def test_an_application_id_repeated_with_other_content_is_quarantined(drops):
    path = drops.landing_dir / "fep" / DAY.isoformat() / "applications.csv"
    lines = path.read_text().splitlines(keepends=True)
    first = lines[1].split(",")
    lines.append(",".join([first[0], "", "Other", *first[3:]]))
    path.write_text("".join(lines))
    folder = path.parent
    manifest = json.loads((folder / "manifest.json").read_text())
    from crosswalk.ingest.manifest import sha256_of

    manifest["files"]["applications.csv"] = {"rows": len(lines) - 1, "sha256": sha256_of(path)}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = ingest_drop("fep", DAY.isoformat())
    found = issues(drops, "fep").query("file == 'applications.csv' and rule == 'conflicting_key'")
    assert result.outcome == "accepted" and list(found.line) == [len(lines)]
    assert found.value.iloc[0] == f"{first[0]} also on line 2 with other content"


def test_applications_listed_in_the_manifest_but_missing_reject_the_drop(drops):
    (drops.landing_dir / "vr" / DAY.isoformat() / "applications.csv").unlink()
    result = ingest_drop("vr", DAY.isoformat())
    assert result.outcome == "rejected" and "applications.csv" in result.reason
    assert "is missing from the drop" in result.reason


def _records(path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def test_checksum_mismatch_rejects_the_drop_and_keeps_nothing(drops):
    roster = drops.landing_dir / "vr" / DAY.isoformat() / "clients.csv"
    roster.write_text(roster.read_text().replace("Male", "Mole", 1))
    result = ingest_drop("vr", DAY.isoformat())
    assert result.outcome == "rejected"
    assert "checksum_mismatch" in result.reason and "clients.csv" in result.reason
    assert not (drops.raw_dir / "clients" / "program=vr").exists()
    [issue] = issues(drops, "vr").itertuples()
    assert (issue.file, issue.rule, issue.outcome) == ("clients.csv", "checksum_mismatch",
                                                       "drop_rejected")


def test_renamed_column_rejects_the_drop_naming_the_column(drops):
    folder = drops.landing_dir / "udc" / DAY.isoformat()
    roster = folder / "clients.csv"
    roster.write_text(roster.read_text().replace("OFFENDER_NUM", "OFFENDER_NO", 1))
    manifest = json.loads((folder / "manifest.json").read_text())
    from crosswalk.ingest.manifest import sha256_of

    manifest["files"]["clients.csv"]["sha256"] = sha256_of(roster)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = ingest_drop("udc", DAY.isoformat())
    assert result.outcome == "rejected"
    assert "OFFENDER_NUM" in result.reason and "missing_columns" in result.reason


def test_truncated_file_rejects_on_row_count(drops):
    roster = drops.landing_dir / "jjs" / DAY.isoformat() / "plans.csv"
    lines = roster.read_text().splitlines(keepends=True)
    roster.write_text("".join(lines[:-3]))
    manifest_path = roster.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    from crosswalk.ingest.manifest import sha256_of

    manifest["files"]["plans.csv"]["sha256"] = sha256_of(roster)
    manifest_path.write_text(json.dumps(manifest))
    result = ingest_drop("jjs", DAY.isoformat())
    assert result.outcome == "rejected" and "row_count_mismatch" in result.reason


def test_a_rejected_night_keeps_the_last_good_snapshot_flagged_stale(drops):
    for program in ("dcfs", "jjs", "fep", "vr", "udc"):
        assert ingest_drop(program, DAY.isoformat()).outcome == "accepted"
    next_day = date(2026, 11, 22)
    generate_extracts(GenerationConfig(people=1_000, seed=8, extract_date=next_day))
    (drops.landing_dir / "fep" / next_day.isoformat() / "manifest.json").unlink()
    with run_lock.hold_process(drops, next_day.isoformat()):
        ingested = [ingest_program(p, next_day.isoformat(), "test")
                    for p in ("dcfs", "jjs", "fep", "vr", "udc")]
        build_staging(next_day.isoformat(), ingested, "test")  # only in-service partitions
    with duckdb.connect(str(drops.for_run("test").work_secure), read_only=True) as con:
        snapshots = con.execute("select program, in_service_extract_date, tonight_outcome, is_stale "
                                "from staging.stg_audit__program_snapshots order by program"
                                ).fetchall()
        assert snapshots[:3] == [("dcfs", next_day, "accepted", False),
                                 ("fep", DAY, "rejected", True),
                                 ("jjs", next_day, "accepted", False)]
        served = con.execute("select distinct extract_date from staging.stg_fep__clients").fetchall()
        assert served == [(DAY,)]
        plans = con.execute("select program, extract_date, count(*) from staging.stg_programs__plans "
                            "group by all order by program").fetchall()
        assert [(p, d) for p, d, _ in plans] == [("dcfs", next_day), ("fep", DAY), ("jjs", next_day),
                                                 ("udc", next_day), ("vr", next_day)]
