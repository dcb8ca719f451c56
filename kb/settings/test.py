import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Django's test set-up replaces EMAIL_BACKEND with locmem; tests/conftest.py puts the site's task
# backend back, so that tests send e-mail the way the site does, into the locmem outbox.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kb-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
# The migration's own default Site, which the tests' expected links use.
SITE_URL = "http://localhost"
LOGGING["root"]["level"] = "ERROR"
LOGGING["loggers"]["kb.tasks"]["level"] = "ERROR"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as in production, not Django's shared in-memory database, whose table locks
    # behave differently: tests of concurrent requests (threads) see SQLite as the site does.
    # A throwaway database need not survive a power cut: no waiting for the disk.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="kb-test-db-")) / "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY"
    )
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The page cache is off in tests (a test's rolled-back data would outlive it in the locmem
# cache); tests/core/test_pagecache.py turns it on.
PAGE_CACHE_ENABLED = False
# Every readiness request runs its checks (tests/kb/test_health.py tests the interval).
HEALTH_READY_INTERVAL = 0
