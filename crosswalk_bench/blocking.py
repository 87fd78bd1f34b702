"""Blocking-rule evidence: what each rule costs (comparisons) and what it finds (true pairs).

Cost comes from Splink's blocking analysis, counted exactly. What a rule finds
is measured on known truth: the true pairs whose two records satisfy the rule
and no earlier one. A rule that finds nothing new is dead weight; a true pair
no rule finds can never be linked, whatever the model.
"""

from __future__ import annotations

from itertools import combinations

import duckdb
import pandas as pd
from splink import DuckDBAPI
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from matching import spec


def true_pairs(truth: pd.DataFrame) -> pd.DataFrame:
    """record_id pairs (left < right) of one true person, from record_id -> true_person_id."""
    groups = truth.groupby("true_person_id").record_id.agg(sorted)
    pairs = [pair for ids in groups if len(ids) > 1 for pair in combinations(ids, 2)]
    return pd.DataFrame(pairs, columns=["record_id_left", "record_id_right"])


def analyse_blocking(records: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """One row per prediction blocking rule, in order: comparisons and true pairs, marginal and cumulative."""
    rules = [rule.get_blocking_rule("duckdb") for rule in
             spec.settings().blocking_rules_to_generate_predictions]
    counts = count_comparisons_from_blocking_rules(
        DuckDBAPI().register(records, dataset_display_name="records"),
        blocking_rules=rules, link_type="dedupe_only", unique_id_column_name="record_id",
        record_sample_proportion=1.0)

    pairs = true_pairs(truth[truth.record_id.isin(records.record_id)])
    columns = [c for c in records.columns if c not in ("name_forms", "known_names")]
    with duckdb.connect() as con:
        con.register("records", records[columns])
        con.register("pairs", pairs)
        hits = con.execute("select " + ", ".join(
            f"coalesce({rule.blocking_rule_sql}, false) as rule_{i}" for i, rule in enumerate(rules))
            + " from pairs join records l on l.record_id = pairs.record_id_left"
              " join records r on r.record_id = pairs.record_id_right").df()

    found_before = pd.Series(False, index=hits.index)
    rows = []
    for i, (rule, count) in enumerate(zip(rules, counts, strict=True)):
        new = hits[f"rule_{i}"] & ~found_before
        found_before |= hits[f"rule_{i}"]
        rows.append({"rule": rule.blocking_rule_sql,
                     "comparisons_marginal": count["marginal_comparison_count"],
                     "comparisons_cumulative": count["cumulative_comparison_count"],
                     "true_pairs_marginal": int(new.sum()),
                     "true_pairs_recall_cumulative": round(float(found_before.mean()), 5)
                     if len(pairs) else 1.0})
    return pd.DataFrame(rows)
