"""The linkage model specification: comparisons, blocking rules, thresholds, each with its reason.

Input records come from `intermediate.int_person_records_unioned` (one per
program client) plus first-name forms added in matching/prepare.py; all five
rosters are one table, deduplicated as a whole, so links across programs and
duplicates inside a program are found alike. Conditions are written in DuckDB
SQL and marked as such, so Splink can translate them for its Spark backend.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# Columns matching reads from the warehouse; names and addresses are standardised in dbt.
INPUT_COLUMNS = ("record_id", "program", "group_id", "first_name_std", "last_name_std",
                 "preferred_name_std", "birth_date", "ssn", "gender", "zip")

# A pair at or above this probability is the same person. Chosen on generated data
# with known truth (make evaluate at 100,000 people): see README, "Linkage".
MATCH_THRESHOLD = 0.9

SEED = 20261122


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
            _level(f'"{first}_l" is null or "{first}_r" is null or "{last}_l" is null '
                   f'or "{last}_r" is null', "name missing").configure(is_null_level=True),
            _level(f'"{first}_l" = "{first}_r" and "{last}_l" = "{last}_r"', "exact")
            .configure(tf_adjustment_column=last, tf_adjustment_weight=1.0),
            # Keyed into the wrong fields.
            _level(f'"{first}_l" = "{last}_r" and "{last}_l" = "{first}_r"', "first/last swapped"),
            _level(f"{_jw(first, 0.92)} and {_jw(last, 0.92)}", "both close (typos)"),
            # Bill and William: the forms hold each name, its canonical names and the
            # preferred name (VR), from the `nicknames` package.
            _level(f'len(list_intersect("name_forms_l", "name_forms_r")) > 0 and {_jw(last, 0.92)}',
                   "nickname or preferred name, surname close"),
            # Clark-Jones recorded as Clark or Jones.
            _level(f'{_jw(first, 0.92)} and length("{last}_l") >= 3 and length("{last}_r") >= 3 '
                   f'and (contains("{last}_l", "{last}_r") or contains("{last}_r", "{last}_l"))',
                   "first close, one surname part of the other"),
            # Married name against maiden name: only the first name agrees.
            _level(f'"{first}_l" = "{first}_r"', "first exact, surname differs"),
            # Siblings and twins share this with each other: it must not be worth much.
            _level(f'"{last}_l" = "{last}_r"', "surname exact, first differs"),
            cll.ElseLevel(),
        ],
    )


def birth_date_comparison() -> cl.CustomComparison:
    col = "birth_date"
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            # 03/12 read as 12/03: day and month swapped, year the same.
            _level(f'month("{col}_l") = day("{col}_r") and day("{col}_l") = month("{col}_r") '
                   f'and year("{col}_l") = year("{col}_r")', "day and month swapped"),
            _level(f"damerau_levenshtein(strftime(\"{col}_l\", '%Y%m%d'), "
                   f"strftime(\"{col}_r\", '%Y%m%d')) <= 1", "one digit slipped"),
            _level(f'abs(date_diff(\'day\', "{col}_l", "{col}_r")) <= 366', "within a year"),
            cll.ElseLevel(),
        ],
    )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=1e-4,  # re-estimated in training
        comparisons=[
            name_comparison(),
            birth_date_comparison(),
            # Damerau-Levenshtein 1 catches one slipped digit or one transposition. Two
            # different valid SSNs almost never belong to one person (placeholders and
            # invalid SSNs are nulled before matching), but EM's blocks rarely show it,
            # so the disagreement level starts from that knowledge: it keeps twins apart.
            cl.DamerauLevenshteinAtThresholds("ssn", [1]).configure(
                m_probabilities=[0.95, 0.04, 0.01]),
            # Zip only, not street: households share both, and street agreement pulled
            # siblings together in evaluation while adding little for true matches.
            cl.ExactMatch("zip"),
            # Records of one person rarely disagree on gender, but EM never sees it happen
            # in its blocks, so the disagreement level is fixed here.
            cl.ExactMatch("gender").configure(m_probabilities=[0.995, 0.005]),
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

# Pairs no score may link (see matching/link.py, exclusion_rules): one row per pair, in order.
EXCLUSION_SQL = """
select
    case
        when l.program = r.program
            and l.group_id = r.group_id
            and jaro_winkler_similarity(l.first_name_std, r.first_name_std) < 0.8
            and len(list_intersect(l.name_forms, r.name_forms)) = 0
        then 'same_family_different_first_name'
    end as excluded_by
from pairs
left join records as l on pairs.record_id_left = l.record_id
left join records as r on pairs.record_id_right = r.record_id
order by pairs.position
"""
