"""What retrying cannot fix is not retried: a night without drops, run as a deployment runs it
(retries on), ends skipped, builds and publishes nothing."""

import os
import subprocess
import sys
from pathlib import Path

CROSSWALK = Path(sys.executable).parent / "crosswalk"


def test_a_night_no_program_delivered_is_skipped_not_failed_or_published(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CROSSWALK_", "AIRFLOW"))} | {"CROSSWALK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([str(CROSSWALK), "run", "--date", "2026-11-21"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "2026-11-21: no program delivered a drop" in " ".join(done.stdout.split())
    assert not (tmp_path / "warehouse" / "crosswalk.duckdb").exists()
    assert not (tmp_path / "state").exists()
    audited = sorted(p.parent.parent.name for p in (tmp_path / "audit").glob("*/*/files.parquet"))
    assert audited == [f"program={p}" for p in ("dcfs", "fep", "jjs", "udc", "vr")]
