"""The one state store: what lives from night to night, outside the rebuilt warehouse.

Each kind of state (`linkage`: the person registry and scored pairs, matching/night.py;
`history`: the enrollment snapshot and the measures series, a DuckDB file dbt extends)
keeps one folder per extract date, `state/<kind>/extract_date=<d>/`. A night reads the
state as of the night before it and writes its own date's folder, so:

- a rerun of a night replaces only its own folder and reproduces what it wrote;
- a backfill of an earlier night reads the state as it stood before that night, and
  leaves every later night's folder as it was;
- a folder is written beside its final place and renamed in, so a run killed mid-write
  leaves the previous state whole (a half-written folder is never read).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

PREFIX = "extract_date="


class StateStore:
    def __init__(self, root: Path):
        self.root = root

    def nights(self, kind: str) -> list[str]:
        """The extract dates with state of this kind, oldest first."""
        folder = self.root / kind
        if not folder.exists():
            return []
        return sorted(p.name.removeprefix(PREFIX) for p in folder.glob(f"{PREFIX}*") if p.is_dir())

    def folder(self, kind: str, night: str) -> Path:
        return self.root / kind / f"{PREFIX}{night}"

    def as_of(self, kind: str, day: str) -> Path | None:
        """The folder of the newest night on or before `day`, or None before the first."""
        earlier = [n for n in self.nights(kind) if n <= day]
        return self.folder(kind, earlier[-1]) if earlier else None

    def before(self, kind: str, night: str) -> Path | None:
        """The state a night builds on: as of the day before it."""
        return self.as_of(kind, (date.fromisoformat(night) - timedelta(days=1)).isoformat())

    def newest(self, kind: str) -> Path | None:
        nights = self.nights(kind)
        return self.folder(kind, nights[-1]) if nights else None

    @contextmanager
    def write_for(self, kind: str, night: str) -> Iterator[Path]:
        """A fresh folder to fill; on success it becomes the night's state, replacing any
        earlier run of the same night. On failure nothing changes."""
        target = self.folder(kind, night)
        writing = target.with_name(f".{target.name}.writing-{os.getpid()}")
        if writing.exists():
            shutil.rmtree(writing)
        writing.mkdir(parents=True)
        try:
            yield writing
        except BaseException:
            shutil.rmtree(writing, ignore_errors=True)
            raise
        replaced = target.with_name(f".{target.name}.replaced-{os.getpid()}")
        if target.exists():
            os.replace(target, replaced)
        os.replace(writing, target)
        shutil.rmtree(replaced, ignore_errors=True)
