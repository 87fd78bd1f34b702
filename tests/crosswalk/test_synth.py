from datetime import date

import pandas as pd

from crosswalk.evaluation import true_overlap
from crosswalk.settings import get_paths
from crosswalk.synth import GenerationConfig, generate_extracts


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
