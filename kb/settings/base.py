"""Settings shared by every environment; what differs per machine comes from the environment."""

import os
from email.utils import getaddresses
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

import dj_database_url

from kb.logs import init_sentry, logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "kb"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def parse_admins(value):
    """``"Name <a@example.org>, b@example.org"`` as Django's ADMINS: (name, address) pairs.
    Anything that is not an address is refused rather than mailed to."""
    admins = []
    for name, address in getaddresses([value]):
        if not address and not name:
            continue
        local, _, domain = address.rpartition("@")
        if not local or "." not in domain.strip(".") or any(c.isspace() for c in address):
            raise ImproperlyConfigured(
                f"ADMINS holds {address or name!r}, which is not an e-mail address; "
                'write ADMINS="Name <a@example.org>, b@example.org".'
            )
        admins.append((name or address, address))
    return admins


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.humanize",
    "core",
    "home",
    "practices",
    "frameworks",
    "monitoring",
    "search",
    "actions",
    "insights",
    "api",
    "following",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "members",
    "allauth",
    "allauth.account",
    "kb",
    # The production task queue's table (TASK_BACKEND=database); present everywhere so that
    # every database has the same schema.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kb.middleware.ContentSecurityPolicyMiddleware",
    # Conditional GET (ETag, Last-Modified, 304) for every response, cached or not; then whole
    # responses for visitors who are not signed in, before anything loads a session.
    "django.middleware.http.ConditionalGetMiddleware",
    # A browser's first visit to a plain (English) address goes to its language's address
    # before the page cache could serve the English page (kb.languages).
    "kb.languages.FirstVisitLanguageMiddleware",
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's prefix (kb.urls); plain addresses are English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "kb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kb.context_processors.site",
                "kb.context_processors.sections",
            ],
        },
    },
]

WSGI_APPLICATION = "kb.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that starts by reading and then writes
    # fails at once with "database is locked" when another one wrote meanwhile (two members
    # saving together, a double click); starting every transaction as the writer makes the
    # second wait for the first, for up to SQLITE_BUSY_TIMEOUT seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages. Names are autonyms, the same in every language, so they are not marked
# for translation. A page's language is its address's prefix (kb.urls); the switcher remembers a
# visitor's choice in a cookie, which also ends the use of Accept-Language (kb.languages).
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first (kb/formats/en); templates name a format (DATE_FORMAT), never a pattern.
FORMAT_MODULE_PATH = ["kb.formats"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = False  # True in production
# Content in its own language (docs/architecture.md, "Content in several languages"): one Wagtail
# locale per interface language, each with its own copy of the page tree; a practice lives in the
# locale of the language it was written in, and editors translate pages with simple_translation.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail leaves through a background task after the commit (kb/mail.py), then by the delivery
# backend: console in development, SMTP from the environment in production.
EMAIL_BACKEND = "kb.mail.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# A mail server that accepts the connection and never answers must not hold a worker for ever.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who is e-mailed server errors: ADMINS="Name <a@example.org>, b@example.org".
ADMINS = parse_admins(os.environ.get("ADMINS", ""))
# Where visitors write to the editors (the accessibility statement's "report a barrier").
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
# Marked for the catalogues (gettext_noop keeps them plain strings here); pages show them
# translated (kb.context_processors.site).
WAGTAIL_SITE_NAME = gettext_noop("Local Women Peacebuilders' Practice Registry")
# What a shared link's preview says of a page that says nothing of itself.
SITE_DESCRIPTION = gettext_noop(
    "A registry of local women peacebuilders' good practices and the national action plans and "
    "resolutions they carry out."
)
# The licence of the registry's content, stated in the footer, the API, the CSV and the feed.
CONTENT_LICENCE = {
    "name": os.environ.get("CONTENT_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
# The site's public address (scheme, host name and port): `migrate` writes it into the default
# Wagtail Site (core.sites), which the sitemap, the contact relay and e-mails link with, and
# `check --deploy` warns (kb.W002) while it is local. WAGTAILADMIN_BASE_URL, which Wagtail's own
# e-mails use, follows it unless set apart (older deployments set only that one).
SITE_URL = (
    os.environ.get("SITE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin's uploads are checked (content matching the name) and stored without their
# metadata, as members' attachments are (practices.attachments).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practices.documents.DocumentForm"
# Documents are always sent by Wagtail's /documents/<id>/<name> view, which enforces collection
# privacy (members' attachments stay private until their practice is published); links never
# show where the file is stored (documents/<random token>/<name>, practices.documents). Never
# "direct" or "redirect": those point at the storage URL and bypass the check.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin must not call out either: no avatars from Gravatar, no release check, no news banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []

# Search: Wagtail's database backend (FTS5 on SQLite, full-text search on PostgreSQL) unless
# the environment names another engine.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "database")
# Text is normalised (stemmed, accents folded) before it is indexed (core.textsearch),
# so PostgreSQL must not stem it again: the "simple" configuration.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
# How many practices each process keeps loaded for pages of results (search.engines.hitcache;
# about 10 KB each): a page of results whose practices are all kept costs no query for them.
SEARCH_KEPT_PRACTICES = int(os.environ.get("SEARCH_KEPT_PRACTICES", "10000"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "kb_")

# At scale (README, "Running at scale"): SEARCH_ENGINE=elasticsearch with ELASTICSEARCH_URL, or
# SEARCH_ENGINE=opensearch with OPENSEARCH_URL, move page and site search to Wagtail's backend
# for that cluster and the practice search service to its cluster engine (the same requests on
# either, search.engines.transport), which falls back to the database engine when the cluster
# cannot answer. The database backend stays configured (and updated) for that fallback. The
# index prefix, timeout, retry delay and replicas are the ELASTICSEARCH_* settings on both;
# authentication and TLS are each client's own (ELASTICSEARCH_* or OPENSEARCH_*).
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "30"))
ELASTICSEARCH_REPLICAS = int(os.environ.get("ELASTICSEARCH_REPLICAS", "1"))
# On OpenSearch, a search spreads over the index's segments on several threads (concurrent
# segment search: the index setting index.search.concurrent_segment_search.mode "all", which
# needs OpenSearch 2.17 or later; set OPENSEARCH_CONCURRENT_SEARCH=false for an older node).
OPENSEARCH_CONCURRENT_SEARCH = env_bool("OPENSEARCH_CONCURRENT_SEARCH", True)


def cluster_options(prefix, auth_option):
    """A search client's authentication and TLS options from the environment variables named
    PREFIX_USERNAME, PREFIX_PASSWORD, PREFIX_CA_CERTS and PREFIX_VERIFY_CERTS; AUTH_OPTION is the
    client's name for HTTP basic authentication."""
    options = {}
    if os.environ.get(f"{prefix}_USERNAME"):
        options[auth_option] = (
            os.environ[f"{prefix}_USERNAME"],
            os.environ.get(f"{prefix}_PASSWORD", ""),
        )
    if os.environ.get(f"{prefix}_CA_CERTS"):
        options["ca_certs"] = os.environ[f"{prefix}_CA_CERTS"]
    if os.environ.get(f"{prefix}_VERIFY_CERTS") is not None:
        options["verify_certs"] = env_bool(f"{prefix}_VERIFY_CERTS", True)
    return options


ELASTICSEARCH_OPTIONS = cluster_options("ELASTICSEARCH", "basic_auth")
if os.environ.get("ELASTICSEARCH_API_KEY"):  # an API key wins over a user name
    ELASTICSEARCH_OPTIONS.pop("basic_auth", None)
    ELASTICSEARCH_OPTIONS["api_key"] = os.environ["ELASTICSEARCH_API_KEY"]
# opensearch-py's names for the same: HTTP basic authentication (OpenSearch's security plugin
# has no API keys), a CA bundle, certificate verification.
OPENSEARCH_OPTIONS = cluster_options("OPENSEARCH", "http_auth")


def opensearch_backend():
    """django-modelsearch's OpenSearch backend for the installed opensearch-py: ``opensearch2``
    calls the 2.x client with positional arguments, which opensearch-py 3 refuses (its methods
    take keywords only); ``opensearch3`` is the same backend on keywords. Both speak to an
    OpenSearch 2 or 3 cluster."""
    try:
        from opensearchpy import VERSION
    except ImportError:
        return "wagtail.search.backends.opensearch2"  # kb.E001 says the client is missing
    return "wagtail.search.backends." + ("opensearch3" if VERSION[0] >= 3 else "opensearch2")


# SEARCH_ENGINE's cluster: its address, Wagtail's backend for it, the client's options.
_cluster = None
if SEARCH_ENGINE == "elasticsearch" and ELASTICSEARCH_URL:
    _cluster = (ELASTICSEARCH_URL, "wagtail.search.backends.elasticsearch8", ELASTICSEARCH_OPTIONS)
elif SEARCH_ENGINE == "opensearch" and OPENSEARCH_URL:
    _cluster = (OPENSEARCH_URL, opensearch_backend(), OPENSEARCH_OPTIONS)
if _cluster:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _cluster[1],
            "URLS": [_cluster[0]],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
            "OPTIONS": dict(_cluster[2]),
        },
        "database": WAGTAILSEARCH_BACKENDS["default"],
    }
    PRACTICE_SEARCH_ENGINE = "search.engines.fallback.FallbackEngine"

# Background work (search index updates, e-mail) runs through django-tasks. TASK_BACKEND:
# "immediate" (development and tests: the task runs in the process, after the commit) or
# "database" (production: a row in the database, run by `manage.py db_worker`, so no request
# waits on the mail server or Elasticsearch).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_settings(backend):
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASK_BACKEND is {backend!r}; choose immediate or database (README, Settings)."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[backend]}}


TASKS = task_settings(os.environ.get("TASK_BACKEND", "immediate"))
# /health/ready/ fails when a task has waited longer than this (seconds): no worker runs.
HEALTH_TASK_MAX_AGE = int(os.environ.get("HEALTH_TASK_MAX_AGE", "600"))
# /health/ready/ runs its checks at most once per this many seconds per process (kb.health).
HEALTH_READY_INTERVAL = float(os.environ.get("HEALTH_READY_INTERVAL", "5"))

# Logging (kb/logs.py): LOG_FORMAT=json writes one JSON object per line, else plain text; one
# line per background task; ERROR and above e-mailed to ADMINS and, with SENTRY_DSN, to Sentry
# (the optional extra "sentry"; server side only, no personal data).
LOGGING = logging_settings(
    os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "WARNING").upper()
)
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
    )

# Cache: rate limits (allauth's and core.ratelimit) count in the default cache, so it must
# be shared by every process that serves the site. CACHE_BACKEND chooses one of Django's own:
# "locmem" (one process: development and tests), "db" (a table in the site's database, shared by
# every process and host; created by `migrate`, see kb.apps) or "file" (files under CACHE_DIR,
# shared by the processes of one host). Production defaults to "db".
CACHE_TABLE = "kb_cache"
PAGE_CACHE_TABLE = "kb_page_cache"
PAGE_CACHE_ALIAS = "pages"


def cache_settings(backend):
    if backend == "locmem":
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif backend == "db":
        default = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    elif backend == "file":
        if not os.environ.get("CACHE_DIR"):
            raise ImproperlyConfigured("CACHE_BACKEND=file needs CACHE_DIR, a writable folder.")
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
        }
    elif backend == "redis":
        # Django's own Redis cache (the `redis` package, extra "redis"): shared by every process
        # and host, and increments are atomic (INCR), so rate limits count exactly.
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        }
    else:
        raise ImproperlyConfigured(
            f"CACHE_BACKEND is {backend!r}; choose locmem, db, file or redis (README, Settings)."
        )
    # The page cache (core.pagecache) on the same backend, in a store of its own: its entries
    # are many and come and go, and where a backend culls by number (the database cache, first
    # the keys that sort first; locmem) a crawl or a flood of URLs must never evict a rate
    # limit's count from the default cache.
    pages = dict(default)
    if backend == "db":
        pages["LOCATION"] = PAGE_CACHE_TABLE
    elif backend == "locmem":
        pages["LOCATION"] = "pages"
    elif backend == "file":
        pages["LOCATION"] = os.path.join(os.environ["CACHE_DIR"], "pages")
    else:
        pages["KEY_PREFIX"] = "pages"
    return {"default": default, PAGE_CACHE_ALIAS: pages}


CACHES = cache_settings(os.environ.get("CACHE_BACKEND", "locmem"))

# The page cache (core.pagecache): whole responses for visitors who are not signed in, in the
# "pages" cache (the default cache's backend, a store of its own), made stale by any change to
# published content. PAGE_CACHE=0 turns it off; PAGE_CACHE_TIMEOUT is each entry's lifetime in
# seconds (time-based content, such as upcoming events, is at most this old); a URL longer than
# PAGE_CACHE_MAX_KEY characters is not stored.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
PAGE_CACHE_MAX_KEY = 1000

# The registry's own settings.
KB_DATA_DIR = BASE_DIR / "data"
PRACTICES_PER_PAGE = 20

# Accounts (django-allauth): sign-up with a verified e-mail address, log-in by e-mail, for
# members and editors alike: /admin/login/ leads to allauth's log-in (kb.urls), so that every
# way in counts against ACCOUNT_RATE_LIMITS. Members never get wagtailadmin.access_admin.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Wagtail's own front-end log-in (private documents and pages) is the members' log-in too.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "my_submissions"
# allauth's password reset (rate-limited) is the only one; /admin/password_reset/ leads there.
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.MemberDetailsForm"
ACCOUNT_FORMS = {"signup": "members.signup.MemberSignupForm"}
# Its e-mails in the member's language (members.models.MemberProfile.language).
ACCOUNT_ADAPTER = "members.adapter.MemberAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Practice registry] "
# Members are named by the display name they give at sign-up, never by their username (which
# allauth makes up from the e-mail address): in allauth's e-mails and pages, and everywhere else.
ACCOUNT_USER_DISPLAY = "core.people.display_name"
# Confirming the address signs the member in (same browser session as the sign-up).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# allauth's own cache-based limits (sign-up, log-in, password reset, ...); the registry's forms
# (submission, contact relay) use core.ratelimit with the same cache.
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "5/h/ip"),
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Behind reverse proxies, REMOTE_ADDR is the nearest proxy's address for every client. With
# TRUSTED_PROXY_COUNT=N (the proxies in front of the site that are yours), the client is the
# N-th address from the right of X-Forwarded-For; with 0 (default) that header is ignored, since
# a client can write anything in it.
KB_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = KB_TRUSTED_PROXY_COUNT
KB_RATE_LIMITS = {
    "submit": os.environ.get("RATE_LIMIT_SUBMIT", "30/h"),
    "refresh": os.environ.get("RATE_LIMIT_REFRESH", "120/h"),
    "relay": os.environ.get("RATE_LIMIT_RELAY", "5/h"),
    "relay-to": os.environ.get("RATE_LIMIT_RELAY_TO", "20/d"),
    "account": os.environ.get("RATE_LIMIT_ACCOUNT", "10/h"),
    # Follow sign-ups by e-mail: per client address, and per e-mail address followed.
    "follow": os.environ.get("RATE_LIMIT_FOLLOW", "20/h"),
    "follow-address": os.environ.get("RATE_LIMIT_FOLLOW_ADDRESS", "10/d"),
}
