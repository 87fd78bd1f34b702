"""Control totals: the manifest says how many rows each file has and its checksum."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


class DropRejected(Exception):
    """A drop-level failure: the whole program drop is rejected, the last good one stays."""

    def __init__(self, file: str, rule: str, message: str, column: str = "", value: str = ""):
        super().__init__(f"{file}: {message} [rule {rule}]")
        self.file, self.rule, self.column, self.value = file, rule, column, value


@dataclass(frozen=True)
class ManifestEntry:
    rows: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path, program: str, extract_date: str) -> dict[str, ManifestEntry]:
    """Read and sanity-check manifest.json; it is written last, so no manifest = incomplete drop."""
    path = folder / "manifest.json"
    if not path.exists():
        raise DropRejected("manifest.json", "manifest_missing",
                           f"no manifest in {folder}: the drop is incomplete or was never sent")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        files = {name: ManifestEntry(int(v["rows"]), str(v["sha256"]))
                 for name, v in doc["files"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise DropRejected("manifest.json", "manifest_unreadable", f"cannot read manifest: {exc}") from exc
    if doc.get("program") != program or doc.get("extract_date") != extract_date:
        raise DropRejected(
            "manifest.json", "manifest_mismatch",
            f"manifest is for {doc.get('program')}/{doc.get('extract_date')}, "
            f"expected {program}/{extract_date}")
    return files


def check_checksum(path: Path, entry: ManifestEntry) -> str:
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise DropRejected(path.name, "checksum_mismatch",
                           f"sha256 {actual[:12]}… does not match the manifest's "
                           f"{entry.sha256[:12]}…: corrupted or altered transfer", value=actual)
    return actual


def check_row_count(file: str, received: int, entry: ManifestEntry) -> None:
    if received != entry.rows:
        raise DropRejected(file, "row_count_mismatch",
                           f"{received:,} data rows but the manifest says {entry.rows:,}: "
                           "truncated or corrupted transfer", value=str(received))
