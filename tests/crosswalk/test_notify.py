"""New-match notices: one message per case manager, written to the outbox, sent once when SMTP
is set (a ledger keeps a retry from resending), a summary on the first night."""

import json
from datetime import date
from email import message_from_bytes

import duckdb
import pandas as pd
import pytest

from crosswalk import notify
from crosswalk.settings import SettingsError, SmtpSettings, get_paths

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
]).assign(is_first_night=False)
DAY = date(2026, 11, 22)


def test_one_message_per_case_manager_listing_each_client_and_contact():
    messages = [n.message for n in notify.compose(NOTICES, DAY, "crosswalk@state.example")]
    assert [m["To"] for m in messages] == ["ana@dcfs.example", "cy@udc.example"]
    body = messages[0].get_content()
    assert messages[0]["Subject"] == "crosswalk: 2 new match(es) for your clients"
    assert messages[0]["Message-ID"].startswith("<2026-11-22.dcfs.S1.")
    again = notify.compose(NOTICES.iloc[:1], DAY, "crosswalk@state.example")[0].message
    assert again["Message-ID"] != messages[0]["Message-ID"]  # other matches, another id
    assert body.index("Client d1: active in VR\n") < body.index(
        "Client d2: active in UDC; contact Cy Roe, cy@udc.example, 801-555-0101")


def test_a_long_list_is_cut_at_the_limit_and_the_rest_counted():
    [notice, _] = notify.compose(NOTICES, DAY, "crosswalk@state.example", list_limit=1)
    body = notice.message.get_content()
    assert "Client d1: active in VR" in body and "Client d2" not in body
    assert "- and 1 more\n" in body
    assert notice.matches == [("dcfs", "S1", "d2", "udc"), ("dcfs", "S1", "d1", "vr")]


def test_the_first_night_sends_a_summary_not_every_existing_match():
    first = NOTICES.assign(is_first_night=True)
    notice = notify.compose(first, DAY, "crosswalk@state.example")[0].message
    assert notice["Subject"] == "crosswalk: 2 of your clients are also served elsewhere"
    body = notice.get_content()
    assert "2 of your DCFS clients are also active in another program" in body
    assert "Client d" not in body


def test_notices_are_written_as_eml_files(tmp_path):
    notices = notify.compose(NOTICES, DAY, "crosswalk@state.example")
    paths = notify.write_outbox(notices, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == ["dcfs/S1.eml", "udc/A1.eml"]
    parsed = message_from_bytes((tmp_path / "udc" / "A1.eml").read_bytes())
    assert parsed["To"] == "cy@udc.example" and "Client u2" in parsed.get_payload()


def _night(paths, notices=NOTICES):
    """A build warehouse holding only the mart the notices read."""
    paths.work_warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(paths.work_warehouse)) as con:
        con.execute("create schema marts")
        con.register("notices", notices)
        con.execute("create table marts.new_match_notifications as select * from notices")


def test_sent_over_starttls_with_a_login_and_never_twice(data_dir, smtp):
    paths = get_paths()
    _night(paths)
    notify.notify_new_matches(paths, DAY)
    assert smtp.log == [("connect", "mail.state.example", 2525), ("starttls", "CERT_REQUIRED"),
                        ("login", "crosswalk"), ("send", "ana@dcfs.example"),
                        ("send", "cy@udc.example")]
    smtp.log.clear()
    written = notify.notify_new_matches(paths, DAY)  # a retry of deliver, or a rerun
    assert smtp.log == [] and len(written) == 2  # the outbox is still whole


def test_a_retry_after_a_failed_send_sends_only_what_was_not_sent(data_dir, smtp):
    paths = get_paths()
    _night(paths)
    smtp.fail_after = 1
    with pytest.raises(OSError):
        notify.notify_new_matches(paths, DAY)
    smtp.fail_after, smtp.log = None, []
    notify.notify_new_matches(paths, DAY)
    assert [entry for entry in smtp.log if entry[0] == "send"] == [("send", "cy@udc.example")]


def test_a_night_without_new_matches_sends_nothing(data_dir, smtp):
    paths = get_paths()
    _night(paths, NOTICES.iloc[:0])
    assert notify.notify_new_matches(paths, DAY) == [] and smtp.log == []


def test_a_refused_address_does_not_stop_the_others_and_is_tried_again(data_dir, smtp):
    paths = get_paths()
    _night(paths)
    smtp.refuse = ("ana@dcfs.example",)
    notify.notify_new_matches(paths, DAY)
    assert [e for e in smtp.log if e[0] == "send"] == [("send", "cy@udc.example")]
    smtp.refuse, smtp.log = (), []
    notify.notify_new_matches(paths, DAY)
    assert [e for e in smtp.log if e[0] == "send"] == [("send", "ana@dcfs.example")]


def test_sent_through_an_airflow_connection_with_the_smtp_provider(data_dir, smtp, monkeypatch):
    for name in ("CROSSWALK_SMTP_HOST", "CROSSWALK_SMTP_USER", "CROSSWALK_SMTP_PASSWORD",
                 "CROSSWALK_MAIL_FROM"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("CROSSWALK_SMTP_CONN_ID", "crosswalk_mail")
    monkeypatch.setenv("AIRFLOW_CONN_CROSSWALK_MAIL", json.dumps({
        "conn_type": "smtp", "host": "relay.state.example", "port": 587, "login": "svc-crosswalk",
        "password": "conn-s3cret", "extra": {"disable_ssl": True, "from_email": "cw@state.example",
                                             "retry_limit": 0}}))
    paths = get_paths()
    _night(paths)
    notify.notify_new_matches(paths, DAY)
    assert smtp.log == [("connect", "relay.state.example", 587), ("starttls", "CERT_REQUIRED"),
                        ("login", "svc-crosswalk"), ("send", "ana@dcfs.example"),
                        ("send", "cy@udc.example")]
    [first, _] = smtp.messages
    assert first["From"] == "cw@state.example"
    assert first["Message-ID"].startswith("<2026-11-22.dcfs.S1.")
    assert "Client d1: active in VR" in first.get_payload()[0].get_payload(decode=True).decode()


def test_the_smtp_password_is_not_in_the_settings_printed():
    settings = SmtpSettings(host="mail", port=587, sender="a@b", security="starttls",
                            user="crosswalk", password="s3cret-value")
    assert "s3cret-value" not in repr(settings) and "crosswalk" in repr(settings)


def test_an_unknown_smtp_security_setting_is_refused(monkeypatch):
    monkeypatch.setenv("CROSSWALK_SMTP_SECURITY", "tls1.3")
    with pytest.raises(SettingsError, match="use starttls, ssl or none"):
        notify.smtp_settings()
