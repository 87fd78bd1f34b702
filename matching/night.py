"""matching's one entry point for a night: the build warehouse's records in, the night's
linkage out.

`link_night` reads the matching input and the reviewers' decisions, scores, clusters,
gives durable person_ids, finds each applicant's person and lists the pairs for clerical
review, building on the state
of the night before (a folder the caller's state store gives). `save_night` writes the
state the next night builds on; `write_night` the `linkage.*` tables dbt reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from matching.accuracy import estimate_night
from matching.applicants import identify_applicants, read_applicants
from matching.link import Linked, link_records, write_linkage
from matching.prepare import read_records
from matching.registry import Identified, identify, write_registry
from matching.review import build_queue, read_decisions
from matching.score import load_model, write_scores


@dataclass(frozen=True)
class NightLinkage:
    linked: Linked
    identified: Identified
    review_queue: pd.DataFrame
    applicants: pd.DataFrame  # each application's person_id, or none
    decisions_audit: pd.DataFrame  # every decision row read, applied or why not
    summary: dict  # linkage.link_runs: tonight's one row

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {"record_persons": self.identified.links, "scored_pairs": self.linked.pairs,
                "person_registry": self.identified.persons,
                "person_events": self.identified.events,
                "previous_record_persons": self.identified.previous,
                "review_decisions": self.decisions_audit, "review_queue": self.review_queue,
                "applicant_persons": self.applicants,
                "link_runs": pd.DataFrame([self.summary])}


def link_night(warehouse: Path, model_path: Path, previous: Path | None, decisions: Path,
               extract_date: str, registry: Path | None = None,
               issued_at_least: int = 0, published: Path | None = None) -> NightLinkage:
    """`previous`: the state of the night before; `registry`: the state whose person_ids
    tonight takes (the newest night processed; see `identify`); `published`: this night's
    own state from its last run, if any; `decisions`: the folder of
    reviewers' decision files (any not naming tonight's records are kept, audited, and not
    applied)."""
    records = read_records(warehouse)
    reviewed = read_decisions(decisions, set(records.record_id))
    linked = link_records(records, model_path, previous, reviewed.decisions)
    identified = identify(linked.clusters, previous, extract_date, registry, issued_at_least,
                          published)
    queue = build_queue(linked.pairs, records, reviewed.decisions)
    applicants = identify_applicants(read_applicants(warehouse), records, identified.links,
                                     load_model(model_path, len(records)))
    accuracy = estimate_night(records, identified.links, linked.pairs, model_path,
                              reviewed.decisions, reviewed.sampled)
    summary = {
        "extract_date": extract_date, "scoring": linked.scored.mode,
        "records": len(identified.links), "records_scored": linked.scored.records_scored,
        "pairs_kept": len(linked.pairs), "links": int(linked.pairs.is_linked.sum()),
        "persons": identified.links.person_id.nunique(), "review_queue": len(queue),
        "decisions_applied": int((reviewed.audit.status == "applied").sum()),
        "applications": len(applicants),
        "applicants_identified": int(applicants.person_id.notna().sum()),
        **accuracy,
    }
    return NightLinkage(linked, identified, queue, applicants, reviewed.audit, summary)


def save_night(night: NightLinkage, folder: Path) -> None:
    """The registry and the scores, together: the next night reads both from one folder."""
    write_registry(night.identified, folder)
    write_scores(night.linked.scored, folder)


def write_night(night: NightLinkage, warehouse: Path) -> None:
    """`linkage.*` into the secure build file, the review queue among them (the reviewers'
    CSV and XLSX copies are the caller's to lay out)."""
    write_linkage(warehouse, night.tables)
