import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def development_media(request, path):
    """Serve MEDIA_ROOT in development, except documents/: as in production (README, Settings),
    documents are reached only through Wagtail's /documents/ view, which checks that a private
    attachment's reader may see it. The path is normalised first, as ``serve`` does, so that
    ``./documents/...``, ``//documents/...`` or ``images/../documents/...`` are refused too."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == "documents" or normalised.startswith("documents/"):
        raise Http404("Documents are served by /documents/<id>/<filename>.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
