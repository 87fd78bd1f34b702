"""How each program's system gets a person's identifiers wrong.

A record starts from the true person and picks up the errors its source
system is known for: typos, nicknames, preferred names, old surnames and
addresses, partial hyphenated surnames, day/month swaps, digit slips in
DOB and SSN, missing SSNs and (at UDC) self-reported placeholder SSNs.
This is the `clerical` noise profile; `admin_noise.py` is the other, made apart.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np
from nicknames import NickNamer

from crosswalk.synth.population import Person

PLACEHOLDER_SSNS = ("000000000", "999999999", "123456789")


@dataclass(frozen=True)
class Noise:
    """Per-record probabilities of each kind of error."""

    ssn_missing: float
    ssn_placeholder: float = 0.0
    nickname: float = 0.04
    typo_first: float = 0.03
    typo_last: float = 0.02
    swap_first_last: float = 0.005
    dob_day_month_swap: float = 0.02
    dob_digit: float = 0.01
    ssn_digit: float = 0.01
    ssn_transpose: float = 0.01
    old_surname: float = 0.4  # of people who changed surname
    partial_hyphen: float = 0.4  # of people with a hyphenated surname
    old_address: float = 0.35  # of people who moved
    gender_unknown: float = 0.02
    aliases: float = 0.0
    duplicate_record: float = 0.015  # a second record of the same person in the same program

    def scaled(self, scale: float) -> Noise:
        """Keying errors multiplied (capped at 1); what the program holds or lacks stays."""
        return replace(self, **{name: min(1.0, getattr(self, name) * scale) for name in KEYING_ERRORS})


KEYING_ERRORS = ("nickname", "typo_first", "typo_last", "swap_first_last", "dob_day_month_swap",
                 "dob_digit", "ssn_digit", "ssn_transpose", "gender_unknown")


NOISE: dict[str, Noise] = {
    "dcfs": Noise(ssn_missing=0.30),
    "jjs": Noise(ssn_missing=0.60, nickname=0.08),
    "fep": Noise(ssn_missing=0.02, nickname=0.02),
    "vr": Noise(ssn_missing=0.10, nickname=0.02),
    "udc": Noise(ssn_missing=0.12, ssn_placeholder=0.05, nickname=0.06, aliases=0.25),
}


@dataclass
class Identity:
    """A person as one program recorded them."""

    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    birth_date: date
    ssn: str  # 9 digits or empty
    gender: str  # M / F / U
    street: str
    city: str
    zip: str
    preferred_name: str = ""
    aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _nick_namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=4096)
def nicknames_for(name: str) -> tuple[str, ...]:
    """Nicknames of a given name, from the `nicknames` package's curated list."""
    return tuple(sorted(n.title() for n in _nick_namer().nicknames_of(name.lower()) if len(n) > 1))


def typo(text: str, rng: np.random.Generator) -> str:
    """One keying error: substitution, deletion, insertion or adjacent transposition."""
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(4))
    letter = string.ascii_lowercase[int(rng.integers(26))]
    letter = letter.upper() if text[i].isupper() else letter
    if kind == 0:
        return text[:i] + letter + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + letter + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def digit_slip(digits: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(len(digits)))
    new = str((int(digits[i]) + int(rng.integers(1, 10))) % 10)
    return digits[:i] + new + digits[i + 1:]


def transpose_digits(digits: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(len(digits) - 1))
    return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]


def _slip_birth_date(born: date, noise: Noise, rng: np.random.Generator) -> date:
    roll = rng.random()
    if roll < noise.dob_day_month_swap and born.day <= 12 and born.day != born.month:
        return born.replace(month=born.day, day=born.month)
    if roll < noise.dob_day_month_swap + noise.dob_digit:
        try:
            return born.replace(day=int(digit_slip(f"{born.day:02d}", rng)))
        except ValueError:  # slipped to an impossible day: the clerk would have noticed
            return born
    return born


def program_ssn(noise: Noise, rng: np.random.Generator) -> str | None:
    """What the program holds in place of the SSN: nothing, a placeholder, or None when it
    holds the person's number (which keying errors may then spoil)."""
    roll = rng.random()
    if roll < noise.ssn_missing:
        return ""
    if roll < noise.ssn_missing + noise.ssn_placeholder:
        return PLACEHOLDER_SSNS[int(rng.integers(len(PLACEHOLDER_SSNS)))]
    return None


def record_identity(person: Person, noise: Noise, rng: np.random.Generator) -> Identity:
    """The person's identifiers as one program's system holds them."""
    first, last = person.first_name, person.last_name
    if person.previous_last_name and rng.random() < noise.old_surname:
        last = person.previous_last_name
    if "-" in last and rng.random() < noise.partial_hyphen:
        parts = last.split("-")
        last = [parts[0], parts[1], " ".join(parts)][int(rng.integers(3))]
    nicks = nicknames_for(first)
    if nicks and rng.random() < noise.nickname:
        first = nicks[int(rng.integers(len(nicks)))]
    if rng.random() < noise.typo_first:
        first = typo(first, rng)
    if rng.random() < noise.typo_last:
        last = typo(last, rng)
    if rng.random() < noise.swap_first_last:
        first, last = last, first

    ssn = program_ssn(noise, rng)
    if ssn is None and rng.random() < noise.ssn_digit:
        ssn = digit_slip(person.ssn, rng)
    elif ssn is None and rng.random() < noise.ssn_transpose:
        ssn = transpose_digits(person.ssn, rng)
    ssn = person.ssn if ssn is None else ssn

    street, city, zip_code = person.street, person.city, person.zip
    if person.old_street and rng.random() < noise.old_address:
        street, city, zip_code = person.old_street, person.old_city, person.old_zip

    identity = Identity(
        first_name=first, middle_name=person.middle_name, last_name=last, suffix=person.suffix,
        birth_date=_slip_birth_date(person.birth_date, noise, rng), ssn=ssn,
        gender="U" if rng.random() < noise.gender_unknown else person.gender,
        street=street, city=city, zip=zip_code,
    )
    if rng.random() < noise.aliases:
        identity.aliases = _aliases(person, rng)
    return identity


def _aliases(person: Person, rng: np.random.Generator) -> list[str]:
    """Other names a person under supervision has used: nicknames, old surnames, street names."""
    options = [f"{n} {person.last_name}" for n in nicknames_for(person.first_name)[:2]]
    if person.previous_last_name:
        options.append(f"{person.first_name} {person.previous_last_name}")
    options.append(f"{typo(person.first_name, rng)} {person.last_name}")
    k = min(len(options), int(rng.integers(1, 3)))
    return [options[i] for i in sorted(rng.choice(len(options), size=k, replace=False))]


def preferred_name(identity: Identity, rng: np.random.Generator, share: float) -> Identity:
    """VR records the name a client goes by, often (`share`) a nickname of the legal name."""
    nicks = nicknames_for(identity.first_name)
    if nicks and rng.random() < share:
        return replace(identity, preferred_name=nicks[int(rng.integers(len(nicks)))])
    return identity
