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
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd

from crosswalk.ingest.manifest import sha256_of
from crosswalk.settings import PROGRAMS, ROSTERS, Paths

ADDRESS_COLUMNS = {"dcfs": "street_address", "jjs": "ADDRESS", "fep": "RES_ADDR",
                   "vr": "Address1", "udc": "LAST_KNOWN_ADDRESS"}
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
    revoked = 0
    for program in PROGRAMS:
        folder = paths.landing_dir / program / extract_date.isoformat()
        path = folder / "consents.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if (program, row["client_id"]) in clients:
                row["revoked_date"] = extract_date.isoformat()
                revoked += 1
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"]["consents.csv"]["sha256"] = sha256_of(path)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return revoked
