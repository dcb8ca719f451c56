"""Production: everything from the environment; refuses to start without a secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated).")

# Rate limits must count across every web process: the database cache unless told otherwise.
CACHES = cache_settings(os.environ.get("CACHE_BACKEND", "db"))

# Persistent database connections (DATABASE_CONN_MAX_AGE seconds, default 60), checked before
# reuse: opening a PostgreSQL connection and setting it up costs more (about 16 ms, measured)
# than serving a cached page does (about 2 ms), so one per request would cap the site far below
# what it can serve. DATABASE_CONN_MAX_AGE=0 closes each at the end of its request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Tasks (e-mail, search-index updates) wait in the database for `manage.py db_worker`.
TASKS = task_settings(os.environ.get("TASK_BACKEND", "database"))

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# Trust X-Forwarded-Proto only when a proxy of the operator's sets it (and drops a client's):
# otherwise any client could claim HTTPS. Declared proxies (TRUSTED_PROXY_COUNT) are trusted
# for it unless SECURE_PROXY_SSL_HEADER says otherwise.
if env_bool("SECURE_PROXY_SSL_HEADER", KB_TRUSTED_PROXY_COUNT > 0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Health checks come from the host's own supervisor or load balancer, often over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
