"""Logs operators can read: JSON lines on demand, one line per task, errors to ADMINS without
loops."""

import json
import logging

from django.core import mail

from django_tasks import task

from kb.logs import AdminEmailHandler, JsonFormatter, logging_settings


def record(message, *args, exc_info=None, **extra):
    logger = logging.getLogger("kb.example")
    return logger.makeRecord(
        "kb.example", logging.ERROR, __file__, 1, message, args, exc_info, extra=extra
    )


def test_json_lines_are_one_object_per_line_with_the_traceback():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        import sys

        line = JsonFormatter().format(
            record("Failed %s", "here", exc_info=sys.exc_info(), task_id="t-1")
        )
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "kb.example"
    assert entry["message"] == "Failed here"
    assert entry["task_id"] == "t-1"
    assert "ValueError: broken" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_json_lines_never_hold_the_query_string_a_visitor_typed(rf):
    """django.request logs every 4xx and 5xx with the request in ``extra``: its repr holds the
    query string (what someone searched for); the line keeps the method and path only."""
    request = rf.get("/practices/", {"q": "shelter for survivors in Goma", "page": "x"})
    line = JsonFormatter().format(
        logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Bad Request: %s",
            (request.path,),
            None,
            extra={"status_code": 400, "request": request},
        )
    )
    entry = json.loads(line)
    assert "Goma" not in line and "shelter" not in line
    assert entry["request"] == "GET /practices/"
    assert entry["status_code"] == 400


def test_log_format_chooses_the_formatter():
    assert logging_settings("json")["handlers"]["console"]["formatter"] == "json"
    assert logging_settings("JSON ")["handlers"]["console"]["formatter"] == "json"
    assert logging_settings("text")["handlers"]["console"]["formatter"] == "text"
    assert logging_settings("anything")["handlers"]["console"]["formatter"] == "text"
    config = logging_settings()
    assert "mail_admins" in config["root"]["handlers"]
    assert config["handlers"]["mail_admins"]["level"] == "ERROR"


@task()
def sample_task(fail):
    if fail:
        raise RuntimeError("sample failure")
    return "done"


def test_every_task_leaves_one_line_with_name_id_outcome_and_duration(caplog):
    caplog.set_level(logging.INFO, logger="kb.tasks")
    result = sample_task.enqueue(False)
    failed = sample_task.enqueue(True)
    lines = [r for r in caplog.records if r.name == "kb.tasks"]
    assert len(lines) == 2
    ok, bad = lines
    assert ok.task.endswith("sample_task") and ok.task_id == str(result.id)
    assert ok.outcome == "SUCCESSFUL" and ok.levelno == logging.INFO
    assert isinstance(ok.duration_ms, int) and ok.duration_ms >= 0
    assert f"id={result.id}" in ok.getMessage() and "outcome=SUCCESSFUL" in ok.getMessage()
    assert bad.task_id == str(failed.id) and bad.outcome == "FAILED"
    assert bad.levelno == logging.WARNING


def test_errors_are_mailed_to_admins_through_the_task_backend(
    db, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False
    with django_capture_on_commit_callbacks(execute=True):
        AdminEmailHandler().emit(record("Something broke"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "Something broke" in mail.outbox[0].subject


def test_an_error_while_reporting_an_error_is_not_mailed_again(settings, monkeypatch):
    settings.ADMINS = [("Ops", "ops@example.org")]
    handler = AdminEmailHandler()
    calls = []

    def send_mail(self, subject, message, *args, **kwargs):
        calls.append(subject)
        # Sending fails and logs an error, which reaches this same handler again.
        handler.emit(record("Sending the report failed"))
        raise ConnectionError("mail server down")

    monkeypatch.setattr(AdminEmailHandler, "send_mail", send_mail)
    monkeypatch.setattr(handler, "handleError", lambda record: None)
    handler.emit(record("Something broke"))
    assert len(calls) == 1
    # A failed delivery, logged by kb.mail, is never mailed: it would fail the same way.
    handler.emit(
        logging.getLogger("kb.mail").makeRecord("kb.mail", logging.ERROR, "", 1, "x", (), None)
    )
    assert len(calls) == 1


def test_sentry_events_leave_without_the_query_string():
    from kb.logs import scrub_event

    event = {
        "request": {
            "url": "https://registry.example/practices/?q=shelter+in+Goma",
            "query_string": "q=shelter+in+Goma",
            "method": "GET",
        },
        "message": "boom",
    }
    scrubbed = scrub_event(event)
    assert "Goma" not in json.dumps(scrubbed)
    assert scrubbed["request"]["url"] == "https://registry.example/practices/"
    assert scrubbed["message"] == "boom"
    assert scrub_event({"message": "no request"}) == {"message": "no request"}
