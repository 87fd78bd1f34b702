"""The generator's scenario: the chances that shape the synthetic state, in one place.

A scenario says how households are made, who enters which program, and what the
programs' plans, consents and referrals look like. The identifier noise (corruption.py,
admin_noise.py) and the cross-program overlap targets (enrollment.OverlapTargets) are
set apart: they are what the linkage is judged against. `UTAH_PILOT` is the one the
repository's tests and benchmarks use.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Households:
    one_adult: float = 0.45  # else two
    children: tuple[float, ...] = (0.35, 0.2, 0.25, 0.12, 0.08)  # chance of 0, 1, ... 4
    hyphenated_surname: float = 0.05
    male: float = 0.5
    partner_keeps_own_surname: float = 0.12
    middle_name: float = 0.8
    suffix_for_men: float = 0.03  # Jr, Sr, III ...
    woman_with_earlier_surname: float = 0.12
    earlier_address: float = 0.2
    twins_among_two_or_more_children: float = 0.06


@dataclass(frozen=True)
class Programs:
    """Who enters each program, and what its roster records beside the identity."""

    dcfs_case_for_family_with_children: float = 0.12
    dcfs_adult_is_parent: float = 0.9  # else caregiver
    fep_household: float = 0.10
    jjs_youth_12_to_17: float = 0.06
    vr_client_16_or_over: float = 0.04
    udc_adult: float = 0.03
    # Of a program's spells, the share still open on the extract date.
    dcfs_open: float = 0.55
    fep_open: float = 0.5
    jjs_open: float = 0.5
    vr_open: float = 0.55
    udc_open: float = 0.6
    jjs_guardian_named: float = 0.85
    vr_preferred_nickname: float = 0.45


@dataclass(frozen=True)
class Activity:
    """Staff, plan milestones, consents and referrals of each program."""

    staff_inactive: float = 0.03
    past_milestone_complete: float = 0.85  # else stuck
    # A milestone not yet due: not started, in progress, stuck.
    current_milestone_status: tuple[float, float, float] = (0.3, 0.55, 0.15)
    milestone_required: float = 0.3
    consent_signed: float = 0.7
    consent_expires_in_a_year: float = 0.5
    consent_revoked: float = 0.04
    consent_scope: tuple[float, float, float] = (0.3, 0.5, 0.2)  # ENROLLMENT, PLAN, PLAN_WITH_SUD
    active_client_referred: float = 0.08
    referral_served_when_enrolled_there: float = 0.8
    # A referral to a program the client is not in: pending, no-show, declined, ineligible.
    other_referral_outcome: tuple[float, float, float, float] = (0.4, 0.25, 0.2, 0.15)


@dataclass(frozen=True)
class Scenario:
    households: Households = field(default_factory=Households)
    programs: Programs = field(default_factory=Programs)
    activity: Activity = field(default_factory=Activity)


UTAH_PILOT = Scenario()
