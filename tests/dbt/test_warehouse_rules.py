"""The dbt project's own rules: every mart guarded by its nightly tests, constants in one home."""

import csv

import yaml

from crosswalk.ingest.validate import required_columns
from crosswalk.settings import (
    DBT_PROJECT_DIR,
    DEFAULT_EXTRACT_DATE,
    PROGRAMS,
    ROSTER_WINDOW_MONTHS,
    SHARED_FILES,
    entity_of,
)
from matching import spec

MARTS = DBT_PROJECT_DIR / "models" / "marts"


def _model_tests() -> dict[str, list]:
    tests = {}
    for file in MARTS.rglob("_*.yml"):
        for model in yaml.safe_load(file.read_text()).get("models", []):
            tests[model["name"]] = model.get("data_tests", [])
    return tests


def test_every_mart_is_checked_for_ssn_values():
    marts = {f.stem for f in MARTS.rglob("*") if f.suffix in (".sql", ".py")}
    tests = _model_tests()
    assert sorted(m for m in marts if "no_ssn_values" not in tests.get(m, [])) == []


def test_dbt_reads_the_constants_python_holds():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["vars"]["extract_date"] == DEFAULT_EXTRACT_DATE
    assert project["vars"]["roster_window_months"] == ROSTER_WINDOW_MONTHS
    assert project["vars"]["match_threshold"] == spec.MATCH_THRESHOLD
    with (DBT_PROJECT_DIR / "seeds" / "programs.csv").open() as seed:
        assert tuple(row["program"] for row in csv.DictReader(seed)) == PROGRAMS


def test_the_raw_sources_declare_the_contracts_columns():
    """An empty source (a program that never delivered) is built from these declarations."""
    declared = {}
    for file in (DBT_PROJECT_DIR / "models" / "staging").rglob("_*__sources.yml"):
        for source in yaml.safe_load(file.read_text())["sources"]:
            for table in source["tables"]:
                if table["meta"].get("zone", source["meta"].get("zone")) == "raw":
                    suite = f"{source['name']}_clients" if source["name"] in PROGRAMS else table["name"]
                    declared[suite] = [c["name"] for c in table["columns"]]
    assert sorted(declared) == sorted([f"{p}_clients" for p in PROGRAMS]
                                      + [entity_of(f) for f in SHARED_FILES])
    assert {s: c for s, c in declared.items() if c != required_columns(s)} == {}
