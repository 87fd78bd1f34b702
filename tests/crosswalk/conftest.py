"""A fake mail server for the notices and alerts that are sent."""

from email import message_from_string

import pytest

from crosswalk import notify


class FakeSMTP:
    """Records what a server was asked; `fail_after` refuses the n+1th message."""

    log: list = []
    messages: list = []  # every message accepted
    fail_after: int | None = None
    refuse: tuple = ()

    def __init__(self, host, port, timeout):
        self.log.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context):
        self.log.append(("starttls", context.verify_mode.name))

    def ehlo(self):
        pass

    def close(self):
        pass

    def login(self, user, password):
        self.log.append(("login", user))

    def send_message(self, message):
        if FakeSMTP.fail_after is not None and self._sent() >= FakeSMTP.fail_after:
            raise OSError("connection reset")
        if message["To"] in FakeSMTP.refuse:
            raise notify.smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})
        self.log.append(("send", message["To"]))
        self.messages.append(message)

    def sendmail(self, from_addr, to_addrs, msg):  # how the SMTP provider's hook sends
        self.send_message(message_from_string(msg))

    def _sent(self):
        return sum(1 for entry in self.log if entry[0] == "send")


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.log, FakeSMTP.messages, FakeSMTP.fail_after, FakeSMTP.refuse = [], [], None, ()
    monkeypatch.setattr(notify.smtplib, "SMTP", FakeSMTP)
    for name, value in {"CROSSWALK_SMTP_HOST": "mail.state.example", "CROSSWALK_SMTP_PORT": "2525",
                        "CROSSWALK_SMTP_USER": "crosswalk", "CROSSWALK_SMTP_PASSWORD": "s3cret",
                        "CROSSWALK_MAIL_FROM": "crosswalk@state.example"}.items():
        monkeypatch.setenv(name, value)
    return FakeSMTP
