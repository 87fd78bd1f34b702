"""The enrollment snapshot takes in nights in date order only."""

from datetime import date

from crosswalk.settings import get_paths
from crosswalk.transform import history_is_ahead_of, record_snapshot_night


def test_a_backfilled_night_does_not_write_into_later_history(data_dir):
    paths = get_paths()
    assert not history_is_ahead_of(paths, date(2026, 11, 20))  # no history yet
    for night in (date(2026, 11, 21), date(2026, 11, 22)):
        record_snapshot_night(paths, night)
    assert history_is_ahead_of(paths, date(2026, 11, 21))
    assert not history_is_ahead_of(paths, date(2026, 11, 22))  # a rerun of the newest night
    assert not history_is_ahead_of(paths, date(2026, 11, 23))
    assert paths.snapshot_nights_file.read_text().split() == ["2026-11-21", "2026-11-22"]
