"""New-match notices: one email per case manager, written to an outbox and sent when SMTP is set.

The content comes from `marts.new_match_notifications` (consent already applied).
Every notice is written as an `.eml` file under `exports/<date>/outbox/<program>/`,
so a night without a mail server still leaves the notices to deliver by hand.
With mail configured (`CROSSWALK_SMTP_CONN_ID`, an Airflow connection sent through the
SMTP provider, or `CROSSWALK_SMTP_HOST`: STARTTLS and a login unless configured otherwise;
see `settings.smtp_settings`) they are also sent, and each match told is entered in a
ledger (`state/notices_sent.sqlite`) as soon as its message is accepted: a retry or a
rerun of the night sends only what was not sent yet.

The first night has no night before it, so every match is "new": each case manager then
gets one summary of how many clients are also served elsewhere, not a list.
"""

from __future__ import annotations

import hashlib
import html
import logging
import smtplib
import sqlite3
import ssl
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pandas as pd

from crosswalk.settings import Paths, SmtpSettings, notice_list_limit, smtp_settings
from crosswalk.warehouse import connect

log = logging.getLogger(__name__)

KEY = ["program", "staff_id", "client_id", "other_program"]


@dataclass(frozen=True)
class Notice:
    message: EmailMessage
    matches: list[tuple]  # the KEY of each match it tells


def compose(notices: pd.DataFrame, extract_date: date, sender: str,
            list_limit: int | None = None) -> list[Notice]:
    """One message per case manager: each client and whom to call where, up to `list_limit`
    lines (the rest counted); on the first night, a summary."""
    list_limit = notice_list_limit() if list_limit is None else list_limit
    composed = []
    for (program, staff_id), rows in notices.groupby(["program", "staff_id"], sort=True):
        first = rows.iloc[0]
        lines = [f"Dear {first.case_manager_name},", ""]
        if bool(first.is_first_night):
            clients = rows.client_id.nunique()
            subject = f"crosswalk: {clients} of your clients are also served elsewhere"
            lines += [f"crosswalk now matches clients across programs. On "
                      f"{extract_date.isoformat()}, {clients} of your {program.upper()} clients "
                      "are also active in another program.",
                      "From now on you get a notice only when a new match is found."]
        else:
            subject = f"crosswalk: {len(rows)} new match(es) for your clients"
            lines += [f"crosswalk found {len(rows)} new match(es) for your {program.upper()} "
                      f"clients on {extract_date.isoformat()}: they are also active in another "
                      "program.", ""]
            listed = rows.sort_values(["client_id", "other_program"])
            for row in listed.head(list_limit).itertuples():
                contact = ", ".join(str(v) for v in (row.other_case_manager_name,
                                                     row.other_case_manager_email,
                                                     row.other_case_manager_phone) if pd.notna(v))
                lines.append(f"- Client {row.client_id}: active in {row.other_program.upper()}"
                             + (f"; contact {contact}" if contact else ""))
            if len(listed) > list_limit:
                lines.append(f"- and {len(listed) - list_limit} more")
        lines += ["", "Shown only for clients whose consent allows it. Every match, with whom "
                      "to call: the sync report in your program's workbook."]
        message = EmailMessage()
        message["From"] = sender
        message["To"] = first.case_manager_email
        message["Subject"] = subject
        # The same matches told again get the same id, so a mail system can drop the
        # duplicate; a notice of other matches gets another.
        matches = list(rows[KEY].itertuples(index=False, name=None))
        digest = hashlib.sha256(repr(sorted(matches)).encode()).hexdigest()[:12]
        message["Message-ID"] = f"<{extract_date.isoformat()}.{program}.{staff_id}.{digest}@crosswalk>"
        message["X-Crosswalk-Staff"] = f"{program}:{staff_id}"
        message.set_content("\n".join(lines))
        composed.append(Notice(message, matches))
    return composed


def write_outbox(notices: list[Notice], folder: Path) -> list[Path]:
    written = []
    for notice in notices:
        program, staff_id = notice.message["X-Crosswalk-Staff"].split(":", 1)
        path = folder / program / f"{staff_id}.eml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(notice.message))
        written.append(path)
    return written


@contextmanager
def ledger(path: Path) -> Iterator[sqlite3.Connection]:
    """The matches already told, by night: SQLite, so a send is entered the moment it is made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as book:
        book.execute("create table if not exists sent (extract_date text, program text, "
                     "staff_id text, client_id text, other_program text, "
                     "primary key (extract_date, program, staff_id, client_id, other_program))")
        yield book


def unsent(notices: pd.DataFrame, book: sqlite3.Connection, extract_date: date) -> pd.DataFrame:
    sent = set(book.execute("select program, staff_id, client_id, other_program from sent "
                            "where extract_date = ?", [extract_date.isoformat()]).fetchall())
    keys = notices[KEY].itertuples(index=False, name=None)
    return notices[pd.Series([key not in sent for key in keys], index=notices.index, dtype=bool)]


class _ThroughHook:
    """Sends a composed message with the SMTP provider's hook: the Airflow connection gives
    the server, the login (or OAuth2) and TLS, and Airflow masks its password in logs."""

    def __init__(self, hook):
        self.hook = hook

    def send_message(self, message: EmailMessage) -> None:
        body = message.get_content()
        self.hook.send_email_smtp(
            to=message["To"], subject=message["Subject"], from_email=message["From"],
            html_content=f'<pre style="font-family:inherit">{html.escape(body)}</pre>',
            custom_headers={name: message[name] for name in message.keys()
                            if name.startswith("X-") or name == "Message-ID"})


@contextmanager
def mail_server(smtp: SmtpSettings) -> Iterator[smtplib.SMTP | _ThroughHook]:
    """A logged-in connection to the configured server; TLS verifies its certificate."""
    if smtp.conn_id:
        from airflow.providers.smtp.hooks.smtp import SmtpHook

        with SmtpHook(smtp_conn_id=smtp.conn_id) as hook:
            yield _ThroughHook(hook)
        return
    tls = ssl.create_default_context()
    if smtp.security == "ssl":
        server = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=30, context=tls)
    else:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    with server:
        if smtp.security == "starttls":
            server.starttls(context=tls)
        if smtp.user:
            server.login(smtp.user, smtp.password)
        yield server


def send(notices: list[Notice], smtp: SmtpSettings, book: sqlite3.Connection,
         extract_date: date) -> int:
    """Send each message and enter its matches in the ledger before the next is sent. A
    message the server refuses (a bad address in a staff file) is logged and left out of the
    ledger; the others still go."""
    sent = 0
    with mail_server(smtp) as server:
        for notice in notices:
            try:
                server.send_message(notice.message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as refused:
                log.warning("notice to %s refused, not sent: %s", notice.message["To"], refused)
                continue
            with book:
                book.executemany("insert or ignore into sent values (?, ?, ?, ?, ?)",
                                 [(extract_date.isoformat(), *m) for m in notice.matches])
            sent += 1
    return sent


def notify_new_matches(paths: Paths, extract_date: date) -> list[Path]:
    """Write tonight's notices to the outbox (replacing a rerun's), and send the ones not sent
    yet if SMTP is set."""
    with connect(paths.work_warehouse, read_only=True) as con:
        notices = con.execute("select * from marts.new_match_notifications").df()
    smtp = smtp_settings()
    folder = paths.exports_dir / extract_date.isoformat() / "outbox"
    for old in folder.glob("*/*.eml"):
        old.unlink()
    written = write_outbox(compose(notices, extract_date, smtp.sender), folder)
    if smtp.configured:
        with ledger(paths.state_dir / "notices_sent.sqlite") as book:
            todo = compose(unsent(notices, book, extract_date), extract_date, smtp.sender)
            if todo:
                send(todo, smtp, book, extract_date)
    return written
