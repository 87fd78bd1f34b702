"""Write a night's five program drops in their legacy layouts, with the truth beside them.

Landing: `<landing>/<program>/<extract_date>/` (rosters, plans, staff, consents,
referrals, applications at the front doors, then manifest.json last). Truth, outside the
landing zone: `<data>/truth/<extract_date>/records.csv` (program, client_id, true person,
and for a JJS youth whose guardian is named, the guardian's true person),
`applications.csv` (each application's true person) and `defects.csv` (every bad row or
field injected, with the rule that must catch it).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from crosswalk.ingest.manifest import sha256_of
from crosswalk.settings import DEFAULT_EXTRACT_DATE, PROGRAMS, ROSTERS, Paths, get_paths
from crosswalk.synth import activity
from crosswalk.synth.admin_noise import AdminRates, admin_identity
from crosswalk.synth.applications import APPLICATION_COLUMNS, FRONT_DOORS, application_rows
from crosswalk.synth.corruption import NOISE, Identity, preferred_name, record_identity
from crosswalk.synth.enrollment import Enrollment, OverlapTargets, enroll_population
from crosswalk.synth.layouts import CLIENT_ID_FORMATS, ROSTER_COLUMNS, roster_row
from crosswalk.synth.population import Person, Population, build_population
from crosswalk.synth.scenario import UTAH_PILOT, Scenario

# Independent noise models: levels and thresholds are chosen on one and judged on the other.
NOISE_PROFILES = ("clerical", "admin")


@dataclass(frozen=True)
class GenerationConfig:
    people: int = 10_000
    seed: int = 42
    extract_date: date = date.fromisoformat(DEFAULT_EXTRACT_DATE)
    targets: OverlapTargets = field(default_factory=OverlapTargets)
    # Bad rows injected per program roster, of each kind the validation policy names.
    row_defects_per_kind: int = 1
    # Bad identifying fields injected per program roster (the row loads, the field is nulled).
    field_defects: int = 2
    # Which noise model spoils identifiers (NOISE_PROFILES), and a multiplier of its error rates.
    noise: str = "clerical"
    noise_scale: float = 1.0
    # Households, program entry and activity (synth/scenario.py).
    scenario: Scenario = UTAH_PILOT


@dataclass
class _Drop:
    """One program's files for the night, as lists of rows, before they are written."""

    program: str
    roster: list[dict[str, str]] = field(default_factory=list)
    plans: list[dict[str, str]] = field(default_factory=list)
    staff: list[dict[str, str]] = field(default_factory=list)
    consents: list[dict[str, str]] = field(default_factory=list)
    referrals: list[dict[str, str]] = field(default_factory=list)
    applications: list[dict[str, str]] = field(default_factory=list)
    clients: list[tuple[str, Enrollment, str]] = field(default_factory=list)  # id, spell, staff
    raw_extra: list[tuple[int, list[str]]] = field(default_factory=list)  # rows with wrong field count


def generate_extracts(config: GenerationConfig, paths: Paths | None = None) -> dict[str, int]:
    """Generate one night's drops; return the number of roster rows per program."""
    if not 1_000 <= config.people <= 1_000_000:
        raise ValueError(f"people must be between 1,000 and 1,000,000, got {config.people:,}")
    if config.noise not in NOISE_PROFILES:
        raise ValueError(f"noise must be one of {', '.join(NOISE_PROFILES)}, got {config.noise!r}")
    if config.noise_scale < 0:
        raise ValueError(f"noise_scale must be 0 or more, got {config.noise_scale}")
    paths = paths or get_paths()
    rng = np.random.default_rng(config.seed)
    as_of = config.extract_date
    population = build_population(config.people, as_of, rng, config.scenario.households)
    enrollments = enroll_population(population, as_of, rng, config.targets,
                                    config.scenario.programs)
    enrollments += _duplicate_records(enrollments, rng)

    truth: list[dict[str, object]] = []
    defects: list[dict[str, object]] = []
    by_program = {p: [e for e in enrollments if e.program == p] for p in PROGRAMS}
    person_programs: dict[int, set[str]] = {}
    for e in enrollments:
        person_programs.setdefault(e.person, set()).add(e.program)

    counts = {}
    application_truth: list[dict[str, object]] = []
    # Applications draw from their own stream, so the rosters are what they were without them.
    intake_rng = np.random.default_rng([config.seed, 2])
    for program in PROGRAMS:
        drop = _build_drop(program, by_program[program], population, person_programs, as_of, rng,
                           truth, config)
        defects += _inject_defects(drop, config, rng)
        if program in FRONT_DOORS:
            drop.applications, found = application_rows(
                program, drop.clients, drop.staff, enrollments, population, as_of, intake_rng,
                config.scenario.intake, _identity_maker(program, population, config, intake_rng))
            application_truth += found
            defects += _inject_application_defects(drop, intake_rng)
        _write_drop(drop, paths.landing_dir / program / as_of.isoformat(), as_of)
        counts[program] = len(drop.roster)

    truth_dir = paths.truth_dir / as_of.isoformat()
    _write_csv(truth_dir / "records.csv", ("program", "client_id", "true_person_id", "is_active",
                                           "true_guardian_person_id"), truth)
    _write_csv(truth_dir / "applications.csv", ("program", "application_id", "true_person_id"),
               application_truth)
    _write_csv(truth_dir / "defects.csv", ("program", "file", "line", "column", "rule", "outcome"),
               defects)
    return counts


def _duplicate_records(enrollments: list[Enrollment], rng: np.random.Generator) -> list[Enrollment]:
    """A few people get a second record in the same program (registered twice)."""
    return [
        Enrollment(e.program, e.person, e.group, e.role, e.start, e.end)
        for e in enrollments
        if rng.random() < NOISE[e.program].duplicate_record
    ]


def _build_drop(
    program: str, records: list[Enrollment], pop: Population, person_programs: dict[int, set[str]],
    as_of: date, rng: np.random.Generator, truth: list[dict[str, object]], config: GenerationConfig,
) -> _Drop:
    drop = _Drop(program)
    order = rng.permutation(len(records))
    n_active = sum(e.is_active for e in records)
    odds, programs = config.scenario.activity, config.scenario.programs
    drop.staff = activity.staff_rows(program, n_active, rng, odds)
    workers = [s["staff_id"] for s in drop.staff if s["role_title"] != "Supervisor"]
    id_offset = int(rng.integers(1000, 50000))
    identity_of = _identity_maker(program, pop, config, rng)
    others = [p for p in PROGRAMS if p != program]
    for seq, idx in enumerate(order):
        e = records[int(idx)]
        person = pop.people[e.person]
        client_id = CLIENT_ID_FORMATS[program].format(id_offset + seq)
        staff_id = workers[int(rng.integers(len(workers)))]
        drop.clients.append((client_id, e, staff_id))
        identity = identity_of(person)
        if program == "vr":
            identity = preferred_name(identity, rng, programs.vr_preferred_nickname)
        guardian, guardian_key = "", None
        if (program == "jjs" and person.guardian is not None
                and rng.random() < programs.jjs_guardian_named):
            g = pop.people[person.guardian]
            guardian, guardian_key = f"{g.first_name} {g.last_name}".upper(), g.key
        drop.roster.append(roster_row(client_id, e, identity, staff_id, guardian))
        truth.append({"program": program, "client_id": client_id, "true_person_id": e.person,
                      "is_active": e.is_active, "true_guardian_person_id": guardian_key})
        drop.plans += activity.plan_rows(program, client_id, staff_id, e.start, e.is_active,
                                         as_of, seq, rng, odds)
        consent = activity.consent_row(client_id, e.start, as_of, seq, program, rng, odds)
        if consent:
            drop.consents.append(consent)
        if e.is_active and rng.random() < odds.active_client_referred:
            to = others[int(rng.integers(len(others)))]
            drop.referrals.append(activity.referral_row(
                client_id, to, to in person_programs[e.person], e.start, as_of, seq, program, rng,
                odds))
    return drop


def _identity_maker(program: str, pop: Population, config: GenerationConfig,
                    rng: np.random.Generator) -> Callable[[Person], Identity]:
    """How the night's noise profile records a person at this program's desk."""
    noise = NOISE[program]
    if config.noise == "admin":
        admin = AdminRates().scaled(config.noise_scale)
        return lambda person: admin_identity(person, noise, pop, admin, rng, config.extract_date)
    keying = noise.scaled(config.noise_scale)
    return lambda person: record_identity(person, keying, rng)


def _inject_application_defects(drop: _Drop, rng: np.random.Generator) -> list[dict]:
    """An impossible birth date (nulled) and an exact duplicate row (quarantined)."""
    rows = drop.applications
    if not rows:
        return []
    spoiled = int(rng.integers(len(rows)))
    rows[spoiled]["birth_date"] = "1985-13-45"
    rows.append(dict(rows[int(rng.integers(len(rows)))]))
    base = {"program": drop.program, "file": "applications.csv"}
    return [{**base, "line": spoiled + 2, "column": "birth_date", "rule": "invalid_date",
             "outcome": "nulled"},
            {**base, "line": len(rows) + 1, "column": "", "rule": "exact_duplicate",
             "outcome": "quarantined"}]


def _inject_defects(drop: _Drop, config: GenerationConfig, rng: np.random.Generator) -> list[dict]:
    """Spoil some fields and append bad rows, exactly as many as the config asks; log each."""
    layout = ROSTERS[drop.program]
    columns = ROSTER_COLUMNS[drop.program]
    birth_col = next(c for c in columns if c in ("birth_date", "DOB", "BIRTH_DT", "DateOfBirth"))
    zip_col = next((c for c in columns if c.lower() in ("zip", "res_zip")), None)
    name_col = next(c for c in columns if c.lower() in ("first_name", "youth_name", "first_nm",
                                                       "firstname"))
    log: list[dict[str, object]] = []

    def record(line: int, column: str, rule: str, outcome: str) -> None:
        log.append({"program": drop.program, "file": layout.file_name, "line": line,
                    "column": column, "rule": rule, "outcome": outcome})

    spoiled = rng.choice(len(drop.roster), size=config.field_defects, replace=False)
    for i, index in enumerate(spoiled.tolist()):
        row = drop.roster[index]
        if i % 2 == 0 or zip_col is None:
            row[birth_col] = "1985-13-45"
            record(index + 2, birth_col, "invalid_date", "nulled")
        else:
            row[zip_col] = "84A01"
            record(index + 2, zip_col, "malformed_zip", "nulled")

    def append(row: dict[str, str], column: str, rule: str) -> None:
        drop.roster.append(row)
        record(len(drop.roster) + 1, column, rule, "quarantined")  # header is line 1

    for _ in range(config.row_defects_per_kind):
        source = drop.roster[int(rng.integers(len(drop.roster)))]
        append(dict(source), "", "exact_duplicate")
        append({**source, name_col: source[name_col] + "X"}, "", "conflicting_key")
        key = layout.key_columns[0]
        append({**source, key: ""}, key, "empty_key")
        drop.raw_extra.append((len(drop.roster), [*source.values(), "EXTRA"]))
        append({}, "", "wrong_field_count")  # written from raw_extra
    return log


def _write_drop(drop: _Drop, folder: Path, as_of: date) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*"):
        stale.unlink()
    layout = ROSTERS[drop.program]
    extra = dict(drop.raw_extra)
    files = {
        layout.file_name: (ROSTER_COLUMNS[drop.program], drop.roster, layout.delimiter),
        "plans.csv": (activity.PLAN_COLUMNS, drop.plans, ","),
        "staff.csv": (activity.STAFF_COLUMNS, drop.staff, ","),
        "consents.csv": (activity.CONSENT_COLUMNS, drop.consents, ","),
        "referrals.csv": (activity.REFERRAL_COLUMNS, drop.referrals, ","),
    }
    if drop.program in FRONT_DOORS:
        files["applications.csv"] = (APPLICATION_COLUMNS, drop.applications, ",")
    manifest_files = {}
    for name, (columns, rows, delimiter) in files.items():
        path = folder / name
        bad_rows = extra if name == layout.file_name else {}
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
            writer.writerow(columns)
            for i, row in enumerate(rows):
                writer.writerow(bad_rows[i] if i in bad_rows else [row[c] for c in columns])
        manifest_files[name] = {"rows": len(rows), "sha256": sha256_of(path)}
    manifest = {
        "program": drop.program, "extract_date": as_of.isoformat(),
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": manifest_files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
