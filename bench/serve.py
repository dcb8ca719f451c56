"""A real HTTP server for the benchmark: Django's threaded WSGI server on 127.0.0.1 (keep-alive).

Run by ``bench.run`` as ``python -m bench.serve PORT`` with DATABASE_URL pointing at the
generated database; loopback only.
"""

import os
import sys


def main():
    port = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    from django.core.servers.basehttp import WSGIRequestHandler, run
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    WSGIRequestHandler.log_message = lambda *args: None  # one line per request would skew it
    run("127.0.0.1", port, application, threading=True)


if __name__ == "__main__":
    main()
