"""Smoke test of the production stack: `scripts/serve` (gunicorn + task worker, production
settings) against the database in DATABASE_URL, the Redis cache in REDIS_URL when set, and an
SMTP sink of its own.

    scripts/with-postgres scripts/with-redis .venv/bin/python scripts/smoke_production.py

Checks a page, the API, both health endpoints and a sign-up whose confirmation e-mail must be
delivered to the sink by the worker (the task row says which worker ran it), then stops the
stack with SIGTERM and checks that both processes ended. Exits non-zero on the first failure;
prints the stack's start time and the e-mail's delivery time.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON") or str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():
    PYTHON = sys.executable
ADDRESS = "smoke-test@example.org"


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)
    print(f"ok: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            {"to": envelope.rcpt_tos, "data": envelope.content.decode("utf8", "replace")}
        )
        return "250 Message accepted for delivery"


class Client:
    """HTTP with a cookie store of its own: the production cookies are Secure, which Python's
    cookie jar never sends over plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)  # noqa: S310 (http only)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(what, probe, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise Failed(f"{what}: not within {timeout}s")


def manage_json(env, code):
    out = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def smoke(stack, env, client):
    status, headers, body = client.request("/")
    check(status == 200 and b"<h1" in body, "the home page answers 200 with a heading")
    status, headers, body = client.request("/api/v1/practices/")
    check(status == 200 and "json" in headers["Content-Type"], "the API answers JSON")
    status, headers, body = client.request("/health/live/")
    check(status == 200 and json.loads(body)["status"] == "ok", "/health/live/ is ok")
    status, headers, body = client.request("/health/ready/")
    report = json.loads(body)
    check(status == 200 and report["status"] == "ok", f"/health/ready/ is ok: {report}")
    check("no-store" in headers["Cache-Control"], "health answers are never cached")
    check(report["checks"]["tasks"]["backend"] == "DatabaseBackend", "tasks wait in the database")
    if os.environ.get("REDIS_URL"):
        cache = manage_json(
            env,
            "import json; from django.conf import settings as s; "
            "print(json.dumps(s.CACHES['default']['BACKEND']))",
        )
        check(cache.endswith("RedisCache"), "the cache is Redis")

    status, _, body = client.request("/accounts/signup/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    check(status == 200 and token, "the sign-up form answers with a CSRF token")
    sent = time.monotonic()
    status, headers, _ = client.request(
        "/accounts/signup/",
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "email": ADDRESS,
            "display_name": "Smoke Test",
            "password1": "a-long-and-unusual-password",
            "password2": "a-long-and-unusual-password",
            "new_organisation": "Smoke Testers for Peace",
        },
    )
    check(status == 302, f"the sign-up is accepted (status {status})")
    sink = stack["sink"]
    wait_for(
        "the confirmation e-mail in the SMTP sink",
        lambda: any(ADDRESS in m["to"] for m in sink.messages),
        30,
    )
    delivered = time.monotonic() - sent
    message = next(m for m in sink.messages if ADDRESS in m["to"])
    check("/accounts/confirm-email/" in message["data"], "the e-mail holds the confirmation link")
    rows = manage_json(
        env,
        "import json; from django_tasks_db.models import DBTaskResult as R; "
        "print(json.dumps([[r.status, r.worker_ids] for r in "
        "R.objects.filter(task_path='kb.mail.deliver_email_task')]))",
    )
    check(
        len(rows) == 1 and rows[0][0] == "SUCCESSFUL" and rows[0][1],
        f"the e-mail was a queued task, run by the worker {rows}",
    )
    print(f"measured: e-mail delivered by the worker {delivered:.2f}s after the sign-up")


def main():
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = free_port()
    state = tempfile.mkdtemp(prefix="kb-smoke-")
    env = dict(
        os.environ,
        PYTHON=PYTHON,
        SERVE_DIR=state,
        HOST="127.0.0.1",
        PORT=str(port),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DEFAULT_FROM_EMAIL="registry@example.org",
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        WORKER_INTERVAL="0.2",
        DJANGO_SETTINGS_MODULE="kb.settings.production",
    )
    if os.environ.get("REDIS_URL"):
        env["CACHE_BACKEND"] = "redis"
    started = time.monotonic()
    serve = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, start_new_session=True
    )
    stack = {"sink": sink}
    client = Client(f"http://127.0.0.1:{port}")
    try:
        wait_for(
            "the stack answering /health/live/",
            lambda: client.request("/health/live/")[0] == 200 or serve.poll() is not None,
            240,
        )
        check(serve.poll() is None, "scripts/serve is running")
        print(f"measured: production stack answering {time.monotonic() - started:.1f}s after start")
        # The secret and the database paths come from scripts/serve; the checks below use the
        # same environment as its processes.
        env["SECRET_KEY"] = Path(state, "secret-key").read_text().strip()
        env["ALLOWED_HOSTS"] = "127.0.0.1"
        env.setdefault("DATABASE_URL", f"sqlite:///{state}/db.sqlite3")
        env["MEDIA_ROOT"] = f"{state}/media"
        smoke(stack, env, client)
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            rc = serve.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            raise Failed("scripts/serve did not stop within 40s of SIGTERM") from None
        controller.stop()
        leftover = subprocess.run(  # noqa: S603
            ["/usr/bin/pgrep", "-s", str(serve.pid)], capture_output=True, text=True
        ).stdout.split()
        if leftover:
            os.killpg(serve.pid, signal.SIGKILL)
    check(not leftover, "SIGTERM stopped gunicorn and the worker")
    check(rc in (143, 0), f"scripts/serve ended on SIGTERM (exit {rc})")
    print("production smoke test: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
