"""The nightly linkage quality report: one HTML page a program lead can read, no PII.

What it shows: match-weight distribution against the threshold, cluster
sizes, persons linked across each program pair, records with no match, drift
against the previous night (a sudden fall in a program's match rate usually
means a broken extract, not a changed population), the clerical review and the
model's agreement with reviewers' decisions, the model's own estimate of precision and
recall and the one from reviewers' decisions (matching/accuracy.py), and beside it
Splink's chart of the match weights. Accuracy against generated truth is not part of a
night: `crosswalk evaluate` reports it.

Every figure comes from a mart (`marts.linkage_*`, `marts.program_overlap`); this
module selects them and lays them out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from crosswalk import html
from matching import spec

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ReportMarts:
    run: dict  # marts.linkage_runs, tonight's row
    drift: pd.DataFrame  # marts.linkage_drift
    overlap: pd.DataFrame  # marts.program_overlap
    weights: pd.DataFrame  # marts.linkage_weight_distribution
    cluster_sizes: pd.DataFrame  # marts.linkage_cluster_sizes
    refusals: pd.DataFrame  # marts.linkage_refusals
    review: pd.DataFrame  # marts.linkage_review_outcomes


def read_marts(warehouse: Path) -> ReportMarts:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        def frame(mart: str, order: str) -> pd.DataFrame:
            return con.execute(f"select * from marts.{mart} order by {order}").df()

        return ReportMarts(
            run=frame("linkage_runs", "extract_date").iloc[0].to_dict(),
            drift=frame("linkage_drift", "program"),
            overlap=frame("program_overlap", "program_a, program_b"),
            weights=frame("linkage_weight_distribution", "weight_from"),
            cluster_sizes=frame("linkage_cluster_sizes", "records_per_person"),
            refusals=frame("linkage_refusals", "pairs desc, refused_by"),
            review=frame("linkage_review_outcomes", "status"),
        )


def bar_widths(counts: pd.Series) -> list[float]:
    """Each count as a share of the largest, in percent: the bar's width."""
    peak = max(counts.max(), 1) if len(counts) else 1
    return [100 * n / peak for n in counts]


def overlap_matrix(overlap: pd.DataFrame) -> pd.DataFrame:
    """program_overlap laid out as rows a, columns b; the diagonal: persons active in a."""
    matrix = overlap.pivot(index="program_a", columns="program_b",
                           values="persons_also_active_in_b")
    for program, active in overlap.groupby("program_a").persons_active_in_a.max().items():
        matrix.loc[program, program] = active
    return matrix.fillna(0).astype(int)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows for the template, a missing value as None (pandas reads SQL nulls as NaN)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def threshold_weight() -> float:
    p = spec.MATCH_THRESHOLD
    return math.log2(p / (1 - p))


def write_match_weights_chart(model_path: Path, records: int, out: Path) -> Path:
    """Splink's chart of the model's match weights, each comparison level's: what every
    kind of agreement is worth, against the prior for tonight's `records`. Its libraries
    are inlined, so it opens offline."""
    from splink import DuckDBAPI

    from matching.prepare import add_name_forms
    from matching.score import load_model, model_linker

    # The chart reads the model only; the linker still wants a table of the right columns.
    empty = add_name_forms(pd.DataFrame({c: pd.Series(dtype="object") for c in spec.INPUT_COLUMNS}))
    linker = model_linker(load_model(model_path, records), DuckDBAPI(), empty)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(linker.visualisations.match_weights_chart().to_html(inline=True), encoding="utf-8")
    return out


def write_report(marts: ReportMarts, extract_date: str, out: Path) -> Path:
    applied = marts.review[marts.review.status == "applied"]
    context = {
        "extract_date": extract_date,
        "run": marts.run,
        "threshold": spec.MATCH_THRESHOLD,
        "threshold_weight": threshold_weight(),
        "review_band": spec.REVIEW_BAND,
        "weights": marts.weights.assign(width=bar_widths(marts.weights.pairs)).to_dict("records"),
        "cluster_sizes": marts.cluster_sizes.assign(
            width=bar_widths(marts.cluster_sizes.persons)).to_dict("records"),
        "program_links": overlap_matrix(marts.overlap),
        "drift": records(marts.drift),
        "previous_date": next((str(d)[:10] for d in marts.drift.previous_extract_date
                               if pd.notna(d)), None),
        "refusals": marts.refusals.to_dict("records"),
        "review": marts.review.to_dict("records"),
        "agreement": records(applied)[0] if len(applied) else None,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html.environment(TEMPLATES).get_template("linkage_quality.html").render(**context),
                   encoding="utf-8")
    return out
