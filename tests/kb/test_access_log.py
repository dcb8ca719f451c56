"""The access log never holds the secret of an e-mailed link (kb/accesslog.py)."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from django.urls import reverse

from gunicorn.config import Config

from kb.accesslog import REDACTED, RedactingLogger, redact_path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "MQ:1tGkQz:Xb3kPp0c9rT8vWq2LmN5yZ"


def secret_links():
    return [
        reverse("account_confirm_email", args=[SECRET]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "3", "key": SECRET}),
        reverse("following:confirm", args=[SECRET]),
        reverse("following:manage", args=[SECRET]),
        reverse("following:unsubscribe", args=[SECRET]),
    ]


def test_every_secret_bearing_link_is_redacted_and_other_paths_are_kept():
    for link in secret_links():
        logged = redact_path(link)
        assert SECRET not in logged and "3-" not in logged.split("/")[-2], link
        assert REDACTED in logged
    for path in (
        "/practices/peace-huts-in-the-rift-valley-2024/",
        "/accounts/password/reset/key/done/",
        "/accounts/confirm-email/",
        "/frameworks/s-res-1325-2000/provisions/8/",
        "",
        None,
    ):
        assert redact_path(path) == path


def test_gunicorn_logs_through_the_redacting_logger():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["logger_class"] == "kb.accesslog.RedactingLogger"
    assert "%(U)s" in config["access_log_format"]
    logger = RedactingLogger(Config())
    link = reverse("following:unsubscribe", args=[SECRET])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{link}?q=where+I+live",
        "PATH_INFO": link,
        "QUERY_STRING": "q=where+I+live",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    line = config["access_log_format"] % atoms
    assert SECRET not in line and REDACTED in line
    assert SECRET not in atoms["r"] and "where" not in atoms["r"]
