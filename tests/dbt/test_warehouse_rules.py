"""The dbt project's own rules: identifiers tagged for the nightly test, constants in one home."""

import csv

import yaml

from crosswalk.ingest.validate import required_columns
from crosswalk.settings import (
    DBT_PROJECT_DIR,
    DEFAULT_EXTRACT_DATE,
    OPTIONAL_FILES,
    PROGRAMS,
    REPO_ROOT,
    ROSTER_WINDOW_MONTHS,
    SHARED_FILES,
    entity_of,
)
from matching import spec

# What identifies a client on a roster: the nightly test of the analysts' file
# (tests/assert_no_identifiers_in_the_analysts_file.sql) knows them by their `pii` tag.
IDENTIFIERS = {"first_name", "middle_name", "last_name", "name_suffix", "preferred_name",
               "aliases", "birth_date", "ssn", "street_address", "city", "zip", "guardian_name"}


def test_every_roster_identifier_is_tagged_pii():
    untagged = []
    for file in (DBT_PROJECT_DIR / "models" / "staging").rglob("_*__models.yml"):
        for model in yaml.safe_load(file.read_text())["models"]:
            if model["name"].endswith("__clients"):
                tagged = {c["name"] for c in model["columns"]
                          if c.get("config", {}).get("meta", {}).get("pii")}
                untagged += [f"{model['name']}.{c}" for c in sorted(IDENTIFIERS - tagged)]
    assert untagged == []


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
                                      + [entity_of(f) for f in (*SHARED_FILES, *OPTIONAL_FILES)])
    assert {s: c for s, c in declared.items() if c != required_columns(s)} == {}


def test_the_access_page_says_whom_every_mart_is_for():
    page = (REPO_ROOT / "docs" / "access.md").read_text()
    marts = [f.stem.removeprefix("deidentified_") for f in (DBT_PROJECT_DIR / "models" / "marts").rglob("*")
             if f.suffix in (".sql", ".py")]
    assert sorted(m for m in marts if f"`{m}`" not in page and f".{m}`" not in page) == []
