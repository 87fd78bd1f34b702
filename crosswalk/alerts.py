"""Alerts to people: the operators when a task has failed for good, a program's IT contact
when its drop was rejected or is missing.

They are Airflow notifiers (`BaseNotifier`): the DAG gives every task `TaskFailedAlert()` as
its `on_failure_callback` (it fires after the last retry), and ingest raises a `DropAlert`.
A deployment can add the providers' notifiers (Slack, PagerDuty) beside them.

Each alert is written to `exports/alerts/<extract_date>/<name>.eml` and, with
mail configured (`settings.smtp_settings`), sent to its recipient once: the ledger
(`state/notices_sent.sqlite`, table `alerts_sent`) keeps a retry or a rerun from sending it
again.
"""

from __future__ import annotations

import logging
import re
from email.message import EmailMessage
from email.utils import make_msgid

from airflow.sdk import BaseNotifier

from crosswalk.settings import get_paths, operator_email, program_contact, smtp_settings

log = logging.getLogger(__name__)


class MailAlert(BaseNotifier):
    """One message, named by `key`: written to the alerts folder, sent once."""

    def message(self, context) -> tuple[str, str, str, str, str]:
        """(extract_date, key, to, subject, body)"""
        raise NotImplementedError

    def notify(self, context) -> None:
        from crosswalk.notify import ledger, mail_server  # pandas: not at DAG parse time

        extract_date, key, to, subject, body = self.message(context)
        paths = get_paths()
        smtp = smtp_settings()
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = smtp.sender, to or "", subject
        message["Message-ID"] = make_msgid(idstring=key, domain="crosswalk")
        message.set_content(body)
        path = paths.exports_dir / "alerts" / extract_date / f"{key}.eml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(message))
        log.warning("alert: %s (%s)", subject, path)
        if not (smtp.configured and to):
            return
        with ledger(paths.state_dir / "notices_sent.sqlite") as book:
            book.execute("create table if not exists alerts_sent (key text primary key)")
            if book.execute("select 1 from alerts_sent where key = ?", [key]).fetchone():
                return
            with mail_server(smtp) as server:
                server.send_message(message)
            with book:
                book.execute("insert into alerts_sent values (?)", [key])


class DropAlert(MailAlert):
    """A program's drop for the night was rejected or is missing: its IT contact should fix
    or send it (docs/extract-spec.md says how); the warehouse serves its last good one."""

    def __init__(self, program: str, extract_date: str, outcome: str, reason: str):
        super().__init__()
        self.program, self.extract_date, self.outcome, self.reason = (
            program, extract_date, outcome, reason)

    def message(self, context) -> tuple[str, str, str, str, str]:
        subject = f"crosswalk {self.extract_date}: the {self.program.upper()} drop was {self.outcome}"
        body = "\n".join([
            f"The {self.program.upper()} extract for {self.extract_date} was {self.outcome}:",
            "", f"    {self.reason}", "",
            "Until a corrected drop arrives, crosswalk serves this program's last good extract, "
            "flagged stale in every report.",
            "Send a corrected drop to the same landing folder; the next run (or a rerun of "
            f"{self.extract_date}) picks it up. The extract contract says what each file holds.",
        ])
        return (self.extract_date, f"drop-{self.outcome}-{self.program}-{self.extract_date}",
                program_contact(self.program), subject, body)


class TaskFailedAlert(MailAlert):
    """A task failed after its last retry: the night did not publish."""

    def message(self, context) -> tuple[str, str, str, str, str]:
        ti = context["ti"]
        extract_date = (context.get("params") or {}).get("extract_date") or ti.xcom_pull(
            task_ids="resolve_extract_date") or "undated"
        task = ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else "")
        subject = f"crosswalk {extract_date}: task {task} failed"
        body = "\n".join([
            f"The nightly run {ti.run_id} stopped: task {task} failed (try {ti.try_number}).",
            "", f"    {context.get('exception')}", "",
            "Analysts still see the last published warehouse; nothing of this night was "
            "published.",
            f"Fix the cause, then clear the task or rerun `crosswalk run --date {extract_date}`.",
        ])
        key = re.sub(r"[^A-Za-z0-9_.-]", "_", f"task-failed-{task}-{ti.run_id}")
        return extract_date, key, operator_email(), subject, body
