"""The person registry: durable person_ids that mean the same person night after night.

Splink gives clusters, not identities (splink#1720): a cluster's id changes
whenever its records do. The registry maps each night's clusters onto the
person_ids already issued:

- a cluster whose records had one person_id keeps it;
- clusters that merge keep the person_id holding most of their records (ties:
  the oldest id); the others are retired and point to the survivor;
- when a person's records split over several clusters, the cluster holding
  most of them keeps the id (ties: the cluster with the smallest record id)
  and the rest get new ids;
- ids come from a counter and are never reused.

The state (every assignment, the persons issued, every event) is written to a
folder by `write_registry` and read back by `read_registry`; the caller's state
store decides which night's folder a night builds on. A rerun of a night from the
same state reproduces the same ids; the warehouse can be rebuilt at any time
without losing them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

ID_FORMAT = "P{:09d}"


@dataclass
class RegistryState:
    """record_id -> person_id (every record ever seen), the persons issued, and the counter."""

    assignments: dict[str, str] = field(default_factory=dict)
    retired_into: dict[str, str] = field(default_factory=dict)  # retired id -> survivor
    issued: int = 0  # ids issued so far: the next is issued + 1


@dataclass(frozen=True)
class Event:
    extract_date: str
    event: str  # created | merged | split
    person_id: str
    other_person_id: str  # merged: the survivor; split: the id the records came from
    records: int


def assign_person_ids(
    clusters: dict[str, list[str]], state: RegistryState, extract_date: str,
    published: dict[str, str] | None = None,
) -> tuple[dict[str, str], RegistryState, list[Event]]:
    """Map tonight's clusters (cluster key -> record ids) to person_ids.

    `published`: the ids this night's records had when this night last ran (a backfill or
    a rerun). A cluster that claims no current id but whose records this night published
    under an id a later night retired by a merge gets that id back, not a new one: a
    backfill does not renumber what it once published.

    Returns record_id -> person_id for tonight's records, the new state and the
    events recorded. The input state is not modified.
    """
    previous = state.assignments
    # Deterministic order: clusters by their smallest record id.
    ordered = sorted((sorted(records) for records in clusters.values()), key=lambda r: r[0])

    # Which cluster claims each old person_id: the one holding most of its records.
    holdings: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for index, records in enumerate(ordered):
        counts = Counter(previous[r] for r in records if r in previous)
        for person_id, n in counts.items():
            holdings[person_id].append((-n, records[0], index))
    claimed_by = {person_id: min(claims)[2] for person_id, claims in holdings.items()}

    new = RegistryState(dict(previous), dict(state.retired_into), state.issued)
    events: list[Event] = []
    tonight: dict[str, str] = {}
    revived: set[str] = set()
    for index, records in enumerate(ordered):
        counts = Counter(previous[r] for r in records if r in previous)
        won = [p for p in counts if claimed_by[p] == index]
        if won:
            survivor = min(won, key=lambda p: (-counts[p], p))
            for loser in sorted(won):
                if loser != survivor:
                    new.retired_into[loser] = survivor
                    events.append(Event(extract_date, "merged", loser, survivor, counts[loser]))
        elif revivable := Counter(
                (published or {})[r] for r in records
                if (published or {}).get(r) in state.retired_into
                and (published or {})[r] not in revived):
            survivor = min(revivable, key=lambda p: (-revivable[p], p))
            revived.add(survivor)
        else:
            new.issued += 1
            survivor = ID_FORMAT.format(new.issued)
            if counts:  # records that used to belong to a person claimed elsewhere
                origin = max(counts, key=lambda p: (counts[p], p))
                events.append(Event(extract_date, "split", survivor, origin, len(records)))
            else:
                events.append(Event(extract_date, "created", survivor, "", len(records)))
        for record in records:
            tonight[record] = survivor
            new.assignments[record] = survivor
    return tonight, new, events


EVENT_COLUMNS = ["extract_date", "event", "person_id", "other_person_id", "records"]


@dataclass(frozen=True)
class Identified:
    links: pd.DataFrame  # tonight's records with person_id in place of cluster_id
    persons: pd.DataFrame  # person_number, person_id, retired_into: every id issued
    events: pd.DataFrame  # every change through tonight, oldest first
    previous: pd.DataFrame  # record_id, person_id as the state built on left them
    state: RegistryState


def read_registry(folder: Path | None) -> tuple[RegistryState, pd.DataFrame]:
    """The state and events a folder holds; a fresh registry where there is none."""
    if folder is None or not (folder / "persons.parquet").exists():
        return RegistryState(), pd.DataFrame(columns=EVENT_COLUMNS)
    records = pd.read_parquet(folder / "records.parquet")
    persons = pd.read_parquet(folder / "persons.parquet")
    retired = persons[persons.retired_into.notna()]
    state = RegistryState(
        assignments=dict(zip(records.record_id, records.person_id, strict=True)),
        retired_into=dict(zip(retired.person_id, retired.retired_into, strict=True)),
        issued=int(persons.person_number.max()) if len(persons) else 0,
    )
    return state, pd.read_parquet(folder / "events.parquet")


def persons_table(state: RegistryState) -> pd.DataFrame:
    persons = pd.DataFrame({"person_number": range(1, state.issued + 1)})
    persons["person_id"] = persons.person_number.map(ID_FORMAT.format)
    persons["retired_into"] = persons.person_id.map(state.retired_into).astype("string")
    return persons


def write_registry(identified: Identified, folder: Path) -> None:
    pd.DataFrame(sorted(identified.state.assignments.items()),
                 columns=["record_id", "person_id"]).to_parquet(folder / "records.parquet",
                                                                index=False)
    identified.persons.to_parquet(folder / "persons.parquet", index=False)
    identified.events.to_parquet(folder / "events.parquet", index=False)


def issued_in(folders: list[Path]) -> int:
    """The most ids any of these registries issued (their persons tables count from 1)."""
    return max((pq.read_metadata(f / "persons.parquet").num_rows for f in folders
                if (f / "persons.parquet").exists()), default=0)


def identify(links: pd.DataFrame, previous: Path | None, extract_date: str,
             registry: Path | None = None, issued_at_least: int = 0,
             published: Path | None = None) -> Identified:
    """Give tonight's clusters their person_ids.

    `previous` is the state of the night before, which tonight is compared with and extends.
    `registry` (default: `previous`) is the state whose ids tonight's clusters take: the
    newest night processed, so that a backfill or a rerun gives a record the id the newest
    night published. `issued_at_least` keeps the counter past every id any night issued,
    so no id ever means two people. `published`: this night's own state from its last run,
    if any (see `assign_person_ids`).
    """
    baseline, past_events = read_registry(previous)
    state = baseline
    if registry is not None and registry != previous:
        state, past_events = read_registry(registry)
    # The changes up to tonight: a backfill does not inherit the later nights' events.
    past_events = past_events[past_events.extract_date <= extract_date]
    state = replace(state, issued=max(state.issued, issued_at_least))
    clusters = links.groupby("cluster_id").record_id.agg(list).to_dict()
    then = read_registry(published)[0].assignments if published is not None else {}
    tonight, assigned, events = assign_person_ids(clusters, state, extract_date, then)
    # This night's assignments extend the night before's, not the later nights' a backfill
    # borrowed its ids from (the retired ids and the counter do come from those).
    new_state = replace(assigned, assignments={**baseline.assignments, **tonight})
    # Typed, so an empty table (the first night's, a rerun's) still has text columns.
    types = {c: "string" for c in EVENT_COLUMNS} | {"records": "int64"}
    tonights = pd.DataFrame([e.__dict__ for e in events], columns=EVENT_COLUMNS).astype(types)
    events = pd.concat([past_events.astype(types), tonights], ignore_index=True)
    before = pd.DataFrame(sorted(baseline.assignments.items()),
                          columns=["record_id", "person_id"], dtype="string")
    identified = links.drop(columns="cluster_id").assign(person_id=links.record_id.map(tonight))
    return Identified(identified, persons_table(new_state), events, before, new_state)
