"""Each program's roster layout, written as its legacy system would (docs/extract-spec.md)."""

from __future__ import annotations

from datetime import date

from crosswalk.synth.corruption import Identity
from crosswalk.synth.enrollment import Enrollment

ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "dcfs": ("person_id", "case_id", "case_role", "first_name", "middle_name", "last_name",
             "name_suffix", "birth_date", "ssn", "gender", "street_address", "city", "state",
             "zip", "plan_start_date", "plan_end_date", "caseworker_id"),
    "jjs": ("CARE_ID", "YOUTH_NAME", "DOB", "SSN", "SEX", "GUARDIAN_NAME", "ADDRESS",
            "ADMIT_DATE", "RELEASE_DATE", "PLAN_MANAGER_ID"),
    "fep": ("UWORKS_ID", "LAST_NM", "FIRST_NM", "MID_INIT", "BIRTH_DT", "SSN", "GENDER_CD",
            "HOUSEHOLD_ID", "HOH_FLAG", "RES_ADDR", "RES_CITY", "RES_ZIP", "ENROLL_DT",
            "EXIT_DT", "COUNSELOR_ID"),
    "vr": ("ParticipantID", "FirstName", "PreferredName", "LastName", "DateOfBirth",
           "SocialSecurityNumber", "Gender", "Address1", "City", "Zip", "ApplicationDate",
           "ClosureDate", "CounselorID"),
    "udc": ("OFFENDER_NUM", "LAST_NAME", "FIRST_NAME", "MIDDLE_NAME", "DOB", "SSN", "SEX",
            "ALIASES", "SUPERVISION_TYPE", "START_DATE", "END_DATE", "AGENT_ID",
            "LAST_KNOWN_ADDRESS", "ZIP"),
}

CLIENT_ID_FORMATS = {"dcfs": "S{:07d}", "jjs": "J{:06d}", "fep": "U{:08d}", "vr": "VR{:06d}",
                     "udc": "{:06d}"}


def iso_date(d: date | None) -> str:
    return d.isoformat() if d else ""


def us_date(d: date | None) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}" if d else ""


def us_date_unpadded(d: date | None) -> str:
    return f"{d.month}/{d.day}/{d.year}" if d else ""


def compact_date(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _dashed(ssn: str) -> str:
    return f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if ssn else ""


def roster_row(
    client_id: str, e: Enrollment, who: Identity, staff_id: str, guardian_name: str = ""
) -> dict[str, str]:
    """One roster row in the enrolling program's own layout."""
    if e.program == "dcfs":
        return {
            "person_id": client_id, "case_id": e.group, "case_role": e.role,
            "first_name": who.first_name, "middle_name": who.middle_name,
            "last_name": who.last_name, "name_suffix": who.suffix.title(),
            "birth_date": iso_date(who.birth_date), "ssn": _dashed(who.ssn),
            "gender": {"M": "Male", "F": "Female"}.get(who.gender, "Unknown"),
            "street_address": who.street, "city": who.city, "state": "UT", "zip": who.zip,
            "plan_start_date": iso_date(e.start), "plan_end_date": iso_date(e.end),
            "caseworker_id": staff_id,
        }
    if e.program == "jjs":
        name = f"{who.last_name}, {who.first_name} {who.middle_name}".strip().upper()
        return {
            "CARE_ID": client_id, "YOUTH_NAME": name, "DOB": us_date(who.birth_date),
            "SSN": who.ssn, "SEX": who.gender, "GUARDIAN_NAME": guardian_name,
            "ADDRESS": f"{who.street}, {who.city}, UT {who.zip}",
            "ADMIT_DATE": us_date(e.start), "RELEASE_DATE": us_date(e.end), "PLAN_MANAGER_ID": staff_id,
        }
    if e.program == "fep":
        return {
            "UWORKS_ID": client_id, "LAST_NM": who.last_name.upper(),
            "FIRST_NM": who.first_name.upper(), "MID_INIT": who.middle_name[:1].upper(),
            "BIRTH_DT": compact_date(who.birth_date), "SSN": who.ssn,
            "GENDER_CD": {"M": "1", "F": "2"}.get(who.gender, "9"),
            "HOUSEHOLD_ID": e.group, "HOH_FLAG": e.role, "RES_ADDR": who.street.upper(),
            "RES_CITY": who.city.upper(), "RES_ZIP": who.zip, "ENROLL_DT": compact_date(e.start),
            "EXIT_DT": compact_date(e.end), "COUNSELOR_ID": staff_id,
        }
    if e.program == "vr":
        return {
            "ParticipantID": client_id, "FirstName": who.first_name,
            "PreferredName": who.preferred_name, "LastName": who.last_name,
            "DateOfBirth": us_date_unpadded(who.birth_date), "SocialSecurityNumber": _dashed(who.ssn),
            "Gender": {"M": "Male", "F": "Female"}.get(who.gender, "Unknown"),
            "Address1": who.street, "City": who.city, "Zip": who.zip,
            "ApplicationDate": us_date_unpadded(e.start), "ClosureDate": us_date_unpadded(e.end),
            "CounselorID": staff_id,
        }
    if e.program == "udc":
        return {
            "OFFENDER_NUM": client_id, "LAST_NAME": who.last_name.upper(),
            "FIRST_NAME": who.first_name.upper(), "MIDDLE_NAME": who.middle_name.upper(),
            "DOB": iso_date(who.birth_date), "SSN": _dashed(who.ssn), "SEX": who.gender,
            "ALIASES": ";".join(a.upper() for a in who.aliases), "SUPERVISION_TYPE": e.role,
            "START_DATE": iso_date(e.start), "END_DATE": iso_date(e.end), "AGENT_ID": staff_id,
            "LAST_KNOWN_ADDRESS": f"{who.street}, {who.city}".upper(), "ZIP": who.zip,
        }
    raise ValueError(f"unknown program {e.program!r}")
