"""New-match notices: one email per case manager, written to an outbox and sent when SMTP is set.

The content comes from `marts.new_match_notifications` (consent already applied).
Every notice is written as an `.eml` file under `exports/<date>/outbox/<program>/`,
so a night without a mail server still leaves the notices to deliver by hand;
with `CROSSWALK_SMTP_HOST` set they are also sent.
"""

from __future__ import annotations

import smtplib
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pandas as pd

from crosswalk.settings import Paths, smtp_settings
from crosswalk.warehouse import connect


def compose(notices: pd.DataFrame, extract_date: date, sender: str) -> list[EmailMessage]:
    """One message per case manager, listing each client and whom to call where."""
    messages = []
    for (program, staff_id), rows in notices.groupby(["program", "staff_id"], sort=True):
        first = rows.iloc[0]
        lines = [f"Dear {first.case_manager_name},", "",
                 f"crosswalk found {len(rows)} new match(es) for your {program.upper()} clients "
                 f"on {extract_date.isoformat()}: they are also active in another program.", ""]
        for row in rows.sort_values(["client_id", "other_program"]).itertuples():
            contact = ", ".join(str(v) for v in (row.other_case_manager_name,
                                                 row.other_case_manager_email,
                                                 row.other_case_manager_phone) if pd.notna(v))
            lines.append(f"- Client {row.client_id}: active in {row.other_program.upper()}"
                         + (f"; contact {contact}" if contact else ""))
        lines += ["", "Shown only for clients whose consent allows it. Details: the sync report."]
        message = EmailMessage()
        message["From"] = sender
        message["To"] = first.case_manager_email
        message["Subject"] = f"crosswalk: {len(rows)} new match(es) for your clients"
        message["X-Crosswalk-Staff"] = f"{program}:{staff_id}"
        message.set_content("\n".join(lines))
        messages.append(message)
    return messages


def write_outbox(messages: list[EmailMessage], folder: Path) -> list[Path]:
    written = []
    for message in messages:
        program, staff_id = message["X-Crosswalk-Staff"].split(":", 1)
        path = folder / program / f"{staff_id}.eml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(message))
        written.append(path)
    return written


def send(messages: list[EmailMessage], host: str, port: int) -> int:
    with smtplib.SMTP(host, port, timeout=30) as server:
        for message in messages:
            server.send_message(message)
    return len(messages)


def notify_new_matches(paths: Paths, extract_date: date) -> list[Path]:
    """Write tonight's notices to the outbox (replacing a rerun's), and send them if SMTP is set."""
    with connect(paths.work_warehouse, read_only=True) as con:
        notices = con.execute("select * from marts.new_match_notifications").df()
    smtp = smtp_settings()
    messages = compose(notices, extract_date, smtp.sender)
    folder = paths.exports_dir / extract_date.isoformat() / "outbox"
    for old in folder.glob("*/*.eml"):
        old.unlink()
    written = write_outbox(messages, folder)
    if smtp.host and messages:
        send(messages, smtp.host, smtp.port)
    return written
