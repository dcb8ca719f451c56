from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.shortcuts import render
from django.utils._os import safe_join
from django.views.static import serve


def development_media(request, path):
    """Serve MEDIA_ROOT in development, except documents/: as in production (README, Settings),
    documents are reached only through Wagtail's /documents/ view, which checks that a private
    attachment's reader may see it. The file the path leads to is resolved first (``..``
    segments, the media folder's own name, symbolic links), and refused if it lies in
    MEDIA_ROOT/documents/ or outside MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = Path(safe_join(str(root), path)).resolve()
    except SuspiciousFileOperation as outside:
        raise Http404("Not in the media folder.") from outside
    if not target.is_relative_to(root) or target.is_relative_to(root / "documents"):
        raise Http404("Documents are served by /documents/<id>/<filename>.")
    return serve(request, str(target.relative_to(root)), document_root=str(root))


def accessibility_statement(request):
    return render(
        request,
        "kb/accessibility_statement.html",
        {"contact_email": settings.CONTACT_EMAIL},
    )
