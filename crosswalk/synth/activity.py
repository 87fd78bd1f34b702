"""The shared-layout files: staff, plan milestones, consents and referrals."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
from faker.providers.person.en_US import Provider as NameTables

from crosswalk.synth.layouts import iso_date
from crosswalk.synth.scenario import OFFICES, Activity

STAFF_COLUMNS = ("staff_id", "first_name", "last_name", "role_title", "email", "phone", "office",
                 "team", "supervisor_id", "active")
PLAN_COLUMNS = ("client_id", "plan_id", "goal", "milestone", "activity", "category", "required",
                "target_start_date", "actual_start_date", "target_end_date", "actual_end_date",
                "status", "stuck_reason", "planned_dosage_hours", "actual_dosage_hours",
                "staff_id", "updated_at")
CONSENT_COLUMNS = ("client_id", "consent_id", "signed_date", "expiration_date", "revoked_date",
                   "scope")
REFERRAL_COLUMNS = ("referral_id", "client_id", "to_program", "referral_date", "need_category",
                    "status", "status_date")

ROLE_TITLES = {"dcfs": "Caseworker", "jjs": "Case Manager", "fep": "Employment Counselor",
               "vr": "VR Counselor", "udc": "Agent"}
CATEGORIES = {
    "dcfs": ("SAFETY", "PARENTING", "HOUSING", "MENTAL_HEALTH", "SUBSTANCE_USE", "FOOD"),
    "jjs": ("EDUCATION_TRAINING", "LEGAL", "MENTAL_HEALTH", "SUBSTANCE_USE", "OTHER"),
    "fep": ("EMPLOYMENT", "FINANCIAL", "FOOD", "HOUSING", "EDUCATION_TRAINING"),
    "vr": ("EMPLOYMENT", "EDUCATION_TRAINING", "PHYSICAL_HEALTH", "MENTAL_HEALTH"),
    "udc": ("LEGAL", "SUBSTANCE_USE", "EMPLOYMENT", "HOUSING", "MENTAL_HEALTH"),
}
STUCK_REASONS = ("CLIENT_NOT_ENGAGED", "WAITLIST", "TRANSPORTATION", "CHILD_CARE",
                 "AWAITING_DOCUMENTS", "AWAITING_OTHER_PROGRAM", "CONFLICTING_REQUIREMENTS",
                 "HEALTH", "INCARCERATED", "FUNDING", "OTHER")
SCOPES = ("ENROLLMENT", "PLAN", "PLAN_WITH_SUD")


def staff_rows(program: str, n_clients: int, rng: np.random.Generator,
               odds: Activity) -> list[dict[str, str]]:
    """About one case manager per 30 clients (one at least in every office), one supervisor per
    8 case managers."""
    offices = OFFICES[program]
    n = max(4, math.ceil(n_clients / 30), len(offices) + 1)
    n_supervisors = max(1, math.ceil(n / 8))
    n = max(n, len(offices) + n_supervisors)  # a case manager in every office
    firsts = list(NameTables.first_names)
    lasts = list(NameTables.last_names)
    rows = []
    for i in range(n):
        first = firsts[int(rng.integers(len(firsts)))]
        last = lasts[int(rng.integers(len(lasts)))]
        staff_id = f"{program.upper()}-S{i + 1:04d}"
        is_supervisor = i < n_supervisors
        rows.append({
            "staff_id": staff_id, "first_name": first, "last_name": last,
            "role_title": "Supervisor" if is_supervisor else ROLE_TITLES[program],
            "email": f"{first.lower()}.{last.lower()}{i + 1}@{program}.utah.example",
            "phone": f"801-{rng.integers(200, 999)}-{rng.integers(0, 9999):04d}",
            "office": offices[(i if is_supervisor else i - n_supervisors) % len(offices)][0],
            "team": f"Team {i % n_supervisors + 1}",
            "supervisor_id": "" if is_supervisor else f"{program.upper()}-S{i % n_supervisors + 1:04d}",
            "active": "N" if rng.random() < odds.staff_inactive else "Y",
        })
    return rows


def plan_rows(
    program: str, client_id: str, staff_id: str, start: date, is_active: bool, as_of: date,
    plan_no: int, rng: np.random.Generator, odds: Activity,
) -> list[dict[str, str]]:
    """A plan of 1-5 milestones for an active client, 0-2 finished ones for a closed client."""
    count = int(rng.integers(1, 6)) if is_active else int(rng.integers(0, 3))
    categories = CATEGORIES[program]
    rows = []
    for m in range(count):
        category = categories[int(rng.integers(len(categories)))]
        target_start = start + timedelta(days=int(rng.integers(0, 120)))
        target_end = target_start + timedelta(days=int(rng.integers(14, 180)))
        if target_end <= as_of - timedelta(days=30) or not is_active:
            status = "COMPLETE" if rng.random() < odds.past_milestone_complete else "STUCK"
        else:
            status = str(rng.choice(("NOT_STARTED", "IN_PROGRESS", "STUCK"),
                                    p=odds.current_milestone_status))
        actual_start = (target_start + timedelta(days=int(rng.integers(-5, 20)))
                        if status != "NOT_STARTED" else None)
        if actual_start and actual_start > as_of:
            actual_start = as_of
        actual_end = None
        if status == "COMPLETE":
            actual_end = min(as_of, target_end + timedelta(days=int(rng.integers(-20, 30))))
            actual_start = min(actual_start or target_start, actual_end)
        planned = float(rng.integers(2, 60))
        rows.append({
            "client_id": client_id, "plan_id": f"{program.upper()}-P{plan_no:07d}",
            "goal": f"{category.replace('_', ' ').title()} goal",
            "milestone": f"{category.replace('_', ' ').title()} milestone {m + 1}",
            "activity": f"Activity {m + 1}",
            "category": category,
            "required": "Y" if rng.random() < odds.milestone_required else "N",
            "target_start_date": iso_date(target_start),
            "actual_start_date": iso_date(actual_start),
            "target_end_date": iso_date(target_end),
            "actual_end_date": iso_date(actual_end),
            "status": status,
            "stuck_reason": (STUCK_REASONS[int(rng.integers(len(STUCK_REASONS)))]
                             if status == "STUCK" else ""),
            "planned_dosage_hours": f"{planned:.1f}",
            "actual_dosage_hours": (f"{planned * rng.random():.1f}"
                                    if status != "NOT_STARTED" else ""),
            "staff_id": staff_id,
            "updated_at": datetime.combine(
                as_of - timedelta(days=int(rng.integers(0, 60))), datetime.min.time()
            ).replace(hour=int(rng.integers(7, 18))).isoformat(),
        })
    return rows


def consent_row(
    client_id: str, start: date, as_of: date, consent_no: int, program: str,
    rng: np.random.Generator, odds: Activity,
) -> dict[str, str] | None:
    """Seven in ten clients sign the universal consent; some expire or revoke it."""
    if rng.random() >= odds.consent_signed:
        return None
    signed = min(as_of, start + timedelta(days=int(rng.integers(0, 30))))
    expiration = signed + timedelta(days=365) if rng.random() < odds.consent_expires_in_a_year else None
    revoked = (signed + timedelta(days=int(rng.integers(1, max(2, (as_of - signed).days + 1))))
               if rng.random() < odds.consent_revoked else None)
    return {
        "client_id": client_id, "consent_id": f"{program.upper()}-CN{consent_no:07d}",
        "signed_date": iso_date(signed), "expiration_date": iso_date(expiration),
        "revoked_date": iso_date(revoked),
        "scope": str(rng.choice(SCOPES, p=odds.consent_scope)),
    }


def referral_row(
    client_id: str, to_program: str, already_there: bool, start: date, as_of: date,
    referral_no: int, program: str, rng: np.random.Generator, odds: Activity,
) -> dict[str, str]:
    """A referral is usually served when the client does end up in the other program."""
    referred = start + timedelta(days=int(rng.integers(0, max(1, (as_of - start).days))))
    if already_there and rng.random() < odds.referral_served_when_enrolled_there:
        status = "SERVED"
    else:
        status = str(rng.choice(("PENDING", "NO_SHOW", "DECLINED", "INELIGIBLE"),
                                p=odds.other_referral_outcome))
    status_date = (min(as_of, referred + timedelta(days=int(rng.integers(1, 60))))
                   if status != "PENDING" else referred)
    return {
        "referral_id": f"{program.upper()}-R{referral_no:07d}", "client_id": client_id,
        "to_program": to_program, "referral_date": iso_date(referred),
        "need_category": str(rng.choice(CATEGORIES[to_program])),
        "status": status, "status_date": iso_date(status_date),
    }
