"""The one state store: what lives from night to night, outside the rebuilt warehouse.

Each night's state is one folder, `state/nights/extract_date=<d>/`, holding a folder per
kind: `linkage` (the person registry and scored pairs, matching/night.py) and `history`
(the enrollment snapshot and the measures series, a DuckDB file dbt extends). A night
reads each kind as it stood before it and writes its own, so:

- a rerun of a night replaces only its own folder and reproduces what it wrote;
- a backfill of an earlier night builds on the state as it stood before that night
  (its measures, its pairs), takes its person_ids from the newest night processed, and
  leaves every later night's folder as it was (pipeline.publish keeps the newest night's
  warehouse published);
- a night's state counts only once the night has succeeded: the steps write it aside
  (`state/.pending/`) and `commit` renames the whole night in, so a night that failed
  after linking is never built on, and a run killed mid-write leaves the last
  committed state whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

PREFIX = "extract_date="
# Where state lived before this store: a night must not start afresh beside it.
_OLD_LAYOUT = ("registry", "linkage", "measures", "history.duckdb")


class StateStore:
    def __init__(self, root: Path):
        self.root = root
        self.nights_dir = root / "nights"
        self.pending_dir = root / ".pending"

    def nights(self, kind: str) -> list[str]:
        """The committed extract dates with state of this kind, oldest first."""
        self._check_layout()
        self._recover()
        if not self.nights_dir.exists():
            return []
        return sorted(p.name.removeprefix(PREFIX) for p in self.nights_dir.glob(f"{PREFIX}*")
                      if (p / kind).is_dir())

    def folder(self, kind: str, night: str) -> Path:
        return self.nights_dir / f"{PREFIX}{night}" / kind

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
        """A fresh folder to fill with the night's state of this kind; kept aside until
        `commit`, replacing what an earlier try of the same night wrote. On failure the
        folder is dropped."""
        target = self.pending_dir / f"{PREFIX}{night}" / kind
        writing = target.with_name(f".{kind}.writing-{os.getpid()}")
        shutil.rmtree(writing, ignore_errors=True)
        writing.mkdir(parents=True)
        try:
            yield writing
        except BaseException:
            shutil.rmtree(writing, ignore_errors=True)
            raise
        shutil.rmtree(target, ignore_errors=True)
        os.replace(writing, target)

    def commit(self, night: str) -> None:
        """The night succeeded: its state, every kind at once, becomes what later nights
        build on (replacing an earlier run of the same night)."""
        pending = self.pending_dir / f"{PREFIX}{night}"
        if not pending.exists():
            return
        target = self.nights_dir / pending.name
        aside = self.nights_dir / f".{pending.name}.replaced-{os.getpid()}"
        self.nights_dir.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.replace(target, aside)
        os.replace(pending, target)
        shutil.rmtree(aside, ignore_errors=True)

    def _recover(self) -> None:
        """A commit killed between its two renames leaves the old night aside: put it back."""
        for aside in self.nights_dir.glob(f".{PREFIX}*.replaced-*"):
            target = self.nights_dir / aside.name[1:].split(".replaced-", 1)[0]
            if target.exists():
                shutil.rmtree(aside, ignore_errors=True)
            else:
                os.replace(aside, target)

    def _check_layout(self) -> None:
        old = [name for name in _OLD_LAYOUT if (self.root / name).exists()]
        if old:
            raise RuntimeError(
                f"{self.root} holds state in the layout before the one state store "
                f"({', '.join(old)}): person_ids would start afresh beside it. Move that "
                f"folder aside and rerun the nights from the first, oldest first.")
