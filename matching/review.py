"""Clerical review: a nightly queue of uncertain pairs, and reviewers' decisions read back.

Queue: pairs the model is unsure of (`spec.REVIEW_BAND`), confident pairs a rule refused,
and a small audit sample of the pairs it is sure of either way (`spec.CLERICAL_STRATA`: the
decisions are also the sample of matching/accuracy.py's clerical estimate), each with the
two records side by side and which fields agree,
written to `review/<extract_date>/review_queue.{csv,xlsx}` by crosswalk.spreadsheet (secure: it holds
PII). A reviewer fills `decision` with MUST_LINK or CANNOT_LINK and drops the
file (or any CSV/XLSX with the columns `record_id_left`, `record_id_right`,
`decision`) into `review/decisions/`.

Every night reads every decisions file (in name order; a later row about the
same pair wins), validates each row, and reports each as applied, superseded
or rejected with its reason in `linkage.review_decisions`. Applied decisions
beat the model and the rules in clustering (matching/cluster.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity

from matching import spec
from matching.cluster import Decisions, pair_key

DECISIONS = ("MUST_LINK", "CANNOT_LINK")
DECISION_COLUMNS = ["file", "row", "record_id_left", "record_id_right", "decision", "reviewer",
                    "note", "why_review", "status", "reason"]
# Why the queue listed a pair. A decision made on a queue row of the first two kinds is a
# sampled decision (the band is queued whole, the audit pairs at random): the clerical
# estimate stands on those only; any other decision is a known outcome, not a sample.
UNCERTAIN, AUDIT, REFUSED = "uncertain score", "audit sample", "refused by rule"
SAMPLED = (UNCERTAIN, AUDIT)
# Record fields shown side by side, with the column name reviewers see.
SHOWN = {"program": "program", "client_id": "client_id", "first_name_std": "first_name",
         "last_name_std": "last_name", "preferred_name_std": "preferred_name",
         "alias_names_std": "aliases", "birth_date": "birth_date", "ssn": "ssn",
         "gender": "gender", "zip": "zip", "group_id": "case_or_household"}


@dataclass(frozen=True)
class ReadDecisions:
    decisions: Decisions
    audit: pd.DataFrame  # DECISION_COLUMNS, one row per row read
    sampled: frozenset[tuple[str, str]]  # applied decisions made on a band or audit queue row


def _read_file(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=str, sheet_name=0)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_decisions(folder: Path, known_records: set[str]) -> ReadDecisions:
    """Every reviewed decision in `folder`; the latest about a pair wins."""
    rows: list[dict] = []
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in (".csv", ".xlsx") or path.name.startswith("~$"):
            continue
        frame = _read_file(path).fillna("")
        missing = {"record_id_left", "record_id_right", "decision"} - set(frame.columns)
        if missing:
            rows.append({"file": path.name, "row": None, "status": "rejected",
                         "reason": f"missing column(s): {', '.join(sorted(missing))}"})
            continue
        for line, item in enumerate(frame.to_dict("records"), start=2):  # line 1 is the header
            decision = str(item["decision"]).strip().upper()
            if not decision:
                continue  # a queue row nobody has decided yet
            row = {"file": path.name, "row": line,
                   "record_id_left": str(item["record_id_left"]).strip(),
                   "record_id_right": str(item["record_id_right"]).strip(),
                   "decision": decision, "reviewer": str(item.get("reviewer", "")).strip(),
                   "note": str(item.get("note", "")).strip(),
                   "why_review": str(item.get("why_review", "")).strip(),
                   "status": "applied", "reason": ""}
            unknown = [r for r in (row["record_id_left"], row["record_id_right"])
                       if r not in known_records]
            if decision not in DECISIONS:
                row.update(status="rejected", reason=f"decision must be one of {', '.join(DECISIONS)}")
            elif row["record_id_left"] == row["record_id_right"]:
                row.update(status="rejected", reason="a record paired with itself")
            elif unknown:
                # Kept, not applied: the record may return in a later roster.
                row.update(status="not_in_rosters", reason=f"not in tonight's rosters: {', '.join(unknown)}")
            rows.append(row)

    # Typed, so a night without decisions still has text columns in the warehouse.
    audit = pd.DataFrame(rows, columns=DECISION_COLUMNS).astype("string")
    audit["row"] = pd.to_numeric(audit["row"]).astype("Int64")
    decisions, sampled = Decisions(), set()
    latest: dict[tuple[str, str], int] = {}
    for index, row in audit.iterrows():
        if row.status in ("applied", "not_in_rosters"):
            key = pair_key(row.record_id_left, row.record_id_right)
            if key in latest:
                audit.loc[latest[key], ["status", "reason"]] = [
                    "superseded", f"a later decision: {row.file} row {row.row}"]
            latest[key] = index
    for key, index in latest.items():
        if audit.at[index, "status"] == "applied":
            target = (decisions.must_link if audit.at[index, "decision"] == "MUST_LINK"
                      else decisions.cannot_link)
            target.add(key)
            if str(audit.at[index, "why_review"]).startswith(SAMPLED):
                sampled.add(key)
    return ReadDecisions(decisions, audit, frozenset(sampled))


def _agreement(a, b, similar) -> str:
    if pd.isna(a) or pd.isna(b):
        return "missing"
    if a == b:
        return "same"
    return "close" if similar(str(a), str(b)) else "differs"


def _name_close(a: str, b: str) -> bool:
    return jaro_winkler_similarity(a, b) >= spec.REVIEW_NAME_CLOSE


def _digits_close(a: str, b: str) -> bool:
    return damerau_levenshtein_distance(a, b) <= spec.REVIEW_DIGITS_CLOSE


def _audit_sample(pairs: pd.DataFrame, per_stratum: int) -> pd.Series:
    """Up to `per_stratum` pairs no rule refused from each stratum outside the band, drawn
    at random (the same draw for the same night), each labelled with its stratum."""
    low, high = spec.REVIEW_BAND
    stratum = spec.clerical_stratum(pairs.match_probability)
    open_pairs = pairs.excluded_by.isna() & ~pairs.match_probability.between(low, high, inclusive="left")
    drawn = (pairs[open_pairs].groupby(stratum[open_pairs], observed=True, group_keys=False)
             .apply(lambda g: g.sample(min(per_stratum, len(g)), random_state=spec.SEED)))
    return pd.Series({i: f"{AUDIT} (p {stratum[i].left:g} to {min(stratum[i].right, 1):g})"
                      for i in drawn.index}, dtype="string")


def build_queue(pairs: pd.DataFrame, records: pd.DataFrame, decisions: Decisions,
                audit_per_stratum: int = spec.AUDIT_PAIRS_PER_STRATUM) -> pd.DataFrame:
    """Pairs for a reviewer, undecided only: uncertain ones, confident ones a rule refused,
    and an audit sample of the rest (matching/accuracy.py reads decisions as a sample)."""
    low, high = spec.REVIEW_BAND
    decided = decisions.must_link | decisions.cannot_link
    pairs = pairs[~pd.Series(
        [(a, b) in decided for a, b in zip(pairs.record_id_left, pairs.record_id_right, strict=True)],
        index=pairs.index)]
    uncertain = pairs.match_probability.between(low, high, inclusive="left")
    refused = (pairs.match_probability >= spec.MATCH_THRESHOLD) & pairs.excluded_by.notna() & (
        pairs.excluded_by != "reviewed_cannot_link")
    audit = _audit_sample(pairs, audit_per_stratum)
    queue = pairs[uncertain | refused | pairs.index.isin(audit.index)].copy()
    queue["why_review"] = [
        f"{REFUSED} {rule}" if isinstance(rule, str) else audit.get(i, UNCERTAIN)
        for i, rule in zip(queue.index, queue.excluded_by, strict=True)]
    records = records.assign(client_id=records.record_id.str.split(":", n=1).str[1])
    shown = records[["record_id", *SHOWN]].rename(columns=SHOWN)
    shown["aliases"] = shown.aliases.map(lambda a: "; ".join(a) if a is not None else "")
    shown["birth_date"] = pd.to_datetime(shown.birth_date).dt.strftime("%Y-%m-%d")
    for side in ("left", "right"):
        queue = queue.merge(shown.add_suffix(f"_{side}"), left_on=f"record_id_{side}",
                            right_on=f"record_id_{side}", how="left")
    for field, similar in (("first_name", _name_close), ("last_name", _name_close),
                           ("birth_date", _digits_close), ("ssn", _digits_close),
                           ("gender", lambda a, b: False), ("zip", lambda a, b: False)):
        queue[f"{field}_agrees"] = [
            _agreement(a, b, similar)
            for a, b in zip(queue[f"{field}_left"], queue[f"{field}_right"], strict=True)]
    queue = queue.sort_values("match_probability", ascending=False, ignore_index=True)
    queue["match_probability"] = queue.match_probability.round(4)
    queue["match_weight"] = queue.match_weight.round(2)
    queue[["decision", "reviewer", "note"]] = ""
    first = ["record_id_left", "record_id_right", "match_probability", "match_weight", "why_review"]
    agrees = [c for c in queue.columns if c.endswith("_agrees")]
    sides = [f"{c}_{s}" for c in shown.columns if c != "record_id" for s in ("left", "right")]
    # Text even where a field is empty tonight: linkage.review_queue keeps its declared types.
    queue[sides] = queue[sides].astype("string")
    return queue[first + agrees + sides + ["decision", "reviewer", "note"]]
