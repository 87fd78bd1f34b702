"""The built wheel, installed into a clean environment outside the checkout, runs a night
from another folder; without CROSSWALK_DATA_DIR it refuses to run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from crosswalk.settings import DEFAULT_EXTRACT_DATE, PROGRAMS, REPO_ROOT

UV = Path(sys.executable).parent / "uv"  # make setup installs it into .venv


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv's bin folder, with the runtime lock and the wheel, nothing of the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # what a fresh clone holds: the committed files only
    files = _run("git", "ls-files", "-z", cwd=REPO_ROOT).stdout.split("\0")
    for name in filter(None, files):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, source / name)
    built = _run(UV, "build", "--wheel", "--out-dir", root / "dist", source, cwd=root)
    assert built.returncode == 0, built.stderr
    [wheel] = (root / "dist").glob("crosswalk-*.whl")
    venv = root / "venv"
    assert _run(UV, "venv", "--python", sys.executable, venv, cwd=root).returncode == 0
    done = _run(UV, "pip", "install", "--python", venv / "bin" / "python",
                "-r", REPO_ROOT / "requirements.lock", wheel, cwd=root)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CROSSWALK_", "AIRFLOW", "VIRTUAL_ENV", "PYTHON"))}
    return env | {"DO_NOT_TRACK": "1"} | extra


def test_the_wheel_ships_no_dev_tools_and_runs_a_night_from_another_folder(installed, tmp_path):
    assert not (installed / "pytest").exists() and not (installed / "ruff").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _env(CROSSWALK_DATA_DIR=str(tmp_path / "data"))
    generated = _run(installed / "crosswalk", "generate", "--people", "1000", cwd=elsewhere, env=env)
    assert generated.returncode == 0, generated.stderr
    night = _run(installed / "crosswalk", "run", "--date", DEFAULT_EXTRACT_DATE, cwd=elsewhere, env=env)
    assert night.returncode == 0, night.stdout[-3000:] + night.stderr[-3000:]
    # The console a person reads: a line per step and a summary; Airflow's logging in a file.
    steps = [line[2:24].strip() for line in night.stdout.splitlines() if line.startswith("✓ ")]
    assert steps[:2] == ["resolve extract date", "claim run"]
    assert sorted(steps[2:7]) == sorted(f"ingest {p}" for p in PROGRAMS)
    assert steps[7:] == ["build staging", "link persons", "build marts", "deliver", "publish",
                         "release run"]
    assert "Programs tonight" in night.stdout and f"{DEFAULT_EXTRACT_DATE}: done in" in night.stdout
    assert "[DAG TEST]" not in night.stdout + night.stderr and len(night.stdout.splitlines()) < 80
    [log] = (tmp_path / "data" / "airflow" / "logs").glob("crosswalk_run_*.log")
    assert "[DAG TEST] end task task_id=publish" in log.read_text()
    with duckdb.connect(str(tmp_path / "data" / "warehouse" / "crosswalk.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.person_crosswalk").fetchone()[0] > 200
    assert (tmp_path / "data" / "exports").is_dir() and not list(elsewhere.iterdir())


def test_outside_a_checkout_it_refuses_to_run_without_a_data_dir(installed, tmp_path):
    refused = _run(installed / "crosswalk", "run", "--date", DEFAULT_EXTRACT_DATE, cwd=tmp_path,
                   env=_env())
    assert refused.returncode == 2
    assert "CROSSWALK_DATA_DIR is not set" in refused.stdout and "Traceback" not in refused.stderr
    assert not list(tmp_path.iterdir())
