"""gunicorn's access log without the secrets some addresses carry (``gunicorn.conf.py``).

A few links sent by e-mail hold a secret in their path: confirming an e-mail address,
resetting a password, confirming, managing or ending a follow. Whoever reads an access log line
holding one could use it (reset the password, end someone's follows), so the secret part of
such a path is logged as ``[redacted]``: the line still says which page was asked for, and
when. The query string and the client's address are not logged at all (see gunicorn.conf.py).
"""

import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# allauth's page after a password reset: no secret in it.
NOT_SECRET = {"done"}
# A prefix, then the secret: everything after the prefix up to the next slash.
SECRET_PATHS = re.compile(
    r"^(?P<prefix>/accounts/confirm-email/|/accounts/password/reset/key/"
    r"|/follow/confirm/|/follows/|/unsubscribe/)(?P<secret>[^/]+)"
)


def redact_path(path):
    """``path`` with the secret of a secret-bearing link replaced; any other path as it is."""
    if not path:
        return path
    return SECRET_PATHS.sub(
        lambda m: m["prefix"] + (m["secret"] if m["secret"] in NOT_SECRET else REDACTED), path
    )


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U"))
        # The request line holds the raw address (with the query string): never log it.
        atoms["r"] = f"{atoms.get('m')} {atoms['U']}"
        return atoms
