"""One run at a time per data directory: `run.lock`, held by the run that writes it.

A run is held in one of two ways:

- by a process that runs the whole night itself (`crosswalk run`: `dag.test` runs every
  task inside it), for as long as the process lives;
- by an Airflow run, whose tasks run in short-lived worker processes: the DAG's
  `claim_run` setup task takes the lock for its run id and its `release_run` teardown gives
  it back, also when a task failed.

A second run fails at once, naming the holder. A lock whose holder is gone is taken over:
a process lock whose process no longer lives on this host (a `kill -9`), or any lock by a
retry or a clear of the same Airflow run. An Airflow run that died without its teardown
(the whole deployment lost) leaves a lock that names itself and how to remove it.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from crosswalk.settings import InputError, Paths


class RunInProgress(InputError):
    """Another run holds the data directory: waiting in a retry would not make it ours."""


@dataclass(frozen=True)
class Holder:
    run_id: str  # the Airflow run's id; empty for a process holding the whole run
    extract_date: str
    host: str
    pid: int
    started: str

    def is_this_process(self) -> bool:
        return not self.run_id and self.host == socket.gethostname() and self.pid == os.getpid()

    def is_gone(self) -> bool:
        """Only a process holder on this host can be seen to be gone."""
        return not self.run_id and self.host == socket.gethostname() and not _alive(self.pid)

    def describe(self) -> str:
        who = f"Airflow run {self.run_id}" if self.run_id else "crosswalk run"
        return (f"{who} for {self.extract_date}, started {self.started} on {self.host} "
                f"(pid {self.pid})")


def lock_path(paths: Paths) -> Path:
    return paths.data_dir / "run.lock"


def read(paths: Paths) -> Holder | None:
    return _read(lock_path(paths))


def _read(path: Path) -> Holder | None:
    try:
        return Holder(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None


@contextmanager
def hold_process(paths: Paths, extract_date: str) -> Iterator[Holder]:
    """The whole run inside this process (`crosswalk run`)."""
    holder = _take(paths, _holder("", extract_date))
    try:
        yield holder
    finally:
        if read(paths) == holder:
            lock_path(paths).unlink(missing_ok=True)


def claim(paths: Paths, run_id: str, extract_date: str) -> None:
    """The DAG's setup task: the lock for this Airflow run, unless the process running the
    whole run already holds it."""
    current = read(paths)
    if current is None or not current.is_this_process():
        _take(paths, _holder(run_id, extract_date))


def release(paths: Paths, run_id: str) -> None:
    """The DAG's teardown: give back this run's lock (a process's lock is the process's)."""
    current = read(paths)
    if current is not None and current.run_id == run_id:
        lock_path(paths).unlink(missing_ok=True)


def check(paths: Paths, run_id: str) -> None:
    """Every step that writes: this run must still hold the lock."""
    current = read(paths)
    if current is None or not (current.run_id == run_id or current.is_this_process()):
        raise RunInProgress(
            f"run {run_id} does not hold {lock_path(paths)} "
            f"({'no one does' if current is None else 'held by ' + current.describe()}): "
            "it stops here so that it cannot touch another run's files")


def _holder(run_id: str, extract_date: str) -> Holder:
    return Holder(run_id=run_id, extract_date=extract_date, host=socket.gethostname(),
                  pid=os.getpid(), started=datetime.now(UTC).isoformat(timespec="seconds"))


def _take(paths: Paths, holder: Holder) -> Holder:
    path = lock_path(paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        if _create(path, holder):
            return holder
        current = read(paths)
        if current is None:
            continue  # released between the two looks
        if not (current.is_gone() or (holder.run_id and current.run_id == holder.run_id)):
            raise RunInProgress(
                f"another run holds {path}: {current.describe()}. This run stops without "
                f"touching its files; start it again once that run has ended. If that run "
                f"is no longer running anywhere, delete {path}.")
        aside = path.with_name(f"{path.name}.stale-{os.getpid()}")
        try:  # one taker wins the rename; the others look again
            os.replace(path, aside)
        except FileNotFoundError:
            continue
        if _read(aside) != current:  # another taker's fresh lock, not the dead one: put it back
            try:
                os.link(aside, path)
            except FileExistsError:
                pass
        aside.unlink()
    raise RunInProgress(f"could not take {path}: other runs keep starting")


def _create(path: Path, holder: Holder) -> bool:
    """Write the holder aside, then link it in: the lock appears whole or not at all."""
    writing = path.with_name(f"{path.name}.{os.getpid()}")
    writing.write_text(json.dumps(asdict(holder)))
    try:
        os.link(writing, path)
        return True
    except FileExistsError:
        return False
    finally:
        writing.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
