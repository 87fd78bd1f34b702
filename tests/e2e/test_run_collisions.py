"""Runs that cannot collide: a second run fails at once and touches nothing; a run killed
with SIGKILL leaves the published warehouse as it was, and the rerun publishes what an
uninterrupted run does."""

import hashlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from crosswalk import run_lock
from crosswalk.orchestration import run_dag
from crosswalk.settings import get_paths
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk.synth.nights import evolve_night

CROSSWALK = Path(sys.executable).parent / "crosswalk"
FIRST, SECOND = date(2026, 11, 21), date(2026, 11, 22)
_RUNS = itertools.count(1)  # each started run's console goes to its own log beside the data


def _env(paths) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("CROSSWALK_", "AIRFLOW"))} | {
        "CROSSWALK_DATA_DIR": str(paths.data_dir), "CROSSWALK_TASK_RETRIES": "0"}


def _start(paths, night: date) -> subprocess.Popen:
    """`crosswalk run` in its own process group, as an operator starts it."""
    log = (paths.data_dir.parent / f"{paths.data_dir.name}-run-{next(_RUNS)}.log").open("w")
    return subprocess.Popen([str(CROSSWALK), "run", "--date", night.isoformat()], env=_env(paths),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _kill_when(run: subprocess.Popen, reached, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not reached():
        assert run.poll() is None, "the run ended before the step it was to be killed in"
        assert time.monotonic() < deadline, "the run never reached the step"
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def collided(tmp_path_factory, module_data_dir, run_nights, mart_hashes):
    found = {}
    with module_data_dir(tmp_path_factory, "collisions") as paths:
        generate_extracts(GenerationConfig(people=1_000, seed=11, extract_date=FIRST), paths)
        evolve_night(paths, FIRST, SECOND, changed_share=0.03, dropped_share=0.01)
        run_nights(paths, FIRST)
        reference = paths.data_dir.with_name(paths.data_dir.name + "-uninterrupted")
        shutil.copytree(paths.data_dir, reference)
        found |= {"published": _sha(paths.published_warehouse), "lock": run_lock.lock_path(paths)}
        pending = paths.state_dir / ".pending" / f"extract_date={SECOND}"

        earlier = set(paths.builds_dir.iterdir())
        first = _start(paths, SECOND)
        _kill_when(first, lambda: _building(paths, earlier) and _second_run(paths, found, first))
        found |= {"first_pid": first.pid, "stale_lock": run_lock.read(paths),
                  "published_after_first_kill": _sha(paths.published_warehouse),
                  "nights_after_first_kill": paths.state.nights("linkage")}

        again = _start(paths, SECOND)  # takes over the dead run's lock; killed in build_marts
        _kill_when(again, lambda: (pending / "linkage").is_dir())
        found |= {"published_after_second_kill": _sha(paths.published_warehouse),
                  "nights_after_second_kill": paths.state.nights("linkage")}

        found["rerun"] = run_dag(paths, SECOND)
        found["marts"] = mart_hashes(paths.published_warehouse)
        found["lock_after"] = run_lock.read(paths)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CROSSWALK_DATA_DIR", str(reference))
        uninterrupted = get_paths()
        run_nights(uninterrupted, SECOND)
        found["uninterrupted_marts"] = mart_hashes(uninterrupted.published_warehouse)
    return found


def _building(paths, earlier: set[Path]) -> bool:
    """The run has its own build folder and is building the warehouse in it."""
    return any(f.parent not in earlier for f in paths.builds_dir.glob("*/crosswalk.duckdb"))


def _second_run(paths, found: dict, first: subprocess.Popen) -> bool:
    """While the first run builds: a second `crosswalk run` of the same night."""
    builds = sorted(paths.builds_dir.iterdir())
    second = subprocess.run([str(CROSSWALK), "run", "--date", SECOND.isoformat()],
                            env=_env(paths), capture_output=True, text=True, timeout=120)
    found |= {"second": second, "first_alive": first.poll() is None,
              "builds_unchanged": sorted(paths.builds_dir.iterdir()) == builds}
    return True


def test_a_second_run_fails_at_once_naming_the_run_in_progress(collided):
    second = collided["second"]
    message = " ".join(second.stdout.split())
    assert second.returncode == 2, message
    assert f"another run holds {collided['lock']}: crosswalk run for {SECOND}" in message
    assert f"(pid {collided['first_pid']})" in message
    assert collided["first_alive"] and collided["builds_unchanged"]


def test_a_killed_run_leaves_the_published_warehouse_and_the_state_as_they_were(collided):
    assert collided["stale_lock"].pid == collided["first_pid"]  # kill -9 left it behind
    assert collided["published_after_first_kill"] == collided["published"]
    assert collided["published_after_second_kill"] == collided["published"]
    assert collided["nights_after_first_kill"] == collided["nights_after_second_kill"] == [
        FIRST.isoformat()]


def test_the_rerun_after_kills_publishes_what_an_uninterrupted_run_does(collided):
    assert collided["rerun"] == "success" and collided["lock_after"] is None
    changed = [t for t, h in collided["marts"].items() if collided["uninterrupted_marts"].get(t) != h]
    assert len(collided["marts"]) > 30 and changed == []
