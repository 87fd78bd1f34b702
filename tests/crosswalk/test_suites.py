from datetime import date

import pandas as pd
import pytest

from crosswalk.ingest.validate import load_suite, required_columns, validate_frame


@pytest.fixture(scope="module")
def udc_rules():
    return load_suite("udc_clients")


def findings_for(rules, column, values):
    frame = pd.DataFrame({c: [None] * len(values) for c in required_columns(rules)}, dtype=object)
    frame[column] = values
    return {(f.index, f.rule) for f in validate_frame(frame, rules, date(2026, 11, 21))
            if f.column == column}


def test_ssns_that_ssa_never_issues_are_nulled(udc_rules):
    values = ["123-45-6780", "000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567",
              "123-45-0000", "123456789", None]
    found = findings_for(udc_rules, "SSN", values)
    assert {i for i, rule in found if rule == "invalid_ssn"} == {1, 2, 3, 4, 5, 6}
    assert (0, "invalid_ssn") not in found


def test_placeholder_ssn_is_flagged(udc_rules):
    assert (0, "placeholder_ssn") in findings_for(udc_rules, "SSN", ["123-45-6789"])


def test_future_birth_date_and_impossible_date(udc_rules):
    found = findings_for(udc_rules, "DOB", ["2030-01-01", "1985-13-45", "1985-02-03"])
    assert found == {(0, "future_date"), (1, "invalid_date")}


def test_a_misspelled_expectation_type_is_an_error(tmp_path):
    (tmp_path / "bad.json").write_text(
        '{"name": "bad", "expectations": [{"type": "expect_column_values_to_be_nul", '
        '"kwargs": {"column": "x"}, "meta": {"outcome": "quarantine"}}]}')
    with pytest.raises(Exception, match="expect_column_values_to_be_nul"):
        load_suite("bad", folder=tmp_path)
