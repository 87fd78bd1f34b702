"""Alerts: a task that failed for good tells the operators, a rejected or missing drop tells
the program's contact; each is written to the alerts folder and sent once."""

from email import message_from_bytes, policy
from types import SimpleNamespace

from crosswalk.alerts import DropAlert, TaskFailedAlert
from crosswalk.settings import get_paths


def _failed_task_context():
    ti = SimpleNamespace(task_id="build_marts", map_index=-1, try_number=3,
                         run_id="scheduled__2026-11-22T03:00:00+00:00",
                         xcom_pull=lambda task_ids: "2026-11-21")
    return {"ti": ti, "params": {"extract_date": None},
            "exception": RuntimeError("dbt build post_link could not run: disk full")}


def test_a_failed_task_tells_the_operators_what_failed_and_what_to_do(data_dir, monkeypatch):
    monkeypatch.setenv("CROSSWALK_OPERATOR_EMAIL", "ops@state.example")
    TaskFailedAlert().notify(_failed_task_context())
    [path] = (get_paths().exports_dir / "alerts" / "2026-11-21").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert path.name == "task-failed-build_marts-scheduled__2026-11-22T03_00_00_00_00.eml"
    assert message["To"] == "ops@state.example"
    assert message["Subject"] == "crosswalk 2026-11-21: task build_marts failed"
    body = message.get_content()
    assert "dbt build post_link could not run: disk full" in body
    assert "crosswalk run --date 2026-11-21" in body


def test_a_drop_alert_goes_to_the_programs_contact_once(data_dir, smtp, monkeypatch):
    monkeypatch.setenv("CROSSWALK_OPERATOR_EMAIL", "ops@state.example")
    monkeypatch.setenv("CROSSWALK_CONTACT_UDC", "udc-it@state.example")
    reason = "clients.csv: 99 rows, the manifest says 100"
    for _ in range(2):  # a retry, or a rerun of the night
        DropAlert("udc", "2026-11-21", "rejected", reason).notify({})
    DropAlert("fep", "2026-11-21", "missing", "no drop in landing/fep/2026-11-21").notify({})
    DropAlert("udc", "2026-11-22", "rejected", reason).notify({})  # another night: news again
    assert [e for e in smtp.log if e[0] == "send"] == [
        ("send", "udc-it@state.example"), ("send", "ops@state.example"),  # no contact: operators
        ("send", "udc-it@state.example")]
    written = (get_paths().exports_dir / "alerts" / "2026-11-21"
               / "drop-rejected-udc-2026-11-21.eml")
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["Subject"] == "crosswalk 2026-11-21: the UDC drop was rejected"
    assert reason in message.get_content()
