"""The cache that rate limits count in: chosen from the environment, shared in production, its
table made by `migrate`, and a per-process cache flagged by `check --deploy`."""

import os
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


def production_settings(code, **env):
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
        [sys.executable, "-c", code],
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


def test_production_deploy_check_passes_and_flags_a_local_memory_cache():
    check = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = production_settings(check)
    assert result.returncode == 0, result.stdout + result.stderr
    result = production_settings(check, CACHE_BACKEND="locmem")
    assert result.returncode != 0
    assert "kb.W001" in result.stdout + result.stderr
