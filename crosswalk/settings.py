"""One place for paths, program layouts and thresholds.

Paths come from environment variables (the operating interface in
docs/extract-spec.md) with defaults relative to the repository, so the
same code runs from a clone, from Airflow and from tests.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from crosswalk.state import StateStore

REPO_ROOT = Path(__file__).resolve().parent.parent
# A checkout runs from the repository's own folders; an installed wheel carries them inside
# the package (pyproject.toml maps dbt_project/, expectations/ and dags/ there).
IN_CHECKOUT = (REPO_ROOT / "pyproject.toml").is_file()
_PACKAGED = Path(__file__).resolve().parent / "resources"


def _project_folder(name: str) -> Path:
    packaged = _PACKAGED / name
    return packaged if packaged.is_dir() else REPO_ROOT / name


class InputError(RuntimeError):
    """Wrong input (a setting, a date, a drop): retrying cannot help, so a task fails at once."""


class SettingsError(InputError):
    """The operating interface is incomplete."""


class StepSkipped(Exception):
    """The step has nothing to do tonight: it ends skipped, not failed."""


class NothingDelivered(StepSkipped):
    """No program delivered anything for the night: there is nothing new to build."""


class NotRepublished(StepSkipped):
    """A backfill: its state is kept, but the published warehouse stays the newest night's."""


PROGRAMS: tuple[str, ...] = ("dcfs", "jjs", "fep", "vr", "udc")
SHARED_FILES: tuple[str, ...] = ("plans.csv", "staff.csv", "consents.csv", "referrals.csv")
# Shared files a drop may lack (contract version 2): checked when present or in the manifest.
OPTIONAL_FILES: tuple[str, ...] = ("applications.csv",)

# Retries per Airflow task: a scheduler retries transient failures; tests set 0 to fail fast.
DEFAULT_TASK_RETRIES = 2
TASK_RETRIES = int(os.environ.get("CROSSWALK_TASK_RETRIES", DEFAULT_TASK_RETRIES))

# When the nightly DAG runs (cron, UTC): drops arrive around 01:00. "none": only when
# triggered (a test deployment, or an outside scheduler that triggers it).
_SCHEDULE = os.environ.get("CROSSWALK_SCHEDULE") or "0 3 * * *"
NIGHTLY_SCHEDULE = None if _SCHEDULE.lower() == "none" else _SCHEDULE

# The Airflow pool, of one slot, of the tasks that write the warehouse (`airflow pools set`).
WAREHOUSE_POOL = "crosswalk_warehouse"

# How long a roster looks back: dates before this window are implausible.
ROSTER_WINDOW_MONTHS = 36

# The published warehouse is written in this storage version, so the DuckDB 1.x clients
# analysts have (the CLI, DBeaver's driver) open it; the build itself is in the engine's own.
ANALYST_STORAGE_VERSION = "v1.4.0"

# The extract date commands use when none is given (the generator's, the CLI's, the bench's).
DEFAULT_EXTRACT_DATE = "2026-11-21"


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
    "applications.csv": ("application_id",),
}
# Shared files whose key is unique: a key repeated with other content is quarantined.
UNIQUE_KEY_FILES: tuple[str, ...] = ("applications.csv",)


def file_stem(name: str) -> str:
    """A place's name as a file name's stem: `St. George` -> `st-george`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def entity_of(file_name: str) -> str:
    """`clients.txt` -> `clients`: the raw-zone folder a file lands in."""
    return file_name.split(".")[0]


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    landing_dir: Path
    run: str = "default"  # whose build folder: `for_run` names it after the run

    def for_run(self, run_id: str) -> Paths:
        """These paths with the run's own build folder, so no run touches another's."""
        return replace(self, run=re.sub(r"[^A-Za-z0-9_.-]", "_", run_id))

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def audit_dir(self) -> Path:
        """Per-drop validation results (audit, quarantine, field issues) as Parquet."""
        return self.data_dir / "audit"

    @property
    def state_dir(self) -> Path:
        """What lives from night to night, outside the warehouse rebuilt each run."""
        return self.data_dir / "state"

    @property
    def state(self) -> StateStore:
        """The linkage (registry, scored pairs) and the history (enrollment, measures)."""
        return StateStore(self.state_dir)

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
        """The analysts' file: marts, reference and de-identified tables, no identifiers;
        replaced only when a run succeeds."""
        return self.warehouse_dir / "crosswalk.duckdb"

    @property
    def secure_dir(self) -> Path:
        """The layers that need PII and every build, readable by their owner only (0700)."""
        return self.data_dir / "secure"

    @property
    def secure_warehouse(self) -> Path:
        """The secure file: staging, intermediate, linkage and casework (PII)."""
        return self.secure_dir / "crosswalk_secure.duckdb"

    @property
    def builds_dir(self) -> Path:
        return self.secure_dir / "build"  # a build holds both files, so it is secure

    @property
    def build_dir(self) -> Path:
        """This run's own build folder: both warehouse files, the history, dbt's artifacts."""
        return self.builds_dir / self.run

    @property
    def work_warehouse(self) -> Path:
        """The analysts' file a run builds (dbt attaches it as `crosswalk`) before publishing."""
        return self.build_dir / "crosswalk.duckdb"

    @property
    def work_secure(self) -> Path:
        """The secure file a run builds (dbt's own database) before publishing."""
        return self.build_dir / "crosswalk_secure.duckdb"

    @property
    def build_history(self) -> Path:
        """The history a run extends (attached to the build as `history`), from the state
        of the night before; kept as the night's own state once the marts are built."""
        return self.build_dir / "history.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def airflow_home(self) -> Path:
        return self.data_dir / "airflow"


def get_paths() -> Paths:
    """Read the operating interface from the environment, each call (tests change it)."""
    configured = os.environ.get("CROSSWALK_DATA_DIR")
    if not configured and not IN_CHECKOUT:
        raise SettingsError(
            "CROSSWALK_DATA_DIR is not set. Installed outside a checkout, crosswalk keeps no "
            "data beside its code: set it to the data directory, on storage every Airflow "
            "worker shares (README, 'In production').")
    data_dir = Path(configured or REPO_ROOT / "data").resolve()
    if "'" in str(data_dir):  # dbt's sources name the zones inside SQL string literals
        raise SettingsError(f"CROSSWALK_DATA_DIR {str(data_dir)!r} holds a single quote: "
                            "choose a path without one")
    landing = os.environ.get("CROSSWALK_LANDING_DIR")
    landing_dir = Path(landing).resolve() if landing else data_dir / "landing"
    return Paths(data_dir=data_dir, landing_dir=landing_dir)


def _int_setting(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name} is {value!r}: it must be a whole number") from None


def notice_list_limit() -> int:
    """How many matches a new-match notice lists (CROSSWALK_NOTICE_LIST_LIMIT, 25); the rest
    are counted (the sync report has them all)."""
    return _int_setting("CROSSWALK_NOTICE_LIST_LIMIT", 25)


def raw_retention_days() -> int:
    """How many days after its extract date a drop is kept in the raw, audit and landing
    zones (CROSSWALK_RAW_RETENTION_DAYS, 90): `crosswalk purge` removes older ones."""
    return _int_setting("CROSSWALK_RAW_RETENTION_DAYS", 90)


def operator_email() -> str:
    """Who hears of a task that failed for good (CROSSWALK_OPERATOR_EMAIL)."""
    return os.environ.get("CROSSWALK_OPERATOR_EMAIL", "")


def program_contact(program: str) -> str:
    """Who hears that a program's drop was rejected or is missing: CROSSWALK_CONTACT_<PROGRAM>
    (e.g. CROSSWALK_CONTACT_DCFS), else the operators."""
    return os.environ.get(f"CROSSWALK_CONTACT_{program.upper()}", operator_email())


@dataclass(frozen=True)
class SmtpSettings:
    host: str  # with conn_id empty too: notices are only written to the outbox
    port: int
    sender: str
    security: str  # starttls, ssl (implicit TLS) or none
    user: str  # empty: no login
    password: str = field(repr=False)  # never in a log line that prints the settings
    conn_id: str = ""  # an Airflow connection: its host, login and TLS extras win

    @property
    def configured(self) -> bool:
        return bool(self.host or self.conn_id)


def smtp_settings() -> SmtpSettings:
    """Mail for notices and alerts. Either CROSSWALK_SMTP_CONN_ID, an Airflow connection of
    type smtp (from `AIRFLOW_CONN_<ID>`, the metadata database or a secrets backend), sent
    through the SMTP provider's hook; or CROSSWALK_SMTP_HOST, CROSSWALK_SMTP_PORT (587),
    CROSSWALK_SMTP_SECURITY (starttls | ssl | none), CROSSWALK_SMTP_USER and
    CROSSWALK_SMTP_PASSWORD. CROSSWALK_MAIL_FROM, else the connection's `from_email`."""
    security = os.environ.get("CROSSWALK_SMTP_SECURITY", "starttls")
    if security not in ("starttls", "ssl", "none"):
        raise SettingsError(f"CROSSWALK_SMTP_SECURITY is {security!r}: use starttls, ssl or none")
    conn_id = os.environ.get("CROSSWALK_SMTP_CONN_ID", "")
    sender = os.environ.get("CROSSWALK_MAIL_FROM", "")
    if conn_id and not sender:
        from airflow.providers.smtp.hooks.smtp import SmtpHook  # Airflow: not for every setting

        sender = SmtpHook.get_connection(conn_id).extra_dejson.get("from_email", "")
    password = os.environ.get("CROSSWALK_SMTP_PASSWORD", "")
    if password:
        from airflow.sdk.log import mask_secret

        mask_secret(password, "CROSSWALK_SMTP_PASSWORD")  # Airflow's task logs redact it
    return SmtpSettings(host=os.environ.get("CROSSWALK_SMTP_HOST", ""),
                        port=_int_setting("CROSSWALK_SMTP_PORT", 587),
                        sender=sender or "crosswalk@localhost", security=security,
                        user=os.environ.get("CROSSWALK_SMTP_USER", ""), password=password,
                        conn_id=conn_id)


DBT_PROJECT_DIR = _project_folder("dbt_project")
EXPECTATIONS_DIR = _project_folder("expectations")
DAG_FILE = _project_folder("dags") / "crosswalk_nightly.py"
MODEL_PATH = REPO_ROOT / "matching" / "model" / "crosswalk_model.json"
