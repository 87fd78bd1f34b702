"""A second noise model, written apart from `corruption.py`: the errors registration desks make.

The first model (`clerical`) makes the errors this project's linkage was
tuned on: nicknames, single typos, one slipped digit, day/month swaps. This
one makes the errors it does not, so that levels and thresholds chosen on one
can be judged on the other (`make bench`). Its kinds and rates come from
published studies of administrative person records:

- Just BH, Marc D, Munns M, Sandefer R. "Why patient matching is a challenge:
  research on master patient index (MPI) data discrepancies in key identifying
  fields." Perspect Health Inf Manag 2016;13:1e (PMC4832129). In 398,939
  confirmed duplicate pairs, the SSN disagreed in 53.5% (58% blank or a default
  value in one record), the middle name in 58.3%; first- and last-name
  mismatches were mostly misspellings (53.1% and 33.6% of them), then swaps,
  then wholly different names (twice as many as in 2007); a significant volume
  of SSN typos and transpositions, and registrars changing a digit because the
  real SSN was already taken.
- Christen P, Vatsalan D. "Flexible and extensible generation and corruption
  of personal data." CIKM 2013 (the GeCo corruptor): keyboard-neighbour,
  OCR (letters read as digits or punctuation) and phonetic (sound-alike
  spelling) error models, and blanked values.
- The Joint Commission. "Distinct newborn identification requirements."
  R3 Report, issue 17, 2018: temporary names (BABY, BABYBOY, BABYGIRL) in
  records of newborns.
- Hagger-Johnson G, Harron K, et al. "Identifying possible false matches in
  anonymized hospital administrative data without patient identifiers."
  Health Serv Res 2015;50(4):1162-78: records of one household sharing or
  swapping identifiers (a parent's details on a child's record).

Rates below are per record at `scale=1`; a pair of one person's records
shows about twice each. The heavy setting multiplies them (capped at 1).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

import numpy as np

from crosswalk.synth.corruption import Identity, Noise, digit_slip, program_ssn
from crosswalk.synth.population import Person, Population


@dataclass(frozen=True)
class AdminRates:
    blank_several: float = 0.02  # two to three identifying fields blank in one record
    dob_replaced: float = 0.006  # a different date altogether
    dob_digits: float = 0.008  # two or three digits keyed wrong
    dob_household: float = 0.003  # another household member's birth date
    ssn_digits: float = 0.008  # two to four digits wrong (a registrar's workaround, a misread)
    ssn_household: float = 0.004  # another household member's SSN
    first_household: float = 0.004  # another household member's first name
    first_initial: float = 0.012  # only the initial kept
    first_placeholder: float = 0.003  # a placeholder or relationship word
    infant_placeholder: float = 0.3  # a temporary newborn name, for a child under one
    first_phonetic: float = 0.012
    last_ocr_keyboard: float = 0.012  # letters read as digits or punctuation, a neighbouring key
    last_phonetic: float = 0.012
    last_split_merged: float = 0.006  # "DE LA CRUZ" as "DELACRUZ", "MACDONALD" as "MAC DONALD"
    middle_dropped: float = 0.15  # the middle name most often disagrees (Just et al.)

    def scaled(self, scale: float) -> AdminRates:
        return AdminRates(**{f.name: min(1.0, getattr(self, f.name) * scale) for f in fields(self)})


PLACEHOLDERS_ADULT = ("UNKNOWN", "HUSBAND", "WIFE", "MOTHER", "FATHER", "SPOUSE", "NONE")
PLACEHOLDERS_INFANT = ("BABY", "BABYBOY", "BABYGIRL", "CHILD", "INFANT")
# What an OCR pass reads a capital letter as (GeCo's OCR table, abridged).
OCR = {"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6", "E": "3", "A": "4",
       "T": "7", "D": "0", "Q": "0"}
QWERTY = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
PUNCTUATION = ("'", ".", "-")  # not ",": JJS writes "LAST, FIRST" in one field
# Sound-alike respellings, each a pair tried both ways (GeCo's phonetic rules, abridged).
PHONETIC = (("PH", "F"), ("CK", "K"), ("C", "K"), ("EE", "EA"), ("IE", "Y"), ("TH", "T"),
            ("SCH", "SH"), ("Z", "S"), ("OU", "OW"), ("AY", "AI"), ("EI", "IE"), ("KN", "N"),
            ("WR", "R"), ("GH", ""), ("LL", "L"), ("NN", "N"), ("TT", "T"), ("SS", "S"),
            ("ER", "OR"), ("SON", "SEN"), ("MAN", "MANN"), ("Y", "I"))
SPLITTABLE = ("MAC", "MC", "DE", "DEL", "DELA", "VAN", "VON", "ST", "LA", "LE", "DI", "O")


def _neighbour(letter: str, rng: np.random.Generator) -> str:
    for row in QWERTY:
        i = row.find(letter)
        if i >= 0:
            options = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return options[int(rng.integers(len(options)))]
    return letter


def ocr_or_keyboard(name: str, rng: np.random.Generator) -> str:
    """One or two characters misread (digit, punctuation) or keyed with a neighbouring key."""
    chars = list(name.upper())
    for _ in range(1 + int(rng.random() < 0.3)):
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        if not letters:
            break
        i = letters[int(rng.integers(len(letters)))]
        kind = rng.random()
        if kind < 0.45 and chars[i] in OCR:
            chars[i] = OCR[chars[i]]
        elif kind < 0.6:
            chars.insert(i, PUNCTUATION[int(rng.integers(len(PUNCTUATION)))])
        else:
            chars[i] = _neighbour(chars[i], rng)
    return "".join(chars)


def phonetic(name: str, rng: np.random.Generator) -> str:
    """A sound-alike spelling: one applicable rule, applied at one place."""
    upper = name.upper()
    options = [(a, b) for a, b in PHONETIC if a in upper] + [(b, a) for a, b in PHONETIC
                                                            if b and b in upper]
    if not options:
        return upper
    source, target = options[int(rng.integers(len(options)))]
    starts = [i for i in range(len(upper)) if upper.startswith(source, i)]
    at = starts[int(rng.integers(len(starts)))]
    changed = upper[:at] + target + upper[at + len(source):]
    return changed if len(changed) >= 2 else upper


def split_or_merge(name: str, rng: np.random.Generator) -> str:
    """Compound surnames keyed as one word (hyphens and spaces lost), prefixed ones split."""
    upper = name.upper()
    if " " in upper or "-" in upper:
        return upper.replace(" ", "").replace("-", "")
    for prefix in sorted(SPLITTABLE, key=len, reverse=True):
        if upper.startswith(prefix) and len(upper) > len(prefix) + 2:
            return f"{prefix} {upper[len(prefix):]}"
    cut = int(rng.integers(2, max(3, len(upper) - 1))) if len(upper) > 4 else 0
    return f"{upper[:cut]} {upper[cut:]}" if cut else upper


def _digits_wrong(digits: str, rng: np.random.Generator, low: int, high: int) -> str:
    positions = rng.choice(len(digits), size=int(rng.integers(low, high + 1)), replace=False)
    for i in positions.tolist():
        digits = digits[:i] + str((int(digits[i]) + int(rng.integers(1, 10))) % 10) + digits[i + 1:]
    return digits


def _dob_digits(born: date, rng: np.random.Generator, as_of: date) -> date:
    for _ in range(10):  # most wrong digit strings are still a date: retry until one is
        text = _digits_wrong(born.strftime("%Y%m%d"), rng, 2, 3)
        try:
            changed = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
        if date(1901, 1, 1) < changed < as_of:
            return changed
    return born


def _household_member(person: Person, pop: Population, rng: np.random.Generator) -> Person | None:
    others = [k for k in pop.households.get(person.household, []) if k != person.key]
    return pop.people[others[int(rng.integers(len(others)))]] if others else None


def admin_identity(person: Person, program_noise: Noise, pop: Population, rates: AdminRates,
                   rng: np.random.Generator, as_of: date) -> Identity:
    """The person as a registration desk recorded them.

    What belongs to the program rather than to error stays the program's own
    (`program_noise`): how often it holds no SSN, placeholder SSNs, old surnames
    and old addresses. (UDC aliases are the clerical profile's; this one has none.)
    """
    first, middle, last = person.first_name, person.middle_name, person.last_name
    if person.previous_last_name and rng.random() < program_noise.old_surname:
        last = person.previous_last_name
    member = _household_member(person, pop, rng)

    if rng.random() < rates.first_phonetic:
        first = phonetic(first, rng)
    if rng.random() < rates.first_initial:
        first = first[0]
    if member and rng.random() < rates.first_household:
        first = member.first_name
    is_infant = (as_of - person.birth_date).days < 365
    if rng.random() < (rates.infant_placeholder if is_infant else rates.first_placeholder):
        words = PLACEHOLDERS_INFANT if is_infant else PLACEHOLDERS_ADULT
        first = words[int(rng.integers(len(words)))]
    if rng.random() < rates.last_phonetic:
        last = phonetic(last, rng)
    if rng.random() < rates.last_ocr_keyboard:
        last = ocr_or_keyboard(last, rng)
    if rng.random() < rates.last_split_merged:
        last = split_or_merge(last, rng)
    if middle and rng.random() < rates.middle_dropped:
        middle = ""

    born = person.birth_date
    roll = rng.random()
    if roll < rates.dob_replaced:
        born = as_of - timedelta(days=int(rng.integers(365, 80 * 365)))
    elif roll < rates.dob_replaced + rates.dob_digits:
        born = _dob_digits(born, rng, as_of)
    elif member and roll < rates.dob_replaced + rates.dob_digits + rates.dob_household:
        born = member.birth_date

    ssn = program_ssn(program_noise, rng)
    if ssn is None and rng.random() < rates.ssn_digits:
        ssn = _digits_wrong(person.ssn, rng, 2, 4)
    elif ssn is None and member and rng.random() < rates.ssn_household:
        ssn = member.ssn
    ssn = person.ssn if ssn is None else ssn
    if ssn and rng.random() < program_noise.ssn_digit / 2:  # the odd single slip still happens
        ssn = digit_slip(ssn, rng)

    street, city, zip_code = person.street, person.city, person.zip
    if person.old_street and rng.random() < program_noise.old_address:
        street, city, zip_code = person.old_street, person.old_city, person.old_zip
    identity = Identity(first_name=first, middle_name=middle, last_name=last, suffix=person.suffix,
                        birth_date=born, ssn=ssn, gender=person.gender, street=street, city=city,
                        zip=zip_code)
    if rng.random() < rates.blank_several:
        identity = _blank_several(identity, rng)
    return identity


BLANKABLE = ("first_name", "last_name", "birth_date", "ssn", "gender", "street")


def _blank_several(identity: Identity, rng: np.random.Generator) -> Identity:
    chosen = rng.choice(len(BLANKABLE), size=int(rng.integers(2, 4)), replace=False)
    blanks = {}
    for i in chosen.tolist():
        name = BLANKABLE[i]
        blanks[name] = None if name == "birth_date" else ("U" if name == "gender" else "")
        if name == "street":
            blanks.update(city="", zip="")
    return replace(identity, **blanks)
