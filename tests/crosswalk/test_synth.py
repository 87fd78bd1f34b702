from datetime import date

import pandas as pd
import pytest

from crosswalk.settings import PROGRAMS, ROSTERS, get_paths
from crosswalk.synth import GenerationConfig, generate_extracts
from crosswalk_bench.evaluation import true_overlap


def test_same_seed_same_files_and_pilot_shares_hold_in_truth(data_dir, tmp_path_factory):
    config = GenerationConfig(people=3_000, seed=11, extract_date=date(2026, 11, 21))
    generate_extracts(config)
    first = (get_paths().landing_dir / "udc" / "2026-11-21" / "clients.csv").read_bytes()
    generate_extracts(config)
    assert (get_paths().landing_dir / "udc" / "2026-11-21" / "clients.csv").read_bytes() == first

    truth = pd.read_csv(get_paths().truth_dir / "2026-11-21" / "records.csv", dtype=str)
    truth["is_active"] = truth.is_active == "True"
    shares = true_overlap(truth).set_index(["program_a", "program_b"]).true_share
    active = truth[truth.is_active].groupby("program").true_person_id.nunique()
    # Exact by construction: round(share * active) persons overlap.
    assert round(shares["dcfs", "udc"] * active["dcfs"]) == round(0.173 * active["dcfs"])
    assert round(shares["vr", "udc"] * active["vr"]) == round(0.094 * active["vr"])
    assert round(shares["fep", "vr"] * active["fep"]) == round(0.093 * active["fep"])


def _roster_values(program: str, column: str) -> list[str]:
    layout = ROSTERS[program]
    path = get_paths().landing_dir / program / "2026-11-21" / layout.file_name
    return pd.read_csv(path, dtype=str, keep_default_na=False, sep=layout.delimiter,
                       on_bad_lines="skip")[column].tolist()  # skip the injected wrong-width row


def test_the_admin_profile_makes_its_own_errors_and_the_heavy_setting_multiplies_them(data_dir):
    def generate(scale: float) -> dict[str, int]:
        generate_extracts(GenerationConfig(people=10_000, seed=11, extract_date=date(2026, 11, 21),
                                           noise="admin", noise_scale=scale))
        surnames = (_roster_values("fep", "LAST_NM") + _roster_values("udc", "LAST_NAME")
                    + _roster_values("dcfs", "last_name") + _roster_values("vr", "LastName"))
        firsts = (_roster_values("fep", "FIRST_NM") + _roster_values("udc", "FIRST_NAME")
                  + _roster_values("dcfs", "first_name") + _roster_values("vr", "FirstName"))
        return {"surname with a digit (OCR)": sum(any(c.isdigit() for c in s) for s in surnames),
                "first name an initial": sum(len(f) == 1 for f in firsts),
                "blank surname": sum(not s for s in surnames)}

    realistic, heavy = generate(1.0), generate(5.0)
    for kind, count in realistic.items():
        assert count > 0, kind
        assert heavy[kind] > 2 * count, kind
    # The clerical profile never makes these.
    generate_extracts(GenerationConfig(people=3_000, seed=11, extract_date=date(2026, 11, 21)))
    assert all(len(f) > 1 for f in _roster_values("fep", "FIRST_NM"))


def test_newborns_get_placeholder_names_under_the_admin_profile(data_dir):
    generate_extracts(GenerationConfig(people=3_000, seed=11, extract_date=date(2026, 11, 21),
                                       noise="admin"))
    firsts = set(_roster_values("dcfs", "first_name"))
    assert firsts & {"BABY", "BABYBOY", "BABYGIRL", "CHILD", "INFANT"}


def test_an_unknown_noise_profile_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="noise must be one of clerical, admin, got 'typos'"):
        generate_extracts(GenerationConfig(people=3_000, noise="typos"))


def test_the_scenario_sets_the_chances_it_names(data_dir):
    from dataclasses import replace

    from crosswalk.synth.scenario import UTAH_PILOT

    day = date(2026, 11, 21)
    unsigned = replace(UTAH_PILOT, activity=replace(UTAH_PILOT.activity, consent_signed=0.0))
    generate_extracts(GenerationConfig(people=1_000, seed=4, extract_date=day, scenario=unsigned))
    paths = get_paths()

    def rows(file: str) -> int:
        return sum(len(pd.read_csv(paths.landing_dir / p / day.isoformat() / file, dtype=str))
                   for p in ROSTERS)

    no_consents = rows("consents.csv")
    generate_extracts(GenerationConfig(people=1_000, seed=4, extract_date=day))
    assert no_consents == 0 < rows("consents.csv")


def test_generate_writes_a_series_of_nights_each_evolved_from_the_last(data_dir):
    import json

    from typer.testing import CliRunner

    from crosswalk.cli import app

    done = CliRunner().invoke(app, ["generate", "--people", "1000", "--date", "2026-11-21",
                                    "--nights", "3"])
    assert done.exit_code == 0, done.output
    paths = get_paths()
    for program in PROGRAMS:
        folders = sorted(p.name for p in (paths.landing_dir / program).iterdir())
        assert folders == ["2026-11-21", "2026-11-22", "2026-11-23"]
        last = json.loads((paths.landing_dir / program / "2026-11-23" / "manifest.json").read_text())
        assert last["extract_date"] == "2026-11-23"
    assert sorted(p.name for p in paths.truth_dir.iterdir()) == folders
    assert "2026-11-23: " in done.output and " rows changed, " in done.output


def test_front_doors_differ_by_county_and_one_county_improves(data_dir):
    from crosswalk.synth.scenario import OFFICES

    generate_extracts(GenerationConfig(people=20_000, seed=5, extract_date=date(2026, 11, 21)))
    day = get_paths().landing_dir
    apps = pd.concat([pd.read_csv(day / p / "2026-11-21" / "applications.csv", dtype=str,
                                  keep_default_na=False).assign(program=p)
                      for p in ("fep", "vr", "dcfs")], ignore_index=True)
    for program, offices in OFFICES.items():
        staff = pd.read_csv(day / program / "2026-11-21" / "staff.csv", dtype=str)
        assert set(staff.office) == {office for office, _ in offices}  # every office is staffed
        mine = apps[apps.program == program]
        assert (mine.county == mine.office.map(dict(offices))).all()
    received = pd.to_datetime(apps.received_date)
    days = (pd.to_datetime(apps.decision_date.replace("", None)) - received).dt.days
    fep = apps.program == "fep"
    median = days[fep].groupby(apps.county[fep]).median()
    assert median["Cache"] == 0 and median["Uintah"] >= 15
    weber = fep & (apps.county == "Weber") & days.notna()
    first_year = weber & (received < pd.Timestamp("2024-11-21"))
    last_year = weber & (received >= pd.Timestamp("2025-11-21"))
    assert (days[last_year] == 0).mean() - (days[first_year] == 0).mean() > 0.2
    snap = apps[apps.benefit == "SNAP"]
    assert set(snap[snap.expedited == "Y"].standard_days) == {"7"}
    assert set(apps[apps.benefit != "SNAP"].expedited) == {"N"}
    assert set(apps.decision) == {"APPROVED", "DENIED", "WITHDRAWN", "PENDING"}
    procedural = apps[apps.decision == "DENIED"].denial_reason.str.startswith("PROCEDURAL_")
    assert 0.3 < procedural.mean() < 0.7

    truth = pd.read_csv(get_paths().truth_dir / "2026-11-21" / "applications.csv", dtype=str)
    records = pd.read_csv(get_paths().truth_dir / "2026-11-21" / "records.csv", dtype=str)
    named = apps[apps.client_id != ""].merge(truth, on=["program", "application_id"])
    person_of = dict(zip(records.program + ":" + records.client_id, records.true_person_id,
                         strict=True))
    # An application naming a client is that client's (the duplicated row aside).
    assert ((named.program + ":" + named.client_id).map(person_of) == named.true_person_id).all()
