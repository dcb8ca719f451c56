"""The cache that rate limits count in: chosen from the environment, shared in production, its
table made by `migrate`, and a per-process cache flagged by `check --deploy`."""

import json
import os
import re
import secrets
import subprocess
import sys

from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection

from kb.checks import rate_limits_need_a_shared_cache

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
DATABASE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kb_cache"}
}


def check_ids(**kwargs):
    return [message.id for message in run_checks(**kwargs)]


def test_deploy_check_warns_about_a_per_process_cache(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    assert "kb.W001" in check_ids(include_deployment_checks=True)
    # A deployment check: `manage.py check` in development stays quiet.
    assert "kb.W001" not in check_ids(include_deployment_checks=False)
    settings.CACHES = DUMMY
    assert [m.id for m in rate_limits_need_a_shared_cache(None)] == ["kb.W001"]


def test_deploy_check_accepts_a_shared_cache(settings, tmp_path):
    settings.DEBUG = False
    settings.CACHES = DATABASE
    assert "kb.W001" not in check_ids(include_deployment_checks=True)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert rate_limits_need_a_shared_cache(None) == []


def test_development_is_not_warned(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert rate_limits_need_a_shared_cache(None) == []


def test_migrate_creates_the_database_cache_table(db, settings):
    settings.CACHES = DATABASE
    with connection.cursor() as cursor:
        if "kb_cache" in connection.introspection.table_names(cursor):
            cursor.execute("DROP TABLE kb_cache")
    call_command("migrate", verbosity=0, interactive=False)
    assert "kb_cache" in connection.introspection.table_names()


def production_settings(code, arguments=(), **env):
    """Run ``code`` in a fresh interpreter with the production settings and the environment
    .ci/run gives them, nothing inherited from this process (the browser tests set
    DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly refuses)."""
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(
        DJANGO_SETTINGS_MODULE="kb.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *arguments],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHOW = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.KB_TRUSTED_PROXY_COUNT, "
    "s.ALLAUTH_TRUSTED_PROXY_COUNT)"
)


def test_production_counts_in_the_database_and_trusts_no_proxy_by_default():
    result = production_settings(SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "0", "0"]


def test_environment_chooses_the_cache_and_the_trusted_proxies(tmp_path):
    result = production_settings(
        SHOW, CACHE_BACKEND="file", CACHE_DIR=str(tmp_path), TRUSTED_PROXY_COUNT="2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.filebased.FileBasedCache",
        "2",
        "2",
    ]
    result = production_settings(SHOW, CACHE_BACKEND="memcached")
    assert result.returncode != 0
    assert "CACHE_BACKEND" in result.stderr


def test_environment_chooses_redis_and_the_task_backend():
    show = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], "
        "s.TASKS['default']['BACKEND'])"
    )
    result = production_settings(show, CACHE_BACKEND="redis", REDIS_URL="redis://10.0.0.5:6380/2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://10.0.0.5:6380/2",
        "django_tasks_db.DatabaseBackend",
    ]
    result = production_settings(show, CACHE_BACKEND="redis", TASK_BACKEND="immediate")
    assert result.stdout.split()[-1] == "django_tasks.backends.immediate.ImmediateBackend"
    result = production_settings(show, TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "TASK_BACKEND" in result.stderr


# The environment .ci/run's deploy_check gives a correct production.
PRODUCTION_ENV = {
    "ADMINS": "Ops <ops@example.org>",
    "DEFAULT_FROM_EMAIL": "registry@example.org",
    "TASK_BACKEND": "database",
    "CACHE_BACKEND": "db",
}


# `check --deploy --fail-level WARNING` under each environment, in one interpreter (one Django
# start-up instead of one per environment): for each, the process's environment is replaced, the
# settings modules are read again from it (their import-time logic is what is tested), the cache
# handler forgets its caches, and the check command runs as manage.py runs it. Prints one line of
# JSON per environment: whether the command failed and what it wrote.
DEPLOY_CHECKS = """
import io, json, os, sys
import django
from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.functional import empty

inherited = dict(os.environ)
for number, environment in enumerate(json.loads(sys.argv[1])):
    os.environ.clear()
    os.environ.update({**inherited, **environment})
    for name in [m for m in sys.modules if m == "kb.settings" or m.startswith("kb.settings.")]:
        del sys.modules[name]
    settings._wrapped = empty
    if number == 0:
        django.setup()
    caches._settings = None
    caches.__dict__.pop("settings", None)
    caches._connections = Local(caches.thread_critical)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=err)
        failed = False
    except CommandError as error:
        failed = True
        err.write(str(error))
    print(json.dumps({"failed": failed, "output": out.getvalue() + err.getvalue()}))
"""


def test_production_deploy_check_passes_and_flags_each_misconfiguration():
    changes = (
        ({"CACHE_BACKEND": "locmem"}, "kb.W001"),
        ({"WAGTAILADMIN_BASE_URL": "http://localhost:8000"}, "kb.W002"),
        ({"DEFAULT_FROM_EMAIL": "registry@localhost"}, "kb.W003"),
        ({"ADMINS": ""}, "kb.W004"),
        ({"TASK_BACKEND": "immediate"}, "kb.W005"),
    )
    environments = [PRODUCTION_ENV] + [{**PRODUCTION_ENV, **change} for change, _ in changes]
    result = production_settings(DEPLOY_CHECKS, arguments=[json.dumps(environments)])
    assert result.returncode == 0, result.stdout + result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outcomes) == len(environments)
    good, *flagged = outcomes
    assert not good["failed"], good["output"]
    for (change, warning), outcome in zip(changes, flagged, strict=True):
        assert outcome["failed"], change
        assert warning in outcome["output"], change
        # Only the warning the change causes.
        assert set(re.findall(r"kb\.W\d+", outcome["output"])) == {warning}, change


def test_sentry_is_optional_and_its_absence_is_explained():
    show = "from django.conf import settings as s; print(repr(s.SENTRY_DSN))"
    blocker = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'sentry_sdk': raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    result = production_settings(blocker + show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''"
    result = production_settings(blocker + show, SENTRY_DSN="https://key@sentry.example.org/1")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "sentry-sdk is not installed" in result.stderr


# --- Production misconfigurations each have their own warning ---------------------------------

GOOD_PRODUCTION = {
    "DEBUG": False,
    "CACHES": DATABASE,
    "SITE_URL": "https://registry.example.org",
    "WAGTAILADMIN_BASE_URL": "https://registry.example.org",
    "DEFAULT_FROM_EMAIL": "Registry <registry@example.org>",
    "SERVER_EMAIL": "errors@example.org",
    "ADMINS": [("Ops", "ops@example.org")],
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
}
OWN_IDS = {"kb.W001", "kb.W002", "kb.W003", "kb.W004", "kb.W005"}


def deploy_ids(settings, monkeypatch, web_concurrency=None, **changes):
    if web_concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", web_concurrency)
    for name, value in {**GOOD_PRODUCTION, **changes}.items():
        setattr(settings, name, value)
    return set(check_ids(include_deployment_checks=True)) & OWN_IDS


def test_a_good_production_configuration_has_none_of_the_sites_warnings(settings, monkeypatch):
    assert deploy_ids(settings, monkeypatch) == set()
    assert deploy_ids(settings, monkeypatch, web_concurrency="4") == set()


def test_a_local_admin_address_is_flagged(settings, monkeypatch):
    for url in ("http://localhost:8000", "http://127.0.0.1", "https://admin.localhost"):
        assert deploy_ids(settings, monkeypatch, WAGTAILADMIN_BASE_URL=url) == {"kb.W002"}


def test_a_local_sender_is_flagged(settings, monkeypatch):
    for sender in (
        "registry@localhost",
        "Registry <registry@localhost>",
        "webmaster@server.local",
        "root@myhost",
        "noreply@127.0.0.1",
        "no address",
    ):
        assert deploy_ids(settings, monkeypatch, DEFAULT_FROM_EMAIL=sender) == {"kb.W003"}
    assert deploy_ids(settings, monkeypatch, SERVER_EMAIL="root@localhost") == {"kb.W003"}
    message = [m for m in run_checks(include_deployment_checks=True) if m.id == "kb.W003"][0]
    assert "SERVER_EMAIL" in message.msg and "DEFAULT_FROM_EMAIL" not in message.msg


def test_no_admins_is_flagged(settings, monkeypatch):
    assert deploy_ids(settings, monkeypatch, ADMINS=[]) == {"kb.W004"}


def test_tasks_inside_requests_are_flagged(settings, monkeypatch):
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert deploy_ids(settings, monkeypatch, TASKS=immediate) == {"kb.W005"}


def test_a_per_process_cache_is_flagged_unless_there_is_one_web_process(settings, monkeypatch):
    for workers in (None, "2", "16", "many"):
        assert deploy_ids(settings, monkeypatch, workers, CACHES=LOCMEM) == {"kb.W001"}
    assert deploy_ids(settings, monkeypatch, "1", CACHES=LOCMEM) == set()
    # The dummy cache counts nothing, even in one process.
    assert deploy_ids(settings, monkeypatch, "1", CACHES=DUMMY) == {"kb.W001"}


def test_development_has_none_of_the_sites_warnings(settings, monkeypatch):
    bad = {
        "CACHES": LOCMEM,
        "DEFAULT_FROM_EMAIL": "registry@localhost",
        "ADMINS": [],
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "WAGTAILADMIN_BASE_URL": "http://localhost:8000",
    }
    assert deploy_ids(settings, monkeypatch, DEBUG=True, **bad) == set()
    assert deploy_ids(settings, monkeypatch, **bad) == OWN_IDS


def test_admins_are_read_from_the_environment():
    from django.core.exceptions import ImproperlyConfigured

    from kb.settings.base import parse_admins

    assert parse_admins("") == []
    assert parse_admins("Ana Ops <ana@example.org>, b@example.org") == [
        ("Ana Ops", "ana@example.org"),
        ("b@example.org", "b@example.org"),
    ]
    assert parse_admins('"Ops, Team" <ops@example.org>') == [("Ops, Team", "ops@example.org")]
    for bad in ("ana", "ana@localhost-no-dot", "Ana <>", "a@example.org, nobody"):
        try:
            parse_admins(bad)
        except ImproperlyConfigured:
            continue
        raise AssertionError(f"{bad!r} was accepted")


CONNECTIONS = (
    "from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


def test_production_keeps_database_connections_between_requests():
    # A new PostgreSQL connection per request costs several times a cached page's whole hit.
    result = production_settings(CONNECTIONS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]
    result = production_settings(CONNECTIONS, DATABASE_CONN_MAX_AGE="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True"]
