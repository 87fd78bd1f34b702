"""The linkage model specification: comparisons, blocking rules, thresholds, each with its reason.

Input records come from `intermediate.int_person_records_unioned` (one per
program client) plus first-name forms added in matching/prepare.py; all five
rosters are one table, deduplicated as a whole, so links across programs and
duplicates inside a program are found alike. Conditions are written in DuckDB
SQL and marked as such, so Splink can translate them for its Spark backend.
"""

from __future__ import annotations

import math

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity
from splink import SettingsCreator, block_on

# Columns matching reads from the warehouse; names and addresses are standardised in dbt.
INPUT_COLUMNS = ("record_id", "program", "group_id", "first_name_std", "middle_name_std",
                 "last_name_std", "preferred_name_std", "alias_names_std", "birth_date", "ssn",
                 "gender", "zip")

# A pair at or above this probability is the same person. Chosen on the tuning profile
# only (clerical noise, 100,000 people: best F1 of the bench's grid) and judged on the
# other (admin): bench/results.
MATCH_THRESHOLD = 0.8

# Pairs a clerical reviewer should see (matching/review.py): too close to the threshold
# to trust either way. About 2.5 per thousand records on generated data.
REVIEW_BAND = (0.5, 0.97)

# The queue shows each field as same, close or differs: names close at Jaro-Winkler 0.8 or
# more, dates and SSNs at one edit (a slipped or swapped digit).
REVIEW_NAME_CLOSE = 0.8
REVIEW_DIGITS_CLOSE = 1

# Pairs scored above this are kept (linkage.scored_pairs, the review queue, the report).
KEEP_PAIRS_FROM = 0.01

# Reviewers' decisions are a sample (the clerical estimate, matching/accuracy.py), stratified
# at these match probabilities; the threshold is an edge, as the model errs differently on
# its two sides. Besides the band, the queue carries an audit sample: up to
# AUDIT_PAIRS_PER_STRATUM pairs no rule refused, drawn at random from each stratum outside
# the band, so that decisions measure the model where it is sure too.
CLERICAL_STRATA = (KEEP_PAIRS_FROM, 0.1, 0.3, REVIEW_BAND[0], 0.65, MATCH_THRESHOLD, 0.9,
                   REVIEW_BAND[1], 0.99, math.inf)
AUDIT_PAIRS_PER_STRATUM = 5


def clerical_stratum(match_probability: pd.Series) -> pd.Series:
    """Each pair's stratum of `CLERICAL_STRATA` (an interval, closed on the left); none below
    the first edge."""
    return pd.cut(match_probability, CLERICAL_STRATA, right=False)

SEED = 20261122

# Up to this many digits apart, an SSN is a miskeyed number, not another person's.
SSN_MISKEYED_DIGITS = 4


def _level(sql: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")


def _jw(column: str, threshold: float) -> str:
    return f'jaro_winkler_similarity("{column}_l", "{column}_r") >= {threshold}'


def name_comparison() -> cl.CustomComparison:
    """First and last name together, so a nickname or a changed surname is judged in context."""
    first, last = "first_name_std", "last_name_std"
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            # A missing part (or a placeholder, nulled in dbt): see name_part_comparison.
            _level(f'"{first}_l" is null or "{first}_r" is null or "{last}_l" is null '
                   f'or "{last}_r" is null', "name missing").configure(is_null_level=True),
            _level(f'"{first}_l" = "{first}_r" and "{last}_l" = "{last}_r"', "exact")
            .configure(tf_adjustment_column=last, tf_adjustment_weight=1.0),
            # Keyed into the wrong fields.
            # Random pairs almost never show the next two levels, so u starts at what a
            # million random pairs would show at most (training keeps it where unseen).
            _level(f'"{first}_l" = "{last}_r" and "{last}_l" = "{first}_r"', "first/last swapped")
            .configure(u_probability=1e-6),
            # UDC aliases and VR preferred names: any name the person is known by agrees.
            _level('len(list_intersect("known_names_l", "known_names_r")) > 0', "a known name (alias)")
            .configure(u_probability=1e-6),
            _level(f"{_jw(first, 0.92)} and {_jw(last, 0.92)}", "both close (typos)"),
            # Bill and William: the forms hold each name, its canonical names and the
            # preferred name (VR), from the `nicknames` package.
            _level(f'len(list_intersect("name_forms_l", "name_forms_r")) > 0 and {_jw(last, 0.92)}',
                   "nickname or preferred name, surname close"),
            # Phillips and Filips: spelled as heard (phonetic keys from matching/prepare.py).
            # Metaphone keeps few vowels (Jane and June key alike), so the first names must
            # also be alike: siblings must not sound like one person.
            _level(f'"first_name_sound_l" = "first_name_sound_r" and {_jw(first, 0.8)} and '
                   '"last_name_sound_l" = "last_name_sound_r"', "both sound alike"),
            # J. Smith: a desk that keeps only the initial.
            _level(f'(length("{first}_l") = 1 or length("{first}_r") = 1) and '
                   f'left("{first}_l", 1) = left("{first}_r", 1) and {_jw(last, 0.92)}',
                   "initial agrees, surname close")
            # Clean training nights hold no initials: about 1 in 26 random pairs shares an
            # initial, times a close surname; m as for a surname alone.
            .configure(m_probability=0.01, u_probability=5e-5, fix_m_probability=True,
                       fix_u_probability=True),
            # Clark-Jones recorded as Clark or Jones.
            _level(f'{_jw(first, 0.92)} and length("{last}_l") >= 3 and length("{last}_r") >= 3 '
                   f'and (contains("{last}_l", "{last}_r") or contains("{last}_r", "{last}_l"))',
                   "first close, one surname part of the other"),
            # A typo in each, or two in one: still alike, worth less.
            _level(f"{_jw(first, 0.8)} and {_jw(last, 0.8)}", "both alike"),
            # Married name against maiden name: only the first name agrees.
            _level(f'"{first}_l" = "{first}_r"', "first exact, surname differs"),
            # Siblings and twins share this with each other: it must not be worth much. EM
            # on a night with many household mix-ups learns it as a match; fixed instead.
            _level(f'"{last}_l" = "{last}_r"', "surname exact, first differs")
            .configure(m_probability=0.002, fix_m_probability=True),
            # A household member's name keyed on the wrong record happens (Just et al. 2016):
            # wholly different names are strong evidence against, not a veto.
            cll.ElseLevel().configure(m_probability=0.003, fix_m_probability=True),
        ],
    )


def name_part_comparison() -> cl.CustomComparison:
    """When one record lacks its first name or its surname, the other part alone.

    Null (no evidence either way) whenever `name_comparison` can judge the pair. A
    part is missing about as often for a match as for a non-match, so each level is
    worth what that part's agreement is worth on its own. Training nights seldom show
    such pairs, so m and u are fixed from that reasoning (u of an exact surname is
    its term frequency), not learnt.
    """
    first, last = "first_name_std", "last_name_std"
    one_part = (f'(("{first}_l" is null or "{first}_r" is null) and "{last}_l" is not null '
                f'and "{last}_r" is not null) or (("{last}_l" is null or "{last}_r" is null) '
                f'and "{first}_l" is not null and "{first}_r" is not null)')
    return cl.CustomComparison(
        output_column_name="name_part",
        comparison_levels=[
            _level(f"not ({one_part})", "both parts or neither").configure(is_null_level=True),
            _level(f'"{last}_l" = "{last}_r"', "first missing, surname exact")
            .configure(m_probability=0.85, u_probability=0.004, fix_m_probability=True,
                       fix_u_probability=True, tf_adjustment_column=last, tf_adjustment_weight=1.0),
            _level(_jw(last, 0.92), "first missing, surname close")
            .configure(m_probability=0.08, u_probability=0.003, fix_m_probability=True,
                       fix_u_probability=True),
            _level(f'"{first}_l" = "{first}_r"', "surname missing, first exact")
            .configure(m_probability=0.8, u_probability=0.006, fix_m_probability=True,
                       fix_u_probability=True),
            cll.ElseLevel().configure(m_probability=0.07, u_probability=0.987,
                                      fix_m_probability=True, fix_u_probability=True),
        ],
    )


def birth_date_comparison() -> cl.CustomComparison:
    col = "birth_date"
    digits = f"damerau_levenshtein(strftime(\"{col}_l\", '%Y%m%d'), strftime(\"{col}_r\", '%Y%m%d'))"
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            # 03/12 read as 12/03: day and month swapped, year the same.
            _level(f'month("{col}_l") = day("{col}_r") and day("{col}_l") = month("{col}_r") '
                   f'and year("{col}_l") = year("{col}_r")', "day and month swapped"),
            _level(f"{digits} <= 1", "one digit slipped"),
            # The levels below are rare for one person in any one roster, so EM's blocks
            # seldom show them; published discrepancy rates (Just et al. 2016) put a floor
            # under m, fixed so that training on a clean night cannot make them vetoes.
            _level(f"{digits} <= 3", "two or three digits differ")
            .configure(m_probability=0.008, fix_m_probability=True),
            _level(f'abs(date_diff(\'day\', "{col}_l", "{col}_r")) <= 366', "within a year")
            .configure(m_probability=0.004, fix_m_probability=True),
            # A different date altogether, or a household member's.
            cll.ElseLevel().configure(m_probability=0.008, fix_m_probability=True),
        ],
    )


def middle_name_comparison() -> cl.CustomComparison:
    """Middle name or initial: evidence that survives a married name (FEP keeps one letter)."""
    col = "middle_name_std"
    return cl.CustomComparison(
        output_column_name="middle_name",
        comparison_levels=[
            cll.NullLevel(col),
            _level(f'"{col}_l" = "{col}_r" and length("{col}_l") > 1', "full middle name agrees"),
            _level(f'left("{col}_l", 1) = left("{col}_r", 1)', "initial agrees"),
            # Middle names disagree in more than half of real duplicates (Just et al. 2016):
            # weak evidence against, never a veto.
            cll.ElseLevel().configure(m_probability=0.1, fix_m_probability=True),
        ],
    )


def ssn_comparison() -> cl.CustomComparison:
    """SSN: one slip or transposition, several digits wrong, or a different number.

    A different valid SSN is strong evidence against (it keeps twins apart), but
    registrars key several digits wrong or a household member's number (Just et
    al. 2016): m of disagreement is fixed at that rate, not learnt as zero.
    """
    col = "ssn"
    distance = f'damerau_levenshtein("{col}_l", "{col}_r")'
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            _level(f"{distance} <= 1", "one digit slipped or transposed"),
            _level(f"{distance} <= {SSN_MISKEYED_DIGITS}", "two to four digits differ")
            .configure(m_probability=0.01, fix_m_probability=True),
            cll.ElseLevel().configure(m_probability=0.005, fix_m_probability=True),
        ],
    )


def gender_comparison() -> cl.CustomComparison:
    """Records of one person rarely disagree on gender, but EM never sees it happen in its
    blocks, so the disagreement level is fixed."""
    return cl.CustomComparison(
        output_column_name="gender",
        comparison_levels=[
            cll.NullLevel("gender"),
            cll.ExactMatchLevel("gender"),
            cll.ElseLevel().configure(m_probability=0.01, fix_m_probability=True),
        ],
    )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=1e-4,  # re-estimated in training
        comparisons=[
            name_comparison(),
            name_part_comparison(),
            middle_name_comparison(),
            birth_date_comparison(),
            ssn_comparison(),
            # Zip only, not street: households share both, and street agreement pulled
            # siblings together in evaluation while adding little for true matches.
            cl.ExactMatch("zip"),
            gender_comparison(),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("ssn"),  # SSN agrees: candidates whatever the names say
            block_on("birth_date"),  # DOB agrees: catches name changes and typos
            block_on("first_name_std", "last_name_std"),  # DOB slipped, swapped or missing
            block_on("last_name_std", "zip"),  # family members, moved DOB digits
            block_on("substr(first_name_std, 1, 3)", "year(birth_date)"),  # surname changed
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


# Rules whose pairs are nearly all matches: used to estimate how rare a match is.
DETERMINISTIC_RULES = [
    block_on("ssn", "birth_date"),
    block_on("first_name_std", "last_name_std", "birth_date"),
]
# EM passes: each fixes some columns and learns the others. Blocks that admit many
# relatives (birth date alone: twins; names alone: fathers and sons) teach EM that
# family members match, so each pass blocks on something relatives do not share.
EM_BLOCKING_RULES = [
    block_on("ssn"),
    block_on("first_name_std", "last_name_std", "birth_date"),
]

# Rules no score may override (matching/cluster.py refuses any link that would put two
# records they name into one person). Each returns the rule's name, or None.
RULE_COLUMNS = ("program", "group_id", "first_name_std", "last_name_std", "name_forms", "ssn",
                "gender", "birth_date")  # what cannot_link and is_low_information read
FAMILY_NAME_SIMILARITY = 0.8  # below this Jaro-Winkler, two first names are different names


def _same_name_and_birth(a: dict, b: dict) -> bool:
    return bool(a["first_name_std"] and a["last_name_std"] and not pd.isna(a["birth_date"])
                and a["first_name_std"] == b["first_name_std"]
                and a["last_name_std"] == b["last_name_std"] and a["birth_date"] == b["birth_date"])


def is_low_information(record: dict) -> bool:
    """A record with no first name and no SSN: surname, birth date and address fit a household.

    Such a record may join one person, but two people are never joined through it
    (matching/cluster.py): BABY SMITH born on the day of a Smith twin is either twin.
    """
    return not record["first_name_std"] and not record["ssn"]


def cannot_link(a: dict, b: dict) -> str | None:
    """Why records `a` and `b` cannot be one person, or None.

    `different_ssn`: two valid SSNs that are different numbers altogether (more than
    SSN_MISKEYED_DIGITS apart) belong to two people (placeholders, invalid and shared
    numbers are already nulled), unless first name, surname and birth date all agree
    exactly: then a household member's number is likelier than a namesake born the same
    day. Up to that many digits wrong is a miskeyed number, and the score decides.
    `same_family_different_first_name`: a DCFS case or FEP household lists each member
    once, so two of its records with unalike first names (no shared nickname form, not
    first and last keyed the wrong way round) are siblings, most often twins, however
    well surname, birth date and address agree; unless the SSN says otherwise.
    Fellegi-Sunter cannot learn this: random pairs are almost never on one case.
    `same_family_different_gender`: Stephen and Stephanie on one case.
    """
    ssn_a, ssn_b = a["ssn"], b["ssn"]
    if (ssn_a and ssn_b and damerau_levenshtein_distance(ssn_a, ssn_b) > SSN_MISKEYED_DIGITS
            and not _same_name_and_birth(a, b)):
        return "different_ssn"
    same_family = (a["program"] == b["program"] and a["group_id"] is not None
                   and a["group_id"] == b["group_id"] and not (ssn_a and ssn_a == ssn_b))
    if not same_family:
        return None
    first_a, first_b = a["first_name_std"] or "", b["first_name_std"] or ""
    swapped = first_a == b["last_name_std"] and a["last_name_std"] == first_b
    if (not swapped and jaro_winkler_similarity(first_a, first_b) < FAMILY_NAME_SIMILARITY
            and not set(a["name_forms"]) & set(b["name_forms"])):
        return "same_family_different_first_name"
    if a["gender"] and b["gender"] and a["gender"] != b["gender"]:
        return "same_family_different_gender"
    return None
