"""Logging for operators: one line per event, plain or JSON, errors to ADMINS and Sentry.

- ``LOG_FORMAT=json`` writes one JSON object per line (time, level, logger, message, and the
  traceback when there is one), which log tools read without a parsing rule; anything else
  writes plain text. Requests are logged by the app server (gunicorn's access log); Django adds
  its own line for every error response (``django.request``).
- Every background task leaves one line when it ends: its name, id, outcome and duration
  (:func:`log_task_finished`, connected in kb.apps).
- Errors go to ADMINS by e-mail (:class:`AdminEmailHandler`, through the task e-mail backend)
  and, when SENTRY_DSN is set, to Sentry (:func:`init_sentry`, server side only).
"""

import json
import logging
import threading
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler

# The standard attributes of a LogRecord; anything else was passed in ``extra``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

task_logger = logging.getLogger("kb.tasks")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: no line break inside a record, whatever the message holds."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_") and key not in entry:
                entry[key] = self.value(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def value(value):
        if isinstance(value, int | float | bool | None):
            return value
        if isinstance(value, HttpRequest):
            # django.request passes the request with every 4xx and 5xx; its repr holds the query
            # string, what a visitor searched for. Method and path, as the access log has them.
            return f"{value.method} {value.path}"
        return str(value)


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's handler, which sends through EMAIL_BACKEND (the task backend), made safe against
    loops: an error logged while an error report is being sent (the mail server down, the task
    queue unreachable) is not reported again by e-mail, and failures of e-mail delivery itself
    (kb.mail) never are: they are in the log, and mailing them would fail the same way."""

    _sending = threading.local()

    def emit(self, record):
        if record.name.startswith("kb.mail") or getattr(self._sending, "active", False):
            return
        self._sending.active = True
        try:
            super().emit(record)
        except Exception:  # noqa: BLE001 - a report that cannot be sent must not raise
            self.handleError(record)
        finally:
            self._sending.active = False


def log_task_finished(sender, task_result, **kwargs):
    """One line per task run: name, id, outcome, duration in milliseconds."""
    started, finished = task_result.started_at, task_result.finished_at
    duration = round((finished - started).total_seconds() * 1000) if started and finished else None
    outcome = str(task_result.status)
    task_logger.log(
        logging.WARNING if outcome == "FAILED" else logging.INFO,
        "task %s id=%s outcome=%s duration_ms=%s",
        task_result.task.module_path,
        task_result.id,
        outcome,
        duration,
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "outcome": outcome,
            "duration_ms": duration,
        },
    )


def logging_settings(log_format="text", level="WARNING"):
    """The LOGGING setting: the console in the chosen format, ERROR and above to ADMINS."""
    formatter = "json" if log_format.strip().lower() == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "kb.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter},
            "mail_admins": {
                "class": "kb.logs.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console", "mail_admins"], "level": level},
        "loggers": {
            # Django's own logger reports through the root's handlers, once.
            "django": {"handlers": [], "level": level, "propagate": True},
            # Its "Task ... state=..." lines repeat kb.tasks' one line; failures still pass.
            "django_tasks": {"handlers": [], "level": "WARNING", "propagate": True},
            "kb.tasks": {"level": "INFO"},
        },
    }


def init_sentry(dsn, environment="", release=""):
    """Send errors to Sentry, from the server only (nothing is added to pages) and without
    personal data: no cookies, no user, no request bodies."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: "
            "pip install '.[sentry]' or unset SENTRY_DSN."
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        environment=environment or None,
        release=release or None,
        traces_sample_rate=0,
        before_send=scrub_event,
    )


def scrub_event(event, hint=None):
    """No query string leaves for Sentry: it holds what a visitor searched for, which
    ``send_default_pii=False`` still sends (the request's ``query_string`` and ``url``)."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("query_string", None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    return event
