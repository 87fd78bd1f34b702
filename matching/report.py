"""The nightly linkage quality report: one HTML page a program lead can read, no PII.

What it shows: match-weight distribution against the threshold, cluster
sizes, persons linked across each program pair, records with no match, drift
against the previous night (a sudden fall in a program's match rate usually
means a broken extract, not a changed population), the clerical review and the
model's agreement with reviewers' decisions. Accuracy against generated truth is
not part of a night: `crosswalk evaluate` reports it.

Each night's metrics are kept in the state store (`report`) so the next night can
compare.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from matching import spec

TEMPLATES = Path(__file__).parent / "templates"
# A program whose match rate falls by more than this many points since the last night is flagged.
DRIFT_ALERT_POINTS = 5.0
WEIGHT_BIN = 2  # match-weight histogram bin width


@dataclass(frozen=True)
class ReportInputs:
    crosswalk: pd.DataFrame  # program, client_id, person_id, n_links
    pairs: pd.DataFrame  # linkage.scored_pairs
    run: dict  # linkage.link_runs, tonight's row
    decisions: pd.DataFrame  # linkage.review_decisions


def read_inputs(warehouse: Path) -> ReportInputs:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        crosswalk = con.execute("select program, client_id, person_id, n_links "
                                "from marts.person_crosswalk").df()
        pairs = con.execute("select * from linkage.scored_pairs").df()
        run = con.execute("select * from linkage.link_runs").df().iloc[0].to_dict()
        decisions = con.execute("select * from linkage.review_decisions").df()
    return ReportInputs(crosswalk, pairs, run, decisions)


def weight_histogram(pairs: pd.DataFrame) -> list[dict]:
    bins = (pairs.match_weight // WEIGHT_BIN * WEIGHT_BIN).astype(int)
    counts = bins.value_counts().sort_index()
    peak = max(counts.max(), 1) if len(counts) else 1
    return [{"label": f"{b} to {b + WEIGHT_BIN}", "count": int(n), "width": 100 * n / peak,
             "linked": b >= threshold_weight()} for b, n in counts.items()]


def threshold_weight() -> float:
    p = spec.MATCH_THRESHOLD
    return math.log2(p / (1 - p))


def cluster_sizes(crosswalk: pd.DataFrame) -> list[dict]:
    sizes = crosswalk.groupby("person_id").size().clip(upper=6)
    counts = sizes.value_counts().sort_index()
    peak = max(counts.max(), 1)
    return [{"label": "6 or more" if s == 6 else str(s), "persons": int(n), "width": 100 * n / peak}
            for s, n in counts.items()]


def program_links(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Persons with records in both programs of each pair (rows and columns: programs)."""
    programs = sorted(crosswalk.program.unique())
    by_person = crosswalk.groupby("person_id").program.agg(set)
    table = pd.DataFrame(0, index=programs, columns=programs)
    for present in by_person:
        for a in present:
            table.loc[a, a] += 1
        for a, b in combinations(sorted(present), 2):
            table.loc[a, b] += 1
            table.loc[b, a] += 1
    return table


def match_rates(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Per program: records, records linked to another, the share, and records with no match."""
    sizes = crosswalk.groupby("person_id").size()
    linked = crosswalk.person_id.map(sizes) > 1
    rates = crosswalk.assign(linked=linked).groupby("program").linked.agg(["size", "sum"])
    rates.columns = ["records", "linked"]
    rates["unmatched"] = rates.records - rates.linked
    rates["match_rate"] = rates.linked / rates.records
    return rates.reset_index()


def previous_metrics(store, before: str) -> dict | None:
    """The metrics of the night before, from the state store (`report` kind)."""
    folder = store.before("report", before)
    return json.loads((folder / "metrics.json").read_text()) if folder else None


def drift(rates: pd.DataFrame, previous: dict | None) -> list[dict]:
    rows = []
    before = (previous or {}).get("match_rate", {})
    for r in rates.itertuples():
        last = before.get(r.program)
        change = None if last is None else 100 * (r.match_rate - last)
        rows.append({"program": r.program, "tonight": r.match_rate, "previous": last,
                     "change_points": change,
                     "alert": change is not None and change < -DRIFT_ALERT_POINTS})
    return rows


def reviewer_agreement(pairs: pd.DataFrame, decisions: pd.DataFrame) -> dict | None:
    """How often the model alone (score at or above the threshold) agreed with reviewers."""
    applied = decisions[decisions.status == "applied"]
    if applied.empty:
        return None
    key = pairs.set_index(["record_id_left", "record_id_right"]).match_probability
    agreed = total = 0
    for left, right, decision in zip(applied.record_id_left, applied.record_id_right,
                                     applied.decision, strict=True):
        a, b = sorted((left, right))
        model_says_link = key.get((a, b), 0.0) >= spec.MATCH_THRESHOLD
        agreed += model_says_link == (decision == "MUST_LINK")
        total += 1
    return {"decisions": total, "agreed": agreed, "share": agreed / total}


def write_report(inputs: ReportInputs, extract_date: str, store, out: Path) -> Path:
    """Render the page to `out` and keep tonight's metrics for tomorrow's drift check."""
    rates = match_rates(inputs.crosswalk)
    previous = previous_metrics(store, extract_date)
    context = {
        "extract_date": extract_date,
        "run": inputs.run,
        "threshold": spec.MATCH_THRESHOLD,
        "threshold_weight": threshold_weight(),
        "review_band": spec.REVIEW_BAND,
        "histogram": weight_histogram(inputs.pairs),
        "cluster_sizes": cluster_sizes(inputs.crosswalk),
        "program_links": program_links(inputs.crosswalk),
        "rates": rates.to_dict("records"),
        "drift": drift(rates, previous),
        "previous_date": (previous or {}).get("extract_date"),
        "refused": inputs.pairs.excluded_by.value_counts().to_dict(),
        "decisions": inputs.decisions.status.value_counts().to_dict(),
        "agreement": reviewer_agreement(inputs.pairs, inputs.decisions),
    }
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(environment.get_template("linkage_quality.html").render(**context),
                   encoding="utf-8")

    metrics = {"extract_date": extract_date,
               "match_rate": dict(zip(rates.program, rates.match_rate, strict=True)),
               **{k: v for k, v in inputs.run.items() if k != "extract_date"}}
    with store.write_for("report", extract_date) as folder:
        (folder / "metrics.json").write_text(json.dumps(metrics, indent=2, default=str))
    return out
