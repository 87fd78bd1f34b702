"""New-match notices: one message per case manager, written to the outbox, sent when SMTP is set."""

from datetime import date
from email import message_from_bytes

import pandas as pd

from crosswalk import notify

NOTICES = pd.DataFrame([
    {"program": "dcfs", "staff_id": "S1", "case_manager_name": "Ana Diaz",
     "case_manager_email": "ana@dcfs.example", "client_id": "d2", "other_program": "udc",
     "other_case_manager_name": "Cy Roe", "other_case_manager_email": "cy@udc.example",
     "other_case_manager_phone": "801-555-0101"},
    {"program": "dcfs", "staff_id": "S1", "case_manager_name": "Ana Diaz",
     "case_manager_email": "ana@dcfs.example", "client_id": "d1", "other_program": "vr",
     "other_case_manager_name": None, "other_case_manager_email": None,
     "other_case_manager_phone": None},
    {"program": "udc", "staff_id": "A1", "case_manager_name": "Cy Roe",
     "case_manager_email": "cy@udc.example", "client_id": "u2", "other_program": "dcfs",
     "other_case_manager_name": "Ana Diaz", "other_case_manager_email": "ana@dcfs.example",
     "other_case_manager_phone": "801-555-0199"},
])
DAY = date(2026, 11, 22)


def test_one_message_per_case_manager_listing_each_client_and_contact():
    messages = notify.compose(NOTICES, DAY, "crosswalk@state.example")
    assert [m["To"] for m in messages] == ["ana@dcfs.example", "cy@udc.example"]
    body = messages[0].get_content()
    assert messages[0]["Subject"] == "crosswalk: 2 new match(es) for your clients"
    assert body.index("Client d1: active in VR\n") < body.index(
        "Client d2: active in UDC; contact Cy Roe, cy@udc.example, 801-555-0101")


def test_notices_are_written_as_eml_files(tmp_path):
    messages = notify.compose(NOTICES, DAY, "crosswalk@state.example")
    paths = notify.write_outbox(messages, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == ["dcfs/S1.eml", "udc/A1.eml"]
    parsed = message_from_bytes((tmp_path / "udc" / "A1.eml").read_bytes())
    assert parsed["To"] == "cy@udc.example" and "Client u2" in parsed.get_payload()


def test_sent_through_smtp_when_a_server_is_configured(monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(("send", message["To"]))

    monkeypatch.setattr(notify.smtplib, "SMTP", FakeSMTP)
    messages = notify.compose(NOTICES, DAY, "crosswalk@state.example")
    assert notify.send(messages, "mail.state.example", 2525) == 2
    assert sent == [("connect", "mail.state.example", 2525), ("send", "ana@dcfs.example"),
                    ("send", "cy@udc.example")]
