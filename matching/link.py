"""Score, cluster and give evidence: records in, `linkage.*` tables out (dbt sources).

Splink works in its own in-memory DuckDB; results are written back to the
build warehouse in one short write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from matching import spec
from matching.cluster import Decisions, cluster_records, rule_inputs
from matching.score import Scored, load_model, score_night


@dataclass(frozen=True)
class Linked:
    clusters: pd.DataFrame  # record_id, cluster_id, best_match_probability, n_links, link_method
    pairs: pd.DataFrame  # every scored pair, with excluded_by and is_linked
    scored: Scored


def link_records(records: pd.DataFrame, model_path: Path, previous: Path | None = None,
                 decisions: Decisions | None = None, full: bool = False) -> Linked:
    """Score (incrementally from `previous`, a night's state folder, where given), then
    cluster under the rules.

    Cluster ids are the smallest record id of each cluster and change when a
    cluster does; the registry (matching/registry.py) turns them into durable
    person_ids.
    """
    decisions = decisions or Decisions()
    model = load_model(model_path, len(records))
    scored = score_night(records, model, previous, full=full)
    pairs = scored.pairs
    candidates = pairs[pairs.match_probability >= spec.MATCH_THRESHOLD]
    rule_fields = records[["record_id", *spec.RULE_COLUMNS]]
    clusters, refused = cluster_records(rule_fields, candidates, decisions)

    pairs = pairs.assign(excluded_by=excluded_by(pairs, rule_fields, decisions))
    pairs = pairs.merge(refused, on=["record_id_left", "record_id_right"], how="left")
    pairs["excluded_by"] = pairs.excluded_by.combine_first(pairs.refused_by)
    pairs = pairs.drop(columns="refused_by")
    same = (pairs.record_id_left.map(clusters.set_index("record_id").cluster_id)
            == pairs.record_id_right.map(clusters.set_index("record_id").cluster_id))
    pairs["is_linked"] = same & (pairs.match_probability >= spec.MATCH_THRESHOLD)

    linked = pairs[pairs.is_linked]
    best = pd.concat([
        linked[["record_id_left", "match_probability"]].rename(columns={"record_id_left": "record_id"}),
        linked[["record_id_right", "match_probability"]].rename(columns={"record_id_right": "record_id"}),
    ]).groupby("record_id").match_probability.agg(["max", "count"])
    out = clusters.join(best, on="record_id")
    out = out.rename(columns={"max": "best_match_probability", "count": "n_links"})
    out["n_links"] = out["n_links"].fillna(0).astype(int)
    reviewed = {r for pair in decisions.must_link for r in pair}
    out["link_method"] = [
        "reviewed" if r in reviewed and n == 0 else ("probabilistic" if n else "unlinked")
        for r, n in zip(out.record_id, out.n_links, strict=True)]
    return Linked(out, pairs, scored)


def excluded_by(pairs: pd.DataFrame, records: pd.DataFrame, decisions: Decisions) -> pd.Series:
    """For each pair that could be linked or reviewed, the rule (or review) that says no.

    Pairs scored below the review band can never be linked: they are not checked.
    """
    worth = pairs[pairs.match_probability >= spec.REVIEW_BAND[0]]
    by_id = rule_inputs(records, set(worth.record_id_left) | set(worth.record_id_right))
    return pd.Series([
        "reviewed_cannot_link" if (a, b) in decisions.cannot_link
        else spec.cannot_link(by_id[a], by_id[b])
        for a, b in zip(worth.record_id_left, worth.record_id_right, strict=True)
    ], index=worth.index, dtype=object).reindex(pairs.index)


def write_linkage(warehouse: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace `linkage.<name>` with each frame, in one short write."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists linkage")
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"create or replace table linkage.{name} as select * from frame")
            con.unregister("frame")
