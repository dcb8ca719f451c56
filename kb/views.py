from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
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


def print_origin_css(request):
    """The site's public address as a CSS custom property, which the print stylesheet writes
    before each relative link (a static file cannot know it; inline styles are refused by the
    content security policy)."""
    origin = settings.SITE_URL.rstrip("/")
    quoted = origin.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "")
    response = HttpResponse(f':root {{ --site-origin: "{quoted}"; }}\n', content_type="text/css")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Crawlers stay out of sign-in, members' and editors' pages, forms, and listing states with more
# than one parameter (filters combine without end; one filter, or a page, is still crawled).
ROBOTS_DISALLOW = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/follow/",
    "/follows/",
    "/unsubscribe/",
    "/contact/",
    "/practices/submit/",
    "/search/",
    "/*?*&",
)


ROBOTS_UNPREFIXED = {"/admin/", "/*?*&"}


def robots_txt(request):
    """robots.txt (RFC 9309), with the sitemap's absolute address at SITE_URL."""
    sitemap = settings.SITE_URL.rstrip("/") + reverse("sitemap")
    # The same pages under each language's prefix (kb.urls); /admin/ has none.
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    paths = [
        f"{prefix}{path}"
        for prefix in prefixes
        for path in ROBOTS_DISALLOW
        if not (prefix and path in ROBOTS_UNPREFIXED)
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in paths), ""]
    lines.append(f"Sitemap: {sitemap}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
