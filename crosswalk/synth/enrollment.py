"""Who is enrolled in which program, with the Utah pilot's overlaps among active clients.

Programs enrol as they do in life: DCFS takes families (a case holds children
and their parents), FEP takes assistance households, JJS takes youth, VR and
UDC take individuals. Then the active sets are adjusted so that the pilot's
shares hold exactly in the truth (see `OverlapTargets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from crosswalk.settings import ROSTER_WINDOW_MONTHS
from crosswalk.synth.population import Population
from crosswalk.synth.scenario import Programs

WINDOW_DAYS = ROSTER_WINDOW_MONTHS * 365 // 12  # 1,095: the window rosters look back


@dataclass(frozen=True)
class OverlapTargets:
    """Share of program a's active clients also active in program b (the Utah pilot)."""

    dcfs_in_udc: float = 0.173
    vr_in_udc: float = 0.094
    fep_in_vr: float = 0.093


@dataclass
class Enrollment:
    program: str
    person: int
    group: str  # dcfs case_id, fep household id; empty elsewhere
    role: str  # dcfs CHILD/PARENT/CAREGIVER; fep Y/N (head of household); udc supervision type
    start: date
    end: date | None  # None = active

    @property
    def is_active(self) -> bool:
        return self.end is None


class _Dates:
    def __init__(self, as_of: date, rng: np.random.Generator):
        self.as_of, self.rng = as_of, rng

    def active(self) -> tuple[date, None]:
        return self.as_of - timedelta(days=int(self.rng.integers(1, WINDOW_DAYS))), None

    def closed(self) -> tuple[date, date]:
        start = self.as_of - timedelta(days=int(self.rng.integers(60, WINDOW_DAYS)))
        end = start + timedelta(days=int(self.rng.integers(30, (self.as_of - start).days)))
        return start, end

    def spell(self, active_share: float) -> tuple[date, date | None]:
        return self.active() if self.rng.random() < active_share else self.closed()


def enroll_population(
    pop: Population, as_of: date, rng: np.random.Generator, targets: OverlapTargets,
    odds: Programs,
) -> list[Enrollment]:
    dates = _Dates(as_of, rng)
    out: list[Enrollment] = []
    udc_types = ("PRISON", "PROBATION", "PAROLE")

    for household, members in pop.households.items():
        children = [k for k in members if not pop.people[k].is_adult]
        if children and rng.random() < odds.dcfs_case_for_family_with_children:
            start, end = dates.spell(odds.dcfs_open)
            for k in members:
                role = "CHILD" if k in children else ("PARENT" if rng.random() < odds.dcfs_adult_is_parent
                                                   else "CAREGIVER")
                out.append(Enrollment("dcfs", k, f"C{household:07d}", role, start, end))
        if rng.random() < odds.fep_household:
            start, end = dates.spell(odds.fep_open)
            for i, k in enumerate(members):
                out.append(Enrollment("fep", k, f"H{household:07d}", "Y" if i == 0 else "N", start, end))

    for person in pop.people:
        age = pop.age_on(person.key, as_of)
        if 12 <= age <= 17 and rng.random() < odds.jjs_youth_12_to_17:
            out.append(Enrollment("jjs", person.key, "", "", *dates.spell(odds.jjs_open)))
        if age >= 16 and rng.random() < odds.vr_client_16_or_over:
            out.append(Enrollment("vr", person.key, "", "", *dates.spell(odds.vr_open)))
        if age >= 18 and rng.random() < odds.udc_adult:
            out.append(Enrollment("udc", person.key, "", str(rng.choice(udc_types)),
                                  *dates.spell(odds.udc_open)))

    _set_overlap(out, pop, "fep", "vr", targets.fep_in_vr, set(), as_of, rng, dates, min_age=16)
    _set_overlap(out, pop, "dcfs", "udc", targets.dcfs_in_udc, _active(out, "vr"), as_of, rng, dates)
    _set_overlap(out, pop, "vr", "udc", targets.vr_in_udc, _active(out, "dcfs"), as_of, rng, dates)
    return out


def _active(enrollments: list[Enrollment], program: str) -> set[int]:
    return {e.person for e in enrollments if e.program == program and e.is_active}


def _set_overlap(
    enrollments: list[Enrollment], pop: Population, a: str, b: str, share: float,
    protected: set[int], as_of: date, rng: np.random.Generator, dates: _Dates, min_age: int = 18,
) -> None:
    """Make exactly round(share * |active a|) of a's active persons active in b.

    Only persons outside `protected` (the other overlap this program takes part in)
    are moved, so fixing one pair's share leaves the other pair's share intact.
    """
    active_a, active_b = _active(enrollments, a), _active(enrollments, b)
    target = round(share * len(active_a))
    both = sorted(active_a & active_b)
    if len(both) > target:  # close b-enrollments of some shared persons
        movable = [k for k in both if k not in protected]
        drop = set(rng.choice(movable, size=len(both) - target, replace=False).tolist())
        for e in enrollments:
            if e.program == b and e.person in drop and e.is_active:
                e.start, e.end = dates.closed()
    elif len(both) < target:
        candidates = sorted(
            k for k in active_a - active_b
            if k not in protected and pop.age_on(k, as_of) >= min_age
        )
        if len(candidates) < target - len(both):
            raise ValueError(f"population too small to reach the {a}->{b} overlap of {share:.1%}")
        add = rng.choice(candidates, size=target - len(both), replace=False).tolist()
        role = "PROBATION" if b == "udc" else ""
        for k in sorted(add):
            enrollments.append(Enrollment(b, k, "", role, *dates.active()))
