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

State lives outside the warehouse, one folder per extract date
(`state/registry/extract_date=<d>/`), each night reading the newest earlier
state. A rerun of a night therefore replaces its own state and reproduces the
same ids; the warehouse can be rebuilt at any time without losing them.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

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
    clusters: dict[str, list[str]], state: RegistryState, extract_date: str
) -> tuple[dict[str, str], RegistryState, list[Event]]:
    """Map tonight's clusters (cluster key -> record ids) to person_ids.

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
    for index, records in enumerate(ordered):
        counts = Counter(previous[r] for r in records if r in previous)
        won = [p for p in counts if claimed_by[p] == index]
        if won:
            survivor = min(won, key=lambda p: (-counts[p], p))
            for loser in sorted(won):
                if loser != survivor:
                    new.retired_into[loser] = survivor
                    events.append(Event(extract_date, "merged", loser, survivor, counts[loser]))
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


def _state_dir(root: Path, extract_date: str) -> Path:
    return root / f"extract_date={extract_date}"


def load_state(root: Path, before: str) -> RegistryState:
    """The newest registry state written for an extract date earlier than `before`."""
    dates = sorted(p.name.split("=", 1)[1] for p in root.glob("extract_date=*")
                   if (p / "persons.parquet").exists())
    earlier = [d for d in dates if d < before]
    if not earlier:
        return RegistryState()
    folder = _state_dir(root, earlier[-1])
    records = pd.read_parquet(folder / "records.parquet")
    persons = pd.read_parquet(folder / "persons.parquet")
    retired = persons[persons.retired_into.notna()]
    return RegistryState(
        assignments=dict(zip(records.record_id, records.person_id, strict=True)),
        retired_into=dict(zip(retired.person_id, retired.retired_into, strict=True)),
        issued=int(persons.person_number.max()) if len(persons) else 0,
    )


def save_state(root: Path, extract_date: str, state: RegistryState, events: list[Event]) -> Path:
    """Write the night's state (replacing a previous run of the same night)."""
    folder = _state_dir(root, extract_date)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pd.DataFrame(sorted(state.assignments.items()), columns=["record_id", "person_id"]).to_parquet(
        folder / "records.parquet", index=False)
    persons = pd.DataFrame({"person_number": range(1, state.issued + 1)})
    persons["person_id"] = persons.person_number.map(ID_FORMAT.format)
    persons["retired_into"] = persons.person_id.map(state.retired_into).astype("string")
    persons.to_parquet(folder / "persons.parquet", index=False)
    pd.DataFrame([e.__dict__ for e in events],
                 columns=["extract_date", "event", "person_id", "other_person_id", "records"]
                 ).to_parquet(folder / "events.parquet", index=False)
    return folder


def read_events(root: Path, through: str) -> pd.DataFrame:
    """Every registry change recorded on or before `through`, oldest first."""
    files = [f for f in sorted(root.glob("extract_date=*/events.parquet"))
             if f.parent.name.split("=", 1)[1] <= through]
    if not files:
        return pd.DataFrame(columns=["extract_date", "event", "person_id", "other_person_id",
                                     "records"])
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def previous_assignments(root: Path, before: str) -> pd.DataFrame:
    """record_id -> person_id as the last night before `before` left them (empty on the first night)."""
    state = load_state(root, before=before)
    # Typed, so the first night's empty table still has text columns in the warehouse.
    return pd.DataFrame(sorted(state.assignments.items()), columns=["record_id", "person_id"],
                        dtype="string")


def identify(
    links: pd.DataFrame, root: Path, extract_date: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give tonight's clusters their person_ids and save the registry state.

    Returns the links with `person_id` in place of `cluster_id`, the persons
    table (with retired ids pointing to their survivors) and the change history.
    """
    state = load_state(root, before=extract_date)
    clusters = links.groupby("cluster_id").record_id.agg(list).to_dict()
    tonight, new_state, events = assign_person_ids(clusters, state, extract_date)
    folder = save_state(root, extract_date, new_state, events)
    identified = links.drop(columns="cluster_id").assign(person_id=links.record_id.map(tonight))
    persons = pd.read_parquet(folder / "persons.parquet")
    return identified, persons, read_events(root, extract_date)
