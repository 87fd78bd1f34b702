"""dbt's unit tests, on an empty build: no drop, no matching, no night."""

import json
from datetime import date

import yaml

from crosswalk.settings import DBT_PROJECT_DIR, get_paths
from crosswalk.transform import run_unit_tests


def test_every_dbt_unit_test_passes_on_an_empty_build(data_dir):
    declared = sum(len(yaml.safe_load(f.read_text()).get("unit_tests") or [])
                   for f in (DBT_PROJECT_DIR / "models").rglob("_*.yml"))
    paths = get_paths()
    run_unit_tests(paths, date(2026, 11, 21))
    results = json.loads((paths.build_dir / "dbt" / "target" / "run_results.json").read_text())["results"]
    passed = [r for r in results if r["unique_id"].startswith("unit_test.") and r["status"] == "pass"]
    assert declared > 20 and len(passed) == declared
