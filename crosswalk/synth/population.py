"""A population of people living in households, with true identifiers.

Names come from Faker's US frequency tables so common surnames are common
(which is what makes term-frequency adjustments in matching matter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from faker.providers.person.en_US import Provider as NameTables

from crosswalk.synth.scenario import Households

# A handful of Utah places; addresses only need to be plausible and shared by households.
UTAH_PLACES: tuple[tuple[str, str], ...] = (
    ("Salt Lake City", "84101"), ("Salt Lake City", "84104"), ("Salt Lake City", "84115"),
    ("West Valley City", "84119"), ("West Valley City", "84120"), ("Ogden", "84401"),
    ("Ogden", "84403"), ("Provo", "84601"), ("Provo", "84604"), ("Orem", "84057"),
    ("Sandy", "84070"), ("West Jordan", "84084"), ("Layton", "84041"), ("St. George", "84770"),
    ("Logan", "84321"), ("Murray", "84107"), ("Taylorsville", "84129"), ("Cedar City", "84720"),
)
STREET_SUFFIXES = ("St", "Ave", "Dr", "Ln", "Way", "Ct", "Rd", "Blvd", "Cir", "Pl")
NAME_SUFFIXES = ("JR", "SR", "III")


@dataclass
class Person:
    key: int
    household: int
    is_adult: bool
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    birth_date: date
    ssn: str  # 9 digits, valid per SSA rules
    gender: str  # M / F
    street: str
    city: str
    zip: str
    previous_last_name: str = ""  # before marriage; some programs still use it
    old_street: str = ""  # a previous address some programs still hold
    old_city: str = ""
    old_zip: str = ""
    guardian: int | None = None  # first adult of the household, for children


@dataclass
class Population:
    people: list[Person]
    households: dict[int, list[int]] = field(default_factory=dict)

    def adults(self) -> list[int]:
        return [p.key for p in self.people if p.is_adult]

    def age_on(self, key: int, on: date) -> int:
        born = self.people[key].birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _weighted(table: dict[str, float]) -> tuple[list[str], np.ndarray]:
    names = list(table)
    weights = np.array([table[n] for n in names], dtype=float)
    return names, weights / weights.sum()


def _unique_ssns(rng: np.random.Generator, n: int) -> list[str]:
    """Valid SSNs: area 001-899 except 666, group 01-99, serial 0001-9999."""
    out: set[str] = set()
    while len(out) < n:
        k = (n - len(out)) * 2
        area = rng.integers(1, 900, k)
        group = rng.integers(1, 100, k)
        serial = rng.integers(1, 10000, k)
        for a, g, s in zip(area, group, serial, strict=True):
            if a != 666:
                out.add(f"{a:03d}{g:02d}{s:04d}")
    return sorted(out)[:n]  # sorted: set order varies with PYTHONHASHSEED


def build_population(n_people: int, as_of: date, rng: np.random.Generator,
                     shape: Households) -> Population:
    """Households of 1-2 adults and 0-4 children, sharing a surname and an address."""
    male, male_w = _weighted(NameTables.first_names_male)
    female, female_w = _weighted(NameTables.first_names_female)
    last, last_w = _weighted(NameTables.last_names)
    street_names = list(NameTables.last_names)

    ssns = _unique_ssns(rng, n_people)
    rng.shuffle(ssns)
    people: list[Person] = []
    households: dict[int, list[int]] = {}

    # Draw names in bulk: one weighted draw per call is far too slow at a million people.
    male_draws = iter(rng.choice(male, size=n_people * 2, p=male_w).tolist())
    female_draws = iter(rng.choice(female, size=n_people * 2, p=female_w).tolist())
    last_draws = iter(rng.choice(last, size=n_people * 2, p=last_w).tolist())

    def first_name(gender: str) -> str:
        return next(male_draws) if gender == "M" else next(female_draws)

    def address() -> tuple[str, str, str]:
        city, zip_code = UTAH_PLACES[rng.integers(len(UTAH_PLACES))]
        street = (f"{rng.integers(10, 9999)} {street_names[rng.integers(len(street_names))]} "
                  f"{STREET_SUFFIXES[rng.integers(len(STREET_SUFFIXES))]}")
        return street, city, zip_code

    def birth(min_age: int, max_age: int) -> date:
        days = int(rng.integers(min_age * 365 + 1, max_age * 365 + 300))
        return as_of - timedelta(days=days)

    household = 0
    while len(people) < n_people:
        n_adults = 1 if rng.random() < shape.one_adult else 2
        n_children = int(rng.choice(len(shape.children), p=list(shape.children)))
        surname = next(last_draws)
        if rng.random() < shape.hyphenated_surname:
            surname = f"{surname}-{next(last_draws)}"
        street, city, zip_code = address()
        members: list[int] = []
        for i in range(n_adults + n_children):
            if len(people) >= n_people:
                break
            is_adult = i < n_adults
            gender = "M" if rng.random() < shape.male else "F"
            own_surname = surname
            if is_adult and i == 1 and rng.random() < shape.partner_keeps_own_surname:
                own_surname = next(last_draws)
            key = len(people)
            person = Person(
                key=key, household=household, is_adult=is_adult,
                first_name=first_name(gender),
                middle_name=first_name(gender) if rng.random() < shape.middle_name else "",
                last_name=own_surname,
                suffix=(str(rng.choice(NAME_SUFFIXES))
                        if gender == "M" and rng.random() < shape.suffix_for_men else ""),
                birth_date=birth(19, 64) if is_adult else birth(0, 17),
                ssn=ssns[key], gender=gender, street=street, city=city, zip=zip_code,
                guardian=members[0] if not is_adult and members else None,
            )
            if is_adult and gender == "F" and rng.random() < shape.woman_with_earlier_surname:
                person.previous_last_name = next(last_draws)
            if rng.random() < shape.earlier_address:
                person.old_street, person.old_city, person.old_zip = address()
            people.append(person)
            members.append(key)
        children = [k for k in members if not people[k].is_adult]
        if len(children) >= 2 and rng.random() < shape.twins_among_two_or_more_children:
            # twins: same DOB, own name and SSN
            people[children[1]].birth_date = people[children[0]].birth_date
        households[household] = members
        household += 1
    return Population(people=people, households=households)
