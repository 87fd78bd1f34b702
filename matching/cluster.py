"""Clustering that honours cannot-link rules and reviewers' decisions.

Splink's connected components link everything reachable: one strong pair
between twins' records in two programs chains two people into one. Here links
are added one at a time, strongest first, and a link that would put into one
cluster two records a rule (matching/spec.py, `cannot_link`, by default) or a
reviewer says are different people is refused, and so is a link through a record
with little identifying information that would join two clusters each holding an
informative record. Reviewed must-links go in first and beat the rules; a reviewed
cannot-link beats everything.

The result depends only on the set of links, not on their order of arrival,
so an incremental night that reuses stored scores gives the same partition
as a full re-link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from matching import spec


@dataclass
class Decisions:
    """Reviewed pairs: (record_id, record_id) sorted, per decision."""

    must_link: set[tuple[str, str]] = field(default_factory=set)
    cannot_link: set[tuple[str, str]] = field(default_factory=set)


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class _Components:
    """Union-find that keeps each component's members, to check rules across a merge."""

    def __init__(self, record_ids):
        self.parent = {r: r for r in record_ids}
        self.members = {r: [r] for r in record_ids}

    def find(self, r: str) -> str:
        root = r
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[r] != root:
            self.parent[r], r = root, self.parent[r]
        return root

    def union(self, a: str, b: str) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] += self.members.pop(b)


def cluster_records(
    records: pd.DataFrame, links: pd.DataFrame, decisions: Decisions | None = None,
    rule: Callable[[dict, dict], str | None] = spec.cannot_link,
    low_information: Callable[[dict], bool] | None = spec.is_low_information,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster records given links (record_id_left, record_id_right, match_probability).

    `rule(a, b)` names why two records cannot be one person, or returns None;
    `low_information(record)` says a record may not bridge two people (None: any may).
    Returns (record_id, cluster_id) with cluster_id the smallest record id of
    its cluster, and the links refused, with the rule that refused each.
    """
    decisions = decisions or Decisions()
    known = set(records.record_id)
    must = sorted(p for p in decisions.must_link if p[0] in known and p[1] in known)
    by_id = rule_inputs(records, set(links.record_id_left) | set(links.record_id_right)
                        | {r for pair in must for r in pair})
    components = _Components(records.record_id)
    ordered = links.sort_values(["match_probability", "record_id_left", "record_id_right"],
                                ascending=[False, True, True])
    candidates = [(a, b, True) for a, b in must] + [
        (a, b, False) for a, b in zip(ordered.record_id_left, ordered.record_id_right, strict=True)]

    refused = []
    for a, b, reviewed in candidates:
        root_a, root_b = components.find(a), components.find(b)
        if root_a == root_b:
            continue
        conflict = _conflict(components.members[root_a], components.members[root_b], by_id,
                             decisions.cannot_link, None if reviewed else rule)
        if (not conflict and not reviewed and low_information
                and _bridges(a, b, components.members[root_a], components.members[root_b], by_id,
                             low_information)):
            conflict = "bridge_through_low_information_record"
        if conflict:
            refused.append((a, b, conflict))
        else:
            components.union(root_a, root_b)

    # A refused link whose records were joined later by other links was not, in the end, refused.
    refused = [(a, b, why) for a, b, why in refused if components.find(a) != components.find(b)]
    clusters = pd.DataFrame({"record_id": records.record_id})
    roots = {root: min(members) for root, members in components.members.items()}
    clusters["cluster_id"] = [roots[components.find(r)] for r in clusters.record_id]
    return clusters, pd.DataFrame(refused, columns=["record_id_left", "record_id_right", "refused_by"])


def _bridges(a: str, b: str, left: list[str], right: list[str], by_id: dict,
             low_information: Callable[[dict], bool]) -> bool:
    """The link joins two clusters that each hold an informative record, through a record
    that carries little identifying information."""
    if not (low_information(by_id[a]) or low_information(by_id[b])):
        return False
    return (any(not low_information(by_id[r]) for r in left)
            and any(not low_information(by_id[r]) for r in right))


def rule_inputs(records: pd.DataFrame, record_ids: set[str]) -> dict[str, dict]:
    """record_id -> the fields rules read, for the records some link touches (not all of them)."""
    wanted = records[records.record_id.isin(record_ids)]
    return dict(zip(wanted.record_id, wanted.to_dict("records"), strict=True))


def _conflict(left: list[str], right: list[str], by_id: dict, cannot_link: set[tuple[str, str]],
              rule: Callable[[dict, dict], str | None] | None) -> str | None:
    """Why no record of `left` may share a person with one of `right`: a review first, then a rule."""
    if any(pair_key(a, b) in cannot_link for a in left for b in right):
        return "reviewed_cannot_link"
    if rule:
        for a in left:
            for b in right:
                found = rule(by_id[a], by_id[b])
                if found:
                    return found
    return None
