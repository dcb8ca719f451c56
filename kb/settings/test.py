import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kb-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "ERROR"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
