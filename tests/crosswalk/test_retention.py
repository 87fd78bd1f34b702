"""Raw drops past their retention are removed, each with an audit line; the snapshot in
service stays, however old."""

import csv
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crosswalk import run_lock
from crosswalk.retention import default_cutoff, partitions, purge
from crosswalk.settings import SettingsError, get_paths


def _drop(paths, program: str, day: str, quarantined: bool = False,
          outcome: str | None = "accepted") -> None:
    """A drop's folders in each zone; `outcome`: its files' in the audit (None: not ingested)."""
    folders = [paths.landing_dir / program / day]
    if outcome:
        folders += [paths.raw_dir / "clients" / f"program={program}" / f"extract_date={day}",
                    *([paths.raw_dir / "quarantined" / "clients" / f"program={program}"
                       / f"extract_date={day}"] if quarantined else [])]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "data.parquet").write_bytes(b"x" * 10)
    if outcome:
        audit = paths.audit_dir / f"program={program}" / f"extract_date={day}"
        audit.mkdir(parents=True)
        pq.write_table(pa.table({"file": ["clients.csv", "plans.csv"],
                                 "outcome": ["accepted", outcome]}), audit / "files.parquet")


def test_purge_removes_older_partitions_but_the_one_in_service(data_dir):
    paths = get_paths()
    _drop(paths, "fep", "2026-01-10", quarantined=True)
    _drop(paths, "fep", "2026-11-20")
    _drop(paths, "vr", "2026-01-10")  # VR's drops since were rejected or not yet ingested:
    _drop(paths, "vr", "2026-02-10", outcome="rejected")  # the January one is in service
    _drop(paths, "vr", "2026-03-10", outcome=None)
    lines = purge(paths, date(2026, 6, 1))
    assert sorted((line["zone"], line["program"], line["extract_date"]) for line in lines) == [
        ("audit", "fep", "2026-01-10"), ("landing", "fep", "2026-01-10"),
        ("quarantined", "fep", "2026-01-10"), ("raw", "fep", "2026-01-10")]
    assert [line["files"] for line in lines] == [1, 1, 1, 1]
    left = sorted({(p.program, p.extract_date.isoformat()) for p in partitions(paths)})
    assert left == [("fep", "2026-11-20"), ("vr", "2026-01-10"), ("vr", "2026-02-10"),
                    ("vr", "2026-03-10")]
    with (paths.audit_dir / "purges.csv").open() as log:
        assert [row["path"] for row in csv.DictReader(log)] == [line["path"] for line in lines]
    assert purge(paths, date(2026, 6, 1)) == []  # nothing more to remove


def test_purge_waits_for_no_run(data_dir):
    paths = get_paths()
    _drop(paths, "fep", "2026-01-10")
    _drop(paths, "fep", "2026-11-20")
    with run_lock.hold_process(paths, "2026-11-21"), pytest.raises(run_lock.RunInProgress):
        purge(paths, date(2026, 6, 1))
    assert len(partitions(paths)) == 6


def test_the_retention_is_configurable(monkeypatch):
    monkeypatch.setenv("CROSSWALK_RAW_RETENTION_DAYS", "30")
    assert default_cutoff(date(2026, 12, 1)) == date(2026, 11, 1)
    monkeypatch.setenv("CROSSWALK_RAW_RETENTION_DAYS", "a month")
    with pytest.raises(SettingsError, match="CROSSWALK_RAW_RETENTION_DAYS is 'a month'"):
        default_cutoff(date(2026, 12, 1))
