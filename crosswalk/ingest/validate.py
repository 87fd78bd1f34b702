"""Great Expectations suites (expectations/*.json) applied to one file's rows.

Each expectation carries `meta.outcome`, what a failure means under the
validation policy: `reject_drop`, `quarantine` (the row) or `null_field`.
Suites are loaded strictly: GX silently drops an expectation with a misspelled
type, so an unknown type is an error here.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from crosswalk.settings import EXPECTATIONS_DIR, ROSTER_WINDOW_MONTHS

OUTCOMES = ("reject_drop", "quarantine", "null_field")


@dataclass(frozen=True)
class Rule:
    type: str
    kwargs: dict
    rule: str
    outcome: str
    plausibility: str = ""  # birth | start | end: extra date checks GX cannot express

    @property
    def column(self) -> str:
        return self.kwargs.get("column", "")


@dataclass(frozen=True)
class Finding:
    index: int  # position in the frame
    column: str
    rule: str
    outcome: str
    value: str


def load_suite(name: str, folder: Path = EXPECTATIONS_DIR) -> list[Rule]:
    from great_expectations.expectations.registry import get_expectation_impl

    path = folder / f"{name}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rules = []
    for i, exp in enumerate(doc["expectations"]):
        get_expectation_impl(exp["type"])  # raises ExpectationNotFoundError on a typo
        meta = exp.get("meta", {})
        if meta.get("outcome") not in OUTCOMES:
            raise ValueError(f"{path}: expectation {i} ({exp['type']}) needs meta.outcome "
                             f"in {OUTCOMES}, got {meta.get('outcome')!r}")
        rules.append(Rule(exp["type"], exp["kwargs"], meta.get("rule", exp["type"]),
                          meta["outcome"], meta.get("plausibility", "")))
    if len(rules) != len(doc["expectations"]):
        raise ValueError(f"{path}: loaded {len(rules)} of {len(doc['expectations'])} expectations")
    return rules


@lru_cache(maxsize=1)
def _batch_definition():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_pandas("extracts")
    return source.add_dataframe_asset("file").add_batch_definition_whole_dataframe("whole")


def required_columns(suite: str | list[Rule]) -> list[str]:
    rules = load_suite(suite) if isinstance(suite, str) else suite
    return [c for r in rules if r.outcome == "reject_drop" for c in r.kwargs["column_set"]]


def missing_columns(rules: list[Rule], columns: list[str]) -> list[str]:
    return [c for c in required_columns(rules) if c not in columns]


def validate_frame(frame: pd.DataFrame, rules: list[Rule], extract_date: date) -> list[Finding]:
    """Row and field findings for a frame whose empty strings are None (= missing)."""
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.registry import get_expectation_impl

    row_rules = [r for r in rules if r.outcome != "reject_drop"]
    suite = ExpectationSuite(
        name="file",
        expectations=[get_expectation_impl(r.type)(**r.kwargs) for r in row_rules],
    )
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    findings: list[Finding] = []
    for rule, res in zip(row_rules, result.results, strict=True):
        if res.exception_info and res.exception_info.get("raised_exception"):
            raise RuntimeError(f"expectation {rule.type} on {rule.column} failed to run: "
                               f"{res.exception_info.get('exception_message')}")
        for index in res.result.get("unexpected_index_list") or []:
            value = frame.at[index, rule.column]
            findings.append(Finding(int(index), rule.column, rule.rule, rule.outcome,
                                    "" if value is None else str(value)))
        if rule.plausibility:
            findings += _implausible_dates(frame, rule, extract_date)
    return findings


def _implausible_dates(frame: pd.DataFrame, rule: Rule, extract_date: date) -> list[Finding]:
    """Birth and start dates may not lie in the future; an end date may not predate the window."""
    column = rule.column
    parsed = pd.to_datetime(frame[column], format=rule.kwargs["strftime_format"], errors="coerce")
    as_of = pd.Timestamp(extract_date)
    window_start = as_of - pd.DateOffset(months=ROSTER_WINDOW_MONTHS)
    if rule.plausibility in ("birth", "start"):
        bad, name = parsed > as_of, "future_date"
    else:
        bad, name = parsed < window_start, "outside_window"
    return [Finding(int(i), column, name, "null_field", str(frame.at[i, column]))
            for i in frame.index[bad.fillna(False)]]



