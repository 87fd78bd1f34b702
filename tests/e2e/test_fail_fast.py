"""What retrying cannot fix is not retried: a night without drops, run as a deployment runs it
(retries on), ends skipped, builds and publishes nothing, and tells each program's contact.
It exits 0, unless the scheduler watching asked for --fail-on-stale."""

import email
import email.policy
import os
import subprocess
import sys
from pathlib import Path

import pytest

CROSSWALK = Path(sys.executable).parent / "crosswalk"
PROGRAMS = ("dcfs", "fep", "jjs", "udc", "vr")


@pytest.mark.parametrize(("flags", "exit_code"), [([], 0), (["--fail-on-stale"], 3)])
def test_a_night_no_program_delivered_is_skipped_not_failed_or_published(tmp_path, flags,
                                                                        exit_code):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CROSSWALK_", "AIRFLOW"))} | {
        "CROSSWALK_DATA_DIR": str(tmp_path), "CROSSWALK_CONTACT_VR": "vr-it@example.org"}
    done = subprocess.run([str(CROSSWALK), "run", "--date", "2026-11-21", *flags], env=env,
                          capture_output=True, text=True)
    assert done.returncode == exit_code, done.stdout[-2000:] + done.stderr[-2000:]
    assert "2026-11-21: no program delivered a drop" in " ".join(done.stdout.split())
    assert not (tmp_path / "warehouse" / "crosswalk.duckdb").exists()
    assert not (tmp_path / "state").exists() and not (tmp_path / "run.lock").exists()
    audited = sorted(p.parent.parent.name for p in (tmp_path / "audit").glob("*/*/files.parquet"))
    assert audited == [f"program={p}" for p in PROGRAMS]
    alerts = sorted((tmp_path / "exports" / "alerts" / "2026-11-21").glob("*.eml"))
    assert [a.name for a in alerts] == [f"drop-missing-{p}-2026-11-21.eml" for p in PROGRAMS]
    vr = email.message_from_bytes(alerts[-1].read_bytes(), policy=email.policy.default)
    assert vr["To"] == "vr-it@example.org"
    assert vr["Subject"] == "crosswalk 2026-11-21: the VR drop was missing"
    assert f"no drop in {tmp_path}/landing/vr/2026-11-21" in vr.get_content()
