from pathlib import Path

import pytest

from crosswalk.ingest.manifest import DropRejected
from crosswalk.ingest.rows import quarantine_repeats, read_rows


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_field_count_is_quarantined_with_its_line(tmp_path):
    parsed = read_rows(write(tmp_path, "id,name\n1,Ann\n2,Bob,extra\n3,Cy\n"), ",")
    assert parsed.received == 3
    assert [r[0] for r in parsed.rows] == ["1", "3"]
    assert parsed.lines == [2, 4]
    [issue] = parsed.quarantined
    assert (issue.line, issue.rule) == (3, "wrong_field_count")
    assert "3 fields, header has 2" in issue.value


def test_quoted_newline_keeps_line_numbers_right(tmp_path):
    parsed = read_rows(write(tmp_path, 'id,addr\n1,"a\nb"\n2,c\n'), ",")
    assert parsed.lines == [2, 4]
    assert parsed.received == 2


def test_exact_duplicate_and_conflicting_key_keep_the_first(tmp_path):
    parsed = read_rows(write(tmp_path, "id,case,name\n1,A,Ann\n1,A,Ann\n1,A,Anne\n1,B,Ann\n"), ",")
    quarantine_repeats(parsed, ("id", "case"), keyed=True)
    assert [tuple(r) for r in parsed.rows] == [("1", "A", "Ann"), ("1", "B", "Ann")]
    assert [(i.line, i.rule) for i in parsed.quarantined] == [
        (3, "exact_duplicate"), (4, "conflicting_key")]
    assert "also on line 2" in parsed.quarantined[1].value


def test_non_utf8_file_rejects_the_drop(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes("id,name\n1,Ana\n2,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(DropRejected) as caught:
        read_rows(path, ",")
    assert caught.value.rule == "not_utf8"
    assert "clients.csv" in str(caught.value)
    assert "not valid UTF-8 at line 3 (byte 19 of the file: b'\\xe9\\n')" in str(caught.value)


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes("\ufeffParticipantID,name\r\nVR1,Ana\r\n".encode())
    parsed = read_rows(path, ",")
    assert parsed.columns == ["ParticipantID", "name"] and parsed.rows == [["VR1", "Ana"]]
    assert parsed.lines == [2]
