"""The next night's drops, evolved from tonight's: most records untouched, a few changed or gone.

Real rosters are full snapshots that change a little each night: a client
moves, a record is corrected, a closed case ages out of the 36-month window.
This copies one night's landing folder to the next date, changes the address
(street and ZIP) of `changed_share` of the roster rows, drops `dropped_share` of them, and
writes the truth for the new night.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from crosswalk.ingest.manifest import sha256_of
from crosswalk.settings import PROGRAMS, ROSTERS, Paths
from crosswalk.synth.layouts import compact_date, iso_date, us_date, us_date_unpadded

ADDRESS_COLUMNS = {"dcfs": "street_address", "jjs": "ADDRESS", "fep": "RES_ADDR",
                   "vr": "Address1", "udc": "LAST_KNOWN_ADDRESS"}
# Where each roster holds the enrollment's end, and how its legacy system writes a date.
END_DATE_COLUMNS = {"dcfs": ("plan_end_date", iso_date), "jjs": ("RELEASE_DATE", us_date),
                    "fep": ("EXIT_DT", compact_date), "vr": ("ClosureDate", us_date_unpadded),
                    "udc": ("END_DATE", iso_date)}
ZIP_COLUMNS = {"dcfs": "zip", "fep": "RES_ZIP", "vr": "Zip", "udc": "ZIP"}  # jjs: end of ADDRESS


@dataclass(frozen=True)
class NightChanges:
    changed: dict[str, list[str]]  # program -> client ids whose rows changed
    dropped: dict[str, list[str]]  # program -> client ids no longer in the roster


def evolve_night(paths: Paths, from_date: date, to_date: date, changed_share: float = 0.01,
                 dropped_share: float = 0.005, seed: int = 1) -> NightChanges:
    rng = np.random.default_rng(seed)
    changed: dict[str, list[str]] = {}
    dropped: dict[str, list[str]] = {}
    for program in PROGRAMS:
        source = paths.landing_dir / program / from_date.isoformat()
        target = paths.landing_dir / program / to_date.isoformat()
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        layout = ROSTERS[program]
        roster = target / layout.file_name
        with roster.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, delimiter=layout.delimiter))
        header, body = rows[0], rows[1:]
        key = header.index(layout.client_id_column)
        roll = rng.random(len(body))
        keep, changed[program], dropped[program] = [], [], []
        for row, r in zip(body, roll, strict=True):
            if len(row) != len(header) or not row[key]:
                keep.append(row)  # tonight's bad rows stay bad
            elif r < dropped_share:
                dropped[program].append(row[key])
            else:
                if r < dropped_share + changed_share:
                    row = _move(row, header, program, rng)
                    changed[program].append(row[key])
                keep.append(row)
        with roster.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=layout.delimiter, lineterminator="\n").writerows(
                [header, *keep])
        manifest = json.loads((target / "manifest.json").read_text())
        manifest["extract_date"] = to_date.isoformat()
        manifest["generated_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        manifest["files"][layout.file_name] = {"rows": len(keep), "sha256": sha256_of(roster)}
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    truth_dir = paths.truth_dir / to_date.isoformat()
    truth_dir.mkdir(parents=True, exist_ok=True)
    truth = pd.read_csv(paths.truth_dir / from_date.isoformat() / "records.csv", dtype=str)
    gone = {(p, c) for p, ids in dropped.items() for c in ids}
    truth = truth[[(p, c) not in gone for p, c in zip(truth.program, truth.client_id, strict=True)]]
    truth.to_csv(truth_dir / "records.csv", index=False)
    applications = paths.truth_dir / from_date.isoformat() / "applications.csv"
    if applications.exists():  # the applications files are carried over as they were
        shutil.copyfile(applications, truth_dir / "applications.csv")
    return NightChanges(changed, dropped)


def _move(row: list[str], header: list[str], program: str, rng: np.random.Generator) -> list[str]:
    """The client moved: a new street and ZIP (what matching reads changes too)."""
    row = list(row)
    address = header.index(ADDRESS_COLUMNS[program])
    new_zip = f"84{int(rng.integers(0, 1000)):03d}"
    rest = row[address][row[address].find(","):] if "," in row[address] else ""
    if program == "jjs" and rest:
        rest = rest[:-5] + new_zip if rest[-5:].isdigit() else rest
    row[address] = f"{int(rng.integers(10, 9999))} Moved Ave{rest}"
    if program in ZIP_COLUMNS:
        row[header.index(ZIP_COLUMNS[program])] = new_zip
    return row


def revoke_consents(paths: Paths, extract_date: date, clients: set[tuple[str, str]]) -> int:
    """The clients (program, client_id) revoke every consent on `extract_date`, in that night's drops."""
    def revoke(program: str, row: dict[str, str]) -> bool:
        if (program, row["client_id"]) not in clients:
            return False
        row["revoked_date"] = extract_date.isoformat()
        return True

    return sum(_edit_rows(paths.landing_dir / p / extract_date.isoformat(), "consents.csv", ",",
                          partial(revoke, p)) for p in PROGRAMS)


def close_enrollments(paths: Paths, extract_date: date, clients: set[tuple[str, str]]) -> int:
    """The clients' (program, client_id) open enrollments end on `extract_date`, in that night's rosters."""
    def close(program: str, row: dict[str, str]) -> bool:
        column, written = END_DATE_COLUMNS[program]
        if (program, row[ROSTERS[program].client_id_column]) not in clients or row[column]:
            return False
        row[column] = written(extract_date)
        return True

    return sum(_edit_rows(paths.landing_dir / p / extract_date.isoformat(), ROSTERS[p].file_name,
                          ROSTERS[p].delimiter, partial(close, p)) for p in PROGRAMS)


def _edit_rows(folder: Path, file_name: str, delimiter: str,
               edit: Callable[[dict[str, str]], bool]) -> int:
    """Apply `edit` (True when it changed the row) to each row of a landed file; keep the manifest true."""
    path = folder / file_name
    with path.open(newline="", encoding="utf-8") as handle:
        header, *body = list(csv.reader(handle, delimiter=delimiter))
    edited = 0
    for i, row in enumerate(body):
        record = dict(zip(header, row, strict=False))
        if len(row) == len(header) and edit(record):  # a malformed row stays as it came
            body[i] = [record[column] for column in header]
            edited += 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows([header, *body])
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][file_name]["sha256"] = sha256_of(path)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return edited
