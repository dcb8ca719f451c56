"""gunicorn's settings for the registry (``gunicorn -c gunicorn.conf.py kb.wsgi``).

Everything an operator may change comes from the environment, the same one the site reads:

- ``HOST``/``PORT`` (default 127.0.0.1:8000), or ``GUNICORN_BIND`` (e.g. ``unix:/run/kb.sock``);
- ``WEB_CONCURRENCY``: worker processes; default one per core plus one. Not the two per core
  plus one often advised for workers serving one request at a time: each process here keeps
  what searches read (the practices' sets, the words read, the practices shown, the pages'
  routes) and serves several requests at once in threads, so more processes mean colder
  copies of the same caches and more memory. Measured with ``make loadtest`` on two cores
  (distinct listing queries, the figures in the README): 5 processes of 8 threads answered 25
  requests/s, 3 of 8 41, 3 of 4 between 43 and 49;
- ``GUNICORN_THREADS`` (default 8): threads per worker process. Threads, not one request per
  process: a process waiting on the database (a listing query) leaves its other threads to
  serve cached pages, and a visitor's connection is kept open between requests (HTTP
  keep-alive; a sync worker closes it after each one), waiting without holding a thread. With
  4, slow listing queries held every thread and cached pages waited behind them (the home
  page's p99 at 16 connections rose to 56-63 ms; 28 ms with 8). Each thread keeps its own
  database connection (DATABASE_CONN_MAX_AGE): workers x threads, plus the task worker, must
  stay under PostgreSQL's ``max_connections`` (100 by default; 3 x 8 = 24 on two cores);
- ``GUNICORN_MAX_REQUESTS`` (default 100,000): requests after which a worker is replaced;
- ``GUNICORN_TIMEOUT`` (default 30 s): a worker silent for longer is restarted. No request
  should come near it: e-mail and search-index updates run in the task worker;
- ``TRUSTED_PROXY_COUNT`` (kb.settings.base) and ``FORWARDED_ALLOW_IPS``: with no trusted
  proxy (0, the default) gunicorn trusts no one's X-Forwarded-* headers; with proxies, it trusts
  them from FORWARDED_ALLOW_IPS (default the host itself, where a local nginx or Caddy runs).
  Client addresses for rate limits are taken by the site from X-Forwarded-For as far as
  TRUSTED_PROXY_COUNT allows (core.ratelimit.client_address), not by gunicorn.

The access log is one line per request on stdout in logfmt (key=value), which journald, Loki,
Vector and most log tools parse: method, path (no query string: it may hold what a visitor
searched for), status, response bytes and duration in milliseconds. No client address is
logged: the site's users may be at risk, and a log is one more place an address could leak from.
"""

import multiprocessing
import os


def _workers():
    try:
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    except (KeyError, ValueError):
        return multiprocessing.cpu_count() + 1


def _int(name, default):
    try:
        return max(1, int(os.environ[name]))
    except (KeyError, ValueError):
        return default


def _forwarded_allow_ips():
    try:
        proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    except ValueError:
        proxies = 0
    if proxies <= 0:
        return ""
    return os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


wsgi_app = "kb.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
workers = _workers()
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 8)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Replace each worker now and then (a slow leak never grows far), not all at once. Not often: a
# new worker imports the site and reads its search sets again (a second or two of CPU), and at
# the 2,000 requests this once was, each of five workers was replaced every 20 s at 500
# requests/s, a quarter of a core spent on restarts, with cold-cache requests after each.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a slow or full disk.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
forwarded_allow_ips = _forwarded_allow_ips()
proxy_allow_ips = forwarded_allow_ips

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Secrets in the paths of e-mailed links are logged as [redacted] (kb/accesslog.py).
logger_class = "kb.accesslog.RedactingLogger"
access_log_format = 'method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s'
# No control socket: its default path is per user, shared by every instance on the host.
control_socket_disable = True
