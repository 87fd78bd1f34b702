"""applications.csv (contract version 2): what each front door received in the 36 months.

Three kinds of application, for FEP, VR and DCFS:
- approved: one for each enrollment that began in the window (FEP: the head of the
  household; DCFS: a child of the case), decided on the day the enrollment began, at the
  office of the client's case manager;
- re-applications: a client whose enrollment closed applies again within 90 days (churn);
- the others, denied, withdrawn or still pending, from people the program does not enrol,
  many of them active in another program that day (`Intake.already_served_elsewhere`);
- in flight: received lately and not yet decided, at the rate approvals arrive.

How long a decision takes, and how often a denial is procedural, is the county's
(`Intake.counties`); one county improves over the window. Applicants' identifiers carry
the night's noise profile, as the rosters' do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from crosswalk.synth.corruption import Identity
from crosswalk.synth.enrollment import WINDOW_DAYS, Enrollment
from crosswalk.synth.layouts import iso_date
from crosswalk.synth.population import Person, Population
from crosswalk.synth.scenario import OFFICES, CountyDesk, Intake

APPLICATION_COLUMNS = ("application_id", "client_id", "first_name", "last_name", "birth_date",
                       "ssn", "county", "office", "benefit", "received_date", "expedited",
                       "decision_date", "decision", "denial_reason", "standard_days")
FRONT_DOORS = ("fep", "vr", "dcfs")
BENEFIT = {"vr": "VR_SERVICES", "dcfs": "CPS_ASSESSMENT"}
PROCEDURAL = ("PROCEDURAL_MISSING_DOCUMENTS", "PROCEDURAL_MISSED_INTERVIEW", "PROCEDURAL_OTHER")
PROCEDURAL_WEIGHTS = (0.5, 0.3, 0.2)
REAPPLY_WITHIN_DAYS = 90


@dataclass
class _Application:
    person: int
    client_id: str
    office: str
    received: date
    benefit: str
    expedited: bool
    standard: int
    decided: date | None
    decision: str
    denial_reason: str = ""


class _FrontDoor:
    """One program's offices, their counties' desks and the draws they make."""

    def __init__(self, program: str, staff: list[dict[str, str]], intake: Intake, as_of: date,
                 rng: np.random.Generator):
        self.program, self.intake, self.as_of, self.rng = program, intake, as_of, rng
        self.window_start = as_of - timedelta(days=WINDOW_DAYS)
        self.county = dict(OFFICES[program])
        self.office_of = {s["staff_id"]: s["office"] for s in staff}
        self.offices = sorted({s["office"] for s in staff if s["role_title"] != "Supervisor"})

    def desk(self, office: str, on: date) -> CountyDesk:
        county = self.county[office]
        desk = self.intake.counties[county]
        if county != self.intake.improving_county:
            return desk
        t = min(1.0, max(0.0, (on - self.window_start).days / WINDOW_DAYS))
        better = self.intake.improved_to
        return CountyDesk(*(a + t * (b - a) for a, b in zip(
            (desk.same_day, desk.mean_days, desk.procedural),
            (better.same_day, better.mean_days, better.procedural), strict=True)))

    def benefit(self) -> tuple[str, bool, int]:
        if self.program != "fep":
            name = BENEFIT[self.program]
            return name, False, self.intake.standard_days[name]
        names = list(self.intake.fep_benefits)
        weights = np.array([self.intake.fep_benefits[n] for n in names])
        name = names[int(self.rng.choice(len(names), p=weights / weights.sum()))]
        if name == "SNAP" and self.rng.random() < self.intake.snap_expedited:
            return name, True, self.intake.expedited_days
        return name, False, self.intake.standard_days[name]

    def days(self, desk: CountyDesk, standard: int) -> int:
        """Days to decision: the same day at the county's rate, else a spread around its mean
        (shorter where the standard is short: expedited SNAP, CPS initiation)."""
        if self.rng.random() < desk.same_day:
            return 0
        mean = desk.mean_days * min(1.0, max(standard, 2) / 30)
        return max(1, int(round(self.rng.gamma(2.0, mean / 2))))

    def denial(self, desk: CountyDesk) -> str:
        if self.rng.random() < desk.procedural:
            return PROCEDURAL[int(self.rng.choice(len(PROCEDURAL), p=PROCEDURAL_WEIGHTS))]
        if self.program == "fep" and self.rng.random() < 0.7:
            return "INCOME_OR_RESOURCES"
        return "NOT_ELIGIBLE_OTHER"

    def undecided(self, person: int, client_id: str, office: str, received: date) -> _Application:
        """Denied, withdrawn, or pending if the decision would fall after the extract date."""
        benefit, expedited, standard = self.benefit()
        desk = self.desk(office, received)
        decided = received + timedelta(days=self.days(desk, standard))
        if decided > self.as_of:
            return _Application(person, client_id, office, received, benefit, expedited, standard,
                                None, "PENDING")
        if self.rng.random() < self.intake.withdrawn:
            return _Application(person, client_id, office, received, benefit, expedited, standard,
                                decided, "WITHDRAWN")
        return _Application(person, client_id, office, received, benefit, expedited, standard,
                            decided, "DENIED", self.denial(desk))

    def random_date(self, start: date, end: date) -> date:
        return start + timedelta(days=int(self.rng.integers(0, (end - start).days + 1)))


def application_rows(
    program: str, clients: list[tuple[str, Enrollment, str]], staff: list[dict[str, str]],
    enrollments: list[Enrollment], pop: Population, as_of: date, rng: np.random.Generator,
    intake: Intake, identity_of: Callable[[Person], Identity],
) -> tuple[list[dict[str, str]], list[dict[str, object]]]:
    """`clients`: the program's roster as (client_id, enrollment, case manager's staff_id).
    Returns the file's rows, and the truth (application_id, true person) of each."""
    door = _FrontDoor(program, staff, intake, as_of, rng)
    spells: dict[int, list[Enrollment]] = {}
    for e in enrollments:
        spells.setdefault(e.person, []).append(e)

    def active_elsewhere(person: int, on: date) -> bool:
        return any(e.program != program and e.start <= on and (e.end is None or on < e.end)
                   for e in spells.get(person, ()))

    applications = _client_applications(door, clients)
    served = sum(active_elsewhere(a.person, a.received) for a in applications)
    others = round(len(applications) * intake.not_approved_per_approved[program])
    # The applicants not enrolled here make up the share served elsewhere that is missing.
    wanted = intake.already_served_elsewhere * (len(applications) + others) - served
    elsewhere_share = min(1.0, max(0.0, wanted / others)) if others else 0.0
    # A CPS report is of a child; FEP and VR applicants are adults. The program's own clients
    # apply as clients (above), with their client id.
    clients_here = {e.person for e in enrollments if e.program == program}
    eligible = {p.key for p in pop.people if (pop.age_on(p.key, as_of) < 18) == (program == "dcfs")
                and p.key not in clients_here}
    in_window = [e for e in enrollments if e.program != program and e.person in eligible
                 and (e.end is None or e.end > door.window_start)]
    anyone = sorted(eligible)
    for _ in range(others):
        office = door.offices[int(rng.integers(len(door.offices)))]
        if in_window and rng.random() < elsewhere_share:
            e = in_window[int(rng.integers(len(in_window)))]
            last = min(as_of, e.end - timedelta(days=1)) if e.end else as_of
            received = door.random_date(max(e.start, door.window_start), last)
            person = e.person
        else:
            person = anyone[int(rng.integers(len(anyone)))]
            received = door.random_date(door.window_start, as_of)
        applications.append(door.undecided(person, "", office, received))

    applications += _in_flight(door, len(applications) / WINDOW_DAYS, anyone)
    applications.sort(key=lambda a: (a.received, a.person, a.benefit))
    rows, truth = [], []
    for n, a in enumerate(applications, start=1):
        application_id = f"{program.upper()}-A{n:07d}"
        who = identity_of(pop.people[a.person])
        rows.append({
            "application_id": application_id, "client_id": a.client_id,
            "first_name": who.first_name, "last_name": who.last_name,
            "birth_date": iso_date(who.birth_date),
            "ssn": f"{who.ssn[:3]}-{who.ssn[3:5]}-{who.ssn[5:]}" if who.ssn else "",
            "county": door.county[a.office], "office": a.office, "benefit": a.benefit,
            "received_date": iso_date(a.received), "expedited": "Y" if a.expedited else "N",
            "decision_date": iso_date(a.decided), "decision": a.decision,
            "denial_reason": a.denial_reason, "standard_days": str(a.standard),
        })
        truth.append({"program": program, "application_id": application_id,
                      "true_person_id": a.person})
    return rows, truth


def _client_applications(door: _FrontDoor, clients: list[tuple[str, Enrollment, str]]
                         ) -> list[_Application]:
    """The approved application behind each enrollment that began in the window (one per
    FEP household and DCFS case), and the re-applications of clients whose enrollment closed."""
    rng, out, groups = door.rng, [], set()
    for client_id, e, staff_id in clients:
        if door.program == "fep" and e.role != "Y" or door.program == "dcfs" and e.role != "CHILD":
            continue
        if e.group and e.group in groups:
            continue
        groups.add(e.group)
        office = door.office_of[staff_id]
        benefit, expedited, standard = door.benefit()
        received = e.start - timedelta(days=door.days(door.desk(office, e.start), standard))
        if received >= door.window_start:
            out.append(_Application(e.person, client_id, office, received, benefit, expedited,
                                    standard, e.start, "APPROVED"))
        if e.end is None or rng.random() >= door.intake.churn[door.program]:
            continue
        again = e.end + timedelta(days=int(rng.integers(1, REAPPLY_WITHIN_DAYS + 1)))
        if again > door.as_of:
            continue
        if rng.random() >= door.intake.reapplication_approved:
            out.append(door.undecided(e.person, client_id, office, again))
            continue
        benefit, expedited, standard = door.benefit()
        decided = again + timedelta(days=door.days(door.desk(office, again), standard))
        out.append(_Application(e.person, client_id, office, again, benefit, expedited, standard,
                                *((decided, "APPROVED") if decided <= door.as_of else (None, "PENDING"))))
    return out


def _in_flight(door: _FrontDoor, daily: float, anyone: list[int]) -> list[_Application]:
    """Applications that will be approved but are not decided by the extract date: received
    in the last `Intake.in_flight_days` at the rate approvals arrive (`daily`), pending
    where the county's desk has not reached them, some of them past standard."""
    rng, out = door.rng, []
    for back in range(door.intake.in_flight_days):
        received = door.as_of - timedelta(days=back)
        for _ in range(int(rng.poisson(daily))):
            office = door.offices[int(rng.integers(len(door.offices)))]
            benefit, expedited, standard = door.benefit()
            if back < door.days(door.desk(office, received), standard):
                out.append(_Application(anyone[int(rng.integers(len(anyone)))], "", office,
                                        received, benefit, expedited, standard, None, "PENDING"))
    return out
