"""The run lock: one run per data directory, whoever starts it; a dead holder's lock is
taken over, a live one's never."""

import json
import subprocess
import sys

import pytest

from crosswalk import run_lock
from crosswalk.settings import get_paths


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def _write(paths, **holder) -> None:
    record = {"run_id": "", "extract_date": "2026-11-21", "host": run_lock.socket.gethostname(),
              "pid": _dead_pid(), "started": "2026-11-22T03:00:00+00:00"} | holder
    run_lock.lock_path(paths).write_text(json.dumps(record))


def test_a_second_airflow_run_is_refused_naming_the_first(data_dir):
    paths = get_paths()
    run_lock.claim(paths, "scheduled__2026-11-22", "2026-11-21")
    with pytest.raises(run_lock.RunInProgress, match=(
            r"another run holds .*run.lock: Airflow run scheduled__2026-11-22 for 2026-11-21, "
            r"started .* on .* \(pid \d+\)\. This run stops without touching its files")):
        run_lock.claim(paths, "manual__2026-11-22", "2026-11-21")
    with pytest.raises(run_lock.RunInProgress, match="run manual__x does not hold"):
        run_lock.check(paths, "manual__x")
    run_lock.check(paths, "scheduled__2026-11-22")
    run_lock.release(paths, "manual__2026-11-22")  # not its lock: kept
    assert run_lock.read(paths).run_id == "scheduled__2026-11-22"


def test_a_retry_of_the_same_run_takes_its_own_lock_and_its_teardown_gives_it_back(data_dir):
    paths = get_paths()
    run_lock.claim(paths, "scheduled__2026-11-22", "2026-11-21")
    run_lock.claim(paths, "scheduled__2026-11-22", "2026-11-21")
    run_lock.release(paths, "scheduled__2026-11-22")
    assert run_lock.read(paths) is None and list(paths.data_dir.iterdir()) == []


def test_a_killed_process_lock_is_taken_over_but_an_airflow_runs_is_not(data_dir):
    paths = get_paths()
    _write(paths)
    with run_lock.hold_process(paths, "2026-11-22") as holder:
        assert run_lock.read(paths) == holder
        run_lock.claim(paths, "manual__dag_test", "2026-11-22")  # dag.test in this process
        run_lock.check(paths, "manual__dag_test")
    assert run_lock.read(paths) is None
    _write(paths, run_id="scheduled__2026-11-22")  # its worker's pid is gone, the run may not be
    with pytest.raises(run_lock.RunInProgress, match="Airflow run scheduled__2026-11-22"), \
            run_lock.hold_process(paths, "2026-11-22"):
        pass


def test_a_live_process_lock_is_never_taken_over(data_dir):
    paths = get_paths()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        _write(paths, pid=other.pid)
        try:
            with pytest.raises(run_lock.RunInProgress, match=f"crosswalk run for 2026-11-21.*"
                                                             f"pid {other.pid}"):
                run_lock.claim(paths, "scheduled__2026-11-22", "2026-11-22")
        finally:
            other.kill()
