"""The generator's scenario: the chances that shape the synthetic state, in one place.

A scenario says how households are made, who enters which program, what the
programs' plans, consents and referrals look like, and how their offices decide
applications. The identifier noise (corruption.py,
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
class CountyDesk:
    """How a county's offices decide applications (synth/applications.py)."""

    same_day: float  # share of applications decided the day they arrive
    mean_days: float  # mean days to decision of the others
    procedural: float  # share of denials that are procedural (missing documents, interview)


# Offices of each program (staff.csv `office`) in the Utah counties they serve.
OFFICES: dict[str, tuple[tuple[str, str], ...]] = {
    "dcfs": (("Salt Lake Valley", "Salt Lake"), ("Northern", "Weber"), ("Western", "Utah"),
             ("Southwest", "Washington"), ("Eastern", "Carbon")),
    "jjs": (("Salt Lake", "Salt Lake"), ("Ogden", "Weber"), ("Provo", "Utah")),
    "fep": (("Metro", "Salt Lake"), ("South Valley", "Salt Lake"), ("Ogden", "Weber"),
            ("Layton", "Davis"), ("Logan", "Cache"), ("Brigham City", "Box Elder"),
            ("Provo", "Utah"), ("Tooele", "Tooele"), ("Price", "Carbon"), ("Vernal", "Uintah"),
            ("Richfield", "Sevier"), ("Cedar City", "Iron"), ("St. George", "Washington")),
    "vr": (("Salt Lake", "Salt Lake"), ("Ogden", "Weber"), ("Provo", "Utah"),
           ("Logan", "Cache"), ("St. George", "Washington")),
    "udc": (("Region 1", "Weber"), ("Region 3", "Salt Lake"), ("Region 5", "Washington")),
}


@dataclass(frozen=True)
class Intake:
    """Applications at each program's front door (applications.csv, contract version 2).

    North Carolina's Work Support Strategies found that processing time "varies greatly from
    county to county", that many denials are procedural, that churn is frequent, and that
    "nearly half of recipients receive more than one benefit" (Urban Institute, WSS
    evaluation reports, 2014-2017): the counties below differ that much, and the share of
    applicants already served by another program is set near half.
    """

    counties: dict[str, CountyDesk] = field(default_factory=lambda: {
        "Salt Lake": CountyDesk(0.30, 14, 0.45), "Weber": CountyDesk(0.10, 28, 0.60),
        "Davis": CountyDesk(0.55, 6, 0.30), "Cache": CountyDesk(0.65, 4, 0.20),
        "Box Elder": CountyDesk(0.45, 9, 0.35), "Utah": CountyDesk(0.40, 10, 0.40),
        "Tooele": CountyDesk(0.15, 24, 0.55), "Carbon": CountyDesk(0.20, 20, 0.50),
        "Uintah": CountyDesk(0.08, 32, 0.65), "Sevier": CountyDesk(0.60, 5, 0.25),
        "Iron": CountyDesk(0.35, 12, 0.40), "Washington": CountyDesk(0.25, 18, 0.50),
    })
    # One county improves over the 36 months, from its desk above to this one.
    improving_county: str = "Weber"
    improved_to: CountyDesk = CountyDesk(0.65, 5, 0.20)
    # FEP applications by benefit; a SNAP application is expedited (7 days) this often.
    fep_benefits: dict[str, float] = field(default_factory=lambda: {
        "SNAP": 0.45, "MEDICAID": 0.25, "FEP_CASH": 0.15, "CHILD_CARE": 0.15})
    snap_expedited: float = 0.3
    # Standard days by benefit (expedited SNAP: `expedited_days`).
    standard_days: dict[str, int] = field(default_factory=lambda: {
        "SNAP": 30, "MEDICAID": 45, "FEP_CASH": 30, "CHILD_CARE": 30, "VR_SERVICES": 60,
        "CPS_ASSESSMENT": 1, "JJS_INTAKE": 30})
    expedited_days: int = 7
    # Applications not approved (denied, withdrawn, pending) per approved one.
    not_approved_per_approved: dict[str, float] = field(default_factory=lambda: {
        "fep": 0.7, "vr": 0.5, "dcfs": 0.6})
    withdrawn: float = 0.12  # of those not approved and decided
    # Of all applications, the share whose applicant is active in another program that day.
    already_served_elsewhere: float = 0.45
    # Of closed enrollments, the share whose client applies again within 90 days.
    churn: dict[str, float] = field(default_factory=lambda: {"fep": 0.25, "vr": 0.08,
                                                             "dcfs": 0.10})
    reapplication_approved: float = 0.5
    # Days back from the extract date in which applications still undecided are in flight.
    in_flight_days: int = 120


@dataclass(frozen=True)
class Scenario:
    households: Households = field(default_factory=Households)
    programs: Programs = field(default_factory=Programs)
    activity: Activity = field(default_factory=Activity)
    intake: Intake = field(default_factory=Intake)


UTAH_PILOT = Scenario()
