"""`make bench`: accuracy and timings of the whole night, and of plain Splink, on generated sets.

For each size: generate the drops, run the nightly DAG (saved model), score
`person_crosswalk` and `program_overlap` against the truth, then train and
run the plain Splink baseline on the same parsed rosters. Results go to
`bench/results/results.json` and a table in `bench/results/results.md`.
"""

from __future__ import annotations

import json
import os
import resource
import time
from datetime import date
from pathlib import Path

import pandas as pd

from crosswalk.evaluation import evaluate_run, read_truth
from crosswalk.settings import REPO_ROOT, get_paths
from matching.evaluate import score_pairs

RESULTS_DIR = REPO_ROOT / "bench" / "results"
BENCH_DATE = date(2026, 11, 21)


def bench_size(people: int, data_dir: Path) -> dict:
    from crosswalk.orchestration import run_dag
    from crosswalk.synth import GenerationConfig, generate_extracts
    from matching.baseline import link_plainly, read_plain_records

    os.environ["CROSSWALK_DATA_DIR"] = str(data_dir)
    paths = get_paths()
    started = time.perf_counter()
    generate_extracts(GenerationConfig(people=people, seed=42, extract_date=BENCH_DATE), paths)
    generated = time.perf_counter()
    if run_dag(paths, BENCH_DATE) != "success":
        raise RuntimeError(f"nightly run failed at {people:,} people; see {paths.airflow_home}")
    ran = time.perf_counter()
    ours = evaluate_run(paths, BENCH_DATE)

    truth = read_truth(paths, BENCH_DATE)
    truth["record_id"] = truth.program + ":" + truth.client_id
    plain_started = time.perf_counter()
    plain = score_pairs(link_plainly(read_plain_records(paths.published_warehouse)),
                        truth[["record_id", "true_person_id"]])
    plain_done = time.perf_counter()

    def scores(s):
        return {"precision": round(s.precision, 5), "recall": round(s.recall, 5),
                "f1": round(s.f1, 5), "false_positives": s.false_positives,
                "false_negatives": s.false_negatives, "errors": s.false_positives + s.false_negatives}

    return {
        "people": people, "roster_records": len(truth),
        "crosswalk": {**scores(ours.pairwise),
                      "max_overlap_error_points": round(ours.max_overlap_error_points, 3)},
        "plain_splink": scores(plain),
        "seconds": {"generate": round(generated - started, 1),
                    "nightly_run": round(ran - generated, 1),
                    "plain_splink_train_and_link": round(plain_done - plain_started, 1)},
    }


def run_benchmark(sizes: list[int], work_dir: Path) -> Path:
    results = [bench_size(n, work_dir / f"people_{n}") for n in sizes]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    doc = {"date_run": time.strftime("%Y-%m-%d"), "peak_rss_mb": round(peak_mb), "sizes": results}
    (RESULTS_DIR / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    rows = [{
        "people": r["people"], "records": r["roster_records"],
        "crosswalk P/R/F1": f"{r['crosswalk']['precision']:.4f} / {r['crosswalk']['recall']:.4f} / "
                            f"{r['crosswalk']['f1']:.4f}",
        "plain P/R/F1": f"{r['plain_splink']['precision']:.4f} / {r['plain_splink']['recall']:.4f} / "
                        f"{r['plain_splink']['f1']:.4f}",
        "errors crosswalk vs plain": f"{r['crosswalk']['errors']} vs {r['plain_splink']['errors']}",
        "overlap error (pts)": r["crosswalk"]["max_overlap_error_points"],
        "night (s)": r["seconds"]["nightly_run"],
    } for r in results]
    table = pd.DataFrame(rows).to_markdown(index=False)
    (RESULTS_DIR / "results.md").write_text(
        f"# Benchmark ({doc['date_run']}, peak RSS {doc['peak_rss_mb']} MB)\n\n{table}\n")
    return RESULTS_DIR / "results.json"

