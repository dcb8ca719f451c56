"""A real HTTP server for the benchmark: Django's threaded WSGI server on 127.0.0.1 (keep-alive).

Run by ``bench.run`` as ``python -m bench.serve PORT`` with DATABASE_URL pointing at the
generated database; loopback only.
"""

import os
import socket
import sys


def main():
    port = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    class NoDelayServer(WSGIServer):
        """Sends each response at once, as production servers (gunicorn, uwsgi) do.

        Django's handler writes the headers and the body in two sends; with Nagle's algorithm on,
        the body waits for the client's delayed ACK of the headers, some 40 ms on Linux.
        """

        def get_request(self):
            conn, address = super().get_request()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return conn, address

    application = get_wsgi_application()
    WSGIRequestHandler.log_message = lambda *args: None  # one line per request would skew it
    run("127.0.0.1", port, application, threading=True, server_cls=NoDelayServer)


if __name__ == "__main__":
    main()
