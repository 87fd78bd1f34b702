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

from matching import spec


def read_records(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = ", ".join(spec.INPUT_COLUMNS)
        return con.execute(
            f"select {columns} from intermediate.int_person_records_unioned order by record_id"
        ).df()


def link_records(records: pd.DataFrame, model_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (record -> cluster, with evidence) and every scored candidate pair.

    Cluster ids are Splink's and change from night to night; the registry
    (matching/registry.py) turns them into durable person_ids.
    """
    db_api = DuckDBAPI()
    model = json.loads(model_path.read_text())
    linker = Linker(db_api.register(records, dataset_display_name="records"), model)
    pairs = linker.inference.predict(threshold_match_probability=spec.MATCH_THRESHOLD / 10)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=spec.MATCH_THRESHOLD)
    pairs_df = pairs.as_pandas_dataframe()
    clusters_df = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]

    pairs_df = pairs_df.rename(columns={"record_id_l": "record_id_left",
                                        "record_id_r": "record_id_right"})
    pairs_df = pairs_df[["record_id_left", "record_id_right", "match_weight", "match_probability"]]
    linked = pairs_df[pairs_df.match_probability >= spec.MATCH_THRESHOLD]
    best = pd.concat([
        linked[["record_id_left", "match_probability"]].rename(columns={"record_id_left": "record_id"}),
        linked[["record_id_right", "match_probability"]].rename(columns={"record_id_right": "record_id"}),
    ]).groupby("record_id").match_probability.agg(["max", "count"])

    out = clusters_df.join(best, on="record_id")
    out = out.rename(columns={"max": "best_match_probability", "count": "n_links"})
    out["n_links"] = out["n_links"].fillna(0).astype(int)
    out["link_method"] = out["n_links"].map(lambda n: "probabilistic" if n else "unlinked")
    return out, pairs_df


def write_linkage(warehouse: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace `linkage.<name>` with each frame, in one short write."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists linkage")
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"create or replace table linkage.{name} as select * from frame")
            con.unregister("frame")
