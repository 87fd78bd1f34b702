"""The admin noise model's error kinds, each on a known name."""

import numpy as np
from jellyfish import metaphone

from crosswalk.synth.admin_noise import AdminRates, ocr_or_keyboard, phonetic, split_or_merge


def test_ocr_or_keyboard_errors_change_one_or_two_characters_of_the_name():
    rng = np.random.default_rng(3)
    changed = {ocr_or_keyboard("ROBERTSON", rng) for _ in range(200)}
    assert "ROBERTSON" not in changed
    assert any(any(c.isdigit() for c in name) for name in changed)  # R0BERTSON
    assert any(any(c in "'.-," for c in name) for name in changed)
    assert all(7 <= len(name) <= 11 for name in changed)


def test_phonetic_respellings_are_new_spellings_that_mostly_sound_alike():
    rng = np.random.default_rng(1)
    spelled = [phonetic("PHILLIPS", rng) for _ in range(100)]
    assert "PHILLIPS" not in spelled
    assert "FILLIPS" in spelled
    assert sum(metaphone(s) == metaphone("PHILLIPS") for s in spelled) > 60
    assert phonetic("XQ", rng) == "XQ"  # no rule applies: unchanged


def test_compound_surnames_merge_and_prefixed_ones_split():
    rng = np.random.default_rng(0)
    assert split_or_merge("De La Cruz", rng) == "DELACRUZ"
    assert split_or_merge("Clark-Jones", rng) == "CLARKJONES"
    assert split_or_merge("MacDonald", rng) == "MAC DONALD"


def test_the_heavy_setting_multiplies_every_rate_and_caps_at_one():
    heavy = AdminRates().scaled(5)
    assert heavy.dob_replaced == AdminRates().dob_replaced * 5
    assert AdminRates().scaled(100).middle_dropped == 1.0
