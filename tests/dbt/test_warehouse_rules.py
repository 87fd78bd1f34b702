"""The rules that guard every night are dbt tests; no mart may be left without them."""

import yaml

from crosswalk.settings import DBT_PROJECT_DIR

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

