"""Score, cluster and identify: records in, `linkage.*` tables out (dbt sources).

Splink works in its own in-memory DuckDB; results are written back to the
build warehouse in one short write.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker
from splink.clustering import cluster_pairwise_predictions_at_threshold

from matching import spec


def link_records(records: pd.DataFrame, model_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (record -> cluster, with evidence) and every scored candidate pair.

    Cluster ids are Splink's and change from night to night; the registry
    (matching/registry.py) turns them into durable person_ids.
    """
    db_api = DuckDBAPI()
    model = json.loads(model_path.read_text())
    linker = Linker(db_api.register(records, dataset_display_name="records"), model)
    predicted = linker.inference.predict(threshold_match_probability=spec.MATCH_THRESHOLD / 10)
    pairs = predicted.as_pandas_dataframe().rename(
        columns={"record_id_l": "record_id_left", "record_id_r": "record_id_right"})
    pairs = pairs[["record_id_left", "record_id_right", "match_weight", "match_probability"]]
    pairs = pairs.assign(excluded_by=exclusion_rules(pairs, records))
    linked = pairs[(pairs.match_probability >= spec.MATCH_THRESHOLD) & pairs.excluded_by.isna()]

    clusters = cluster_pairwise_predictions_at_threshold(
        records[["record_id"]], linked, DuckDBAPI(), "record_id", "record_id_left",
        "record_id_right", threshold_match_probability=spec.MATCH_THRESHOLD,
    ).as_pandas_dataframe()[["record_id", "cluster_id"]]

    best = pd.concat([
        linked[["record_id_left", "match_probability"]].rename(columns={"record_id_left": "record_id"}),
        linked[["record_id_right", "match_probability"]].rename(columns={"record_id_right": "record_id"}),
    ]).groupby("record_id").match_probability.agg(["max", "count"])
    out = clusters.join(best, on="record_id")
    out = out.rename(columns={"max": "best_match_probability", "count": "n_links"})
    out["n_links"] = out["n_links"].fillna(0).astype(int)
    out["link_method"] = out["n_links"].map(lambda n: "probabilistic" if n else "unlinked")
    return out, pairs


def exclusion_rules(pairs: pd.DataFrame, records: pd.DataFrame) -> pd.Series:
    """Name the rule that forbids a pair from linking, or None.

    `same_family_different_first_name`: a DCFS case or FEP household lists each
    member once, so two records of one program's family group whose first names
    are unalike (no shared nickname form, Jaro-Winkler below 0.8) are siblings,
    most often twins, however well surname, birth date and address agree.
    Fellegi-Sunter cannot learn this: random pairs are almost never on one case.
    """
    with duckdb.connect() as con:
        con.register("pairs", pairs[["record_id_left", "record_id_right"]].assign(
            position=range(len(pairs))))
        con.register("records", records[["record_id", "program", "group_id", "first_name_std",
                                         "name_forms"]])
        flags = con.execute(spec.EXCLUSION_SQL).df()
    return pd.Series(flags.excluded_by.to_numpy(), index=pairs.index)


def write_linkage(warehouse: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace `linkage.<name>` with each frame, in one short write."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists linkage")
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"create or replace table linkage.{name} as select * from frame")
            con.unregister("frame")
