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
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
