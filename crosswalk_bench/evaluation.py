"""Score a published run against the generator's truth: linkage, overlap and guardian accuracy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from crosswalk.settings import Paths
from crosswalk_bench.scores import PairwiseScores, score_pairs


@dataclass(frozen=True)
class GuardianScores:
    """JJS guardians named on a youth's record whose true person is on some roster."""

    findable: int
    resolved: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.resolved if self.resolved else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.findable if self.findable else 1.0


@dataclass
class RunEvaluation:
    pairwise: PairwiseScores
    overlap: pd.DataFrame  # program_a, program_b, share, true_share, error_points
    guardians: GuardianScores

    @property
    def max_overlap_error_points(self) -> float:
        return float(self.overlap.error_points.abs().max())

    def render(self) -> str:
        p = self.pairwise
        return (f"pairwise precision {p.precision:.4f}  recall {p.recall:.4f}  F1 {p.f1:.4f}  "
                f"(TP {p.true_positives:,}, FP {p.false_positives:,}, FN {p.false_negatives:,})\n"
                f"largest program_overlap error: {self.max_overlap_error_points:.2f} points\n"
                f"JJS guardians resolved: precision {self.guardians.precision:.4f}  recall "
                f"{self.guardians.recall:.4f} (of {self.guardians.findable:,} on some roster)")


def read_truth(paths: Paths, extract_date: date) -> pd.DataFrame:
    truth = pd.read_csv(paths.truth_dir / extract_date.isoformat() / "records.csv",
                        dtype={"client_id": str, "true_person_id": str,
                               "true_guardian_person_id": str})
    truth["is_active"] = truth.is_active.astype(str) == "True"
    return truth


def true_overlap(truth: pd.DataFrame) -> pd.DataFrame:
    active = truth[truth.is_active][["program", "true_person_id"]].drop_duplicates()
    pairs = active.merge(active, on="true_person_id", suffixes=("_a", "_b"))
    both = pairs[pairs.program_a != pairs.program_b].groupby(["program_a", "program_b"]).size()
    sizes = active.groupby("program").size()
    rows = [{"program_a": a, "program_b": b, "true_share": both.get((a, b), 0) / sizes[a]}
            for a in sizes.index for b in sizes.index if a != b]
    return pd.DataFrame(rows)


def evaluate_run(paths: Paths, extract_date: date) -> RunEvaluation:
    truth = read_truth(paths, extract_date)
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        predicted = con.execute(
            "select program || ':' || client_id as record_id, person_id "
            "from marts.person_crosswalk").df()
        overlap = con.execute("select program_a, program_b, share from marts.program_overlap").df()
    with duckdb.connect(str(paths.secure_warehouse), read_only=True) as con:  # names: PII
        guardians = con.execute("select client_id, guardian_person_id "
                                "from intermediate.int_jjs_guardians_resolved").df()
    truth["record_id"] = truth.program + ":" + truth.client_id
    scores = score_pairs(predicted, truth[["record_id", "true_person_id"]])
    overlap = overlap.merge(true_overlap(truth), on=["program_a", "program_b"])
    overlap["error_points"] = (overlap.share - overlap.true_share) * 100
    return RunEvaluation(scores, overlap, score_guardians(truth, predicted, guardians))


def score_guardians(truth: pd.DataFrame, predicted: pd.DataFrame,
                    guardians: pd.DataFrame) -> GuardianScores:
    """A resolved guardian is correct when its person holds a record of the true guardian."""
    persons_of = (truth.merge(predicted, on="record_id")
                  .groupby("true_person_id").person_id.agg(set).to_dict())
    named = truth[(truth.program == "jjs") & truth.true_guardian_person_id.notna()]
    named = named.merge(guardians, on="client_id", how="left")
    findable = named[named.true_guardian_person_id.isin(persons_of)]
    resolved = named[named.guardian_person_id.notna()]
    correct = sum(pid in persons_of.get(true, set()) for pid, true in
                  zip(resolved.guardian_person_id, resolved.true_guardian_person_id, strict=True))
    return GuardianScores(len(findable), len(resolved), correct)
