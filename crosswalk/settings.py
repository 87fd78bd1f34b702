"""One place for paths, program layouts and thresholds.

Paths come from environment variables (the operating interface in
docs/extract-spec.md) with defaults relative to the repository, so the
same code runs from a clone, from Airflow and from tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PROGRAMS: tuple[str, ...] = ("dcfs", "jjs", "fep", "vr", "udc")
SHARED_FILES: tuple[str, ...] = ("plans.csv", "staff.csv", "consents.csv", "referrals.csv")

# Retries per Airflow task: a scheduler retries transient failures; tests set 0 to fail fast.
DEFAULT_TASK_RETRIES = 2
TASK_RETRIES = int(os.environ.get("CROSSWALK_TASK_RETRIES", DEFAULT_TASK_RETRIES))

# How long a roster looks back: dates before this window are implausible.
ROSTER_WINDOW_MONTHS = 36


@dataclass(frozen=True)
class RosterLayout:
    """How one program's legacy system writes its client roster."""

    program: str
    file_name: str
    delimiter: str
    key_columns: tuple[str, ...]  # a row without these is quarantined
    client_id_column: str  # the id other files call client_id


ROSTERS: dict[str, RosterLayout] = {
    "dcfs": RosterLayout("dcfs", "clients.csv", ",", ("person_id", "case_id"), "person_id"),
    "jjs": RosterLayout("jjs", "clients.csv", ",", ("CARE_ID",), "CARE_ID"),
    "fep": RosterLayout("fep", "clients.txt", "|", ("UWORKS_ID",), "UWORKS_ID"),
    "vr": RosterLayout("vr", "clients.csv", ",", ("ParticipantID",), "ParticipantID"),
    "udc": RosterLayout("udc", "clients.csv", ",", ("OFFENDER_NUM",), "OFFENDER_NUM"),
}

# Key column of each shared file: empty key -> quarantine.
SHARED_FILE_KEYS: dict[str, tuple[str, ...]] = {
    "plans.csv": ("client_id",),
    "staff.csv": ("staff_id",),
    "consents.csv": ("client_id",),
    "referrals.csv": ("client_id",),
}


def entity_of(file_name: str) -> str:
    """`clients.txt` -> `clients`: the raw-zone folder a file lands in."""
    return file_name.split(".")[0]


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    landing_dir: Path

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def audit_dir(self) -> Path:
        """Per-drop validation results (audit, quarantine, field issues) as Parquet."""
        return self.data_dir / "audit"

    @property
    def registry_dir(self) -> Path:
        """Durable person-registry state: outside the warehouse, which is rebuilt each run."""
        return self.data_dir / "state" / "registry"

    @property
    def linkage_state_dir(self) -> Path:
        """Each night's record fingerprints and scored pairs: what an incremental night reuses."""
        return self.data_dir / "state" / "linkage"

    @property
    def measures_state_dir(self) -> Path:
        """Each night's process measures: the time series outlives the rebuilt warehouse."""
        return self.data_dir / "state" / "measures"

    @property
    def history_warehouse(self) -> Path:
        """Enrollment history (the dbt snapshot), attached to each build as `history`."""
        return self.data_dir / "state" / "history.duckdb"

    @property
    def snapshot_nights_file(self) -> Path:
        """The extract dates the history has taken in, one per line (a backfill must not)."""
        return self.data_dir / "state" / "history_nights.txt"

    @property
    def review_dir(self) -> Path:
        """Clerical review (PII): `<extract_date>/review_queue.*` out, `decisions/` in."""
        return self.data_dir / "review"

    @property
    def truth_dir(self) -> Path:
        """Ground truth of generated data, kept outside the landing zone."""
        return self.data_dir / "truth"

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def published_warehouse(self) -> Path:
        """The copy analysts open; replaced only when a run succeeds."""
        return self.warehouse_dir / "crosswalk.duckdb"

    @property
    def work_warehouse(self) -> Path:
        """The copy a run builds before publishing."""
        return self.warehouse_dir / "build" / "crosswalk.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def airflow_home(self) -> Path:
        return self.data_dir / "airflow"


def get_paths() -> Paths:
    """Read the operating interface from the environment, each call (tests change it)."""
    data_dir = Path(os.environ.get("CROSSWALK_DATA_DIR", REPO_ROOT / "data")).resolve()
    landing = os.environ.get("CROSSWALK_LANDING_DIR")
    landing_dir = Path(landing).resolve() if landing else data_dir / "landing"
    return Paths(data_dir=data_dir, landing_dir=landing_dir)


@dataclass(frozen=True)
class SmtpSettings:
    host: str  # empty: notices are only written to the outbox
    port: int
    sender: str


def smtp_settings() -> SmtpSettings:
    """Mail for new-match notices: CROSSWALK_SMTP_HOST, CROSSWALK_SMTP_PORT, CROSSWALK_MAIL_FROM."""
    return SmtpSettings(host=os.environ.get("CROSSWALK_SMTP_HOST", ""),
                        port=int(os.environ.get("CROSSWALK_SMTP_PORT", "25")),
                        sender=os.environ.get("CROSSWALK_MAIL_FROM", "crosswalk@localhost"))


DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
MODEL_PATH = REPO_ROOT / "matching" / "model" / "crosswalk_model.json"
