"""Choosing the interface language: the switcher's view and the first visit's redirect.

The language of a page is in its address (kb.urls). Two things send a visitor to another one:
- the switcher, a plain link to ``switch`` (GET: pages are cached for every visitor, so they
  hold no CSRF token), which remembers the choice in the ``django_language`` cookie;
- on a visit to a plain (English) address, the visitor's remembered choice or, with none yet,
  their browser's ``Accept-Language``: ``FirstVisitLanguageMiddleware`` redirects to the same
  page in that language. It sits before the anonymous page cache, which would otherwise serve
  the English page before any view ran.
"""

import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, cc_delim_re, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core.languages import codes, path_in

# Crawlers index each language at its own address (the hreflang alternates say which), so they
# are never sent elsewhere; neither is anything that is not a browser asking for a page.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|curl|wget|python|"
    r"httpclient|feed|lighthouse",
    re.IGNORECASE,
)


def remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def switch(request, language):
    """Remember ``language`` and go to ``next``, a local address only (anything else, or
    nothing, goes to the home page in that language)."""
    if language not in codes():
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or not target.startswith("/") or target.startswith("//"):
        target = path_in("/", language)
    response = HttpResponseRedirect(target)
    remember(response, language)
    add_never_cache_headers(response)
    return response


def preferred_language(request):
    """The remembered choice if there is one (a valid one), else the browser's preference among
    the interface languages, else None. A remembered choice ends the use of Accept-Language."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None:
        return chosen if chosen in codes() else None
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accepted, _ in translation.trans_real.parse_accept_lang_header(header):
        if accepted == "*":
            return None
        try:
            return translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
    return None


def same_view_in(path, language):
    """Does ``path`` lead to a page for people, which ``language``'s prefix also serves? The API,
    feeds, exports, the admin and the like resolve outside the prefixed patterns (where the
    prefixed path falls through to Wagtail's catch-all instead)."""
    urlconf = get_urlconf()
    try:
        plain = resolve(path, urlconf)
        prefixed = resolve(path_in(path, language), urlconf)
    except Resolver404:
        return False
    return plain.func == prefixed.func and plain.url_name == prefixed.url_name


class FirstVisitLanguageMiddleware:
    """Send a browser asking for a page at its plain (English) address to the same page in its
    visitor's language: the one chosen with the switcher, or on a first visit the browser's.
    Only for GET requests for HTML by browsers, never for bots, the API, feeds or exports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.eligible(request):
            language = preferred_language(request)
            if (
                language
                and language != settings.LANGUAGE_CODE
                and same_view_in(request.path_info, language)
            ):
                response = HttpResponseRedirect(path_in(request.get_full_path(), language))
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                add_never_cache_headers(response)
                return response
        response = self.get_response(request)
        if translation.get_language_from_path(request.path_info):
            return response
        if request.method == "GET" and response.get("Content-Type", "").startswith("text/html"):
            # The same address answers otherwise to another visitor's browser or cookie.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        elif response.has_header("Vary"):
            # Data (the API, feeds, CSV) is English whatever the browser asks and never
            # redirected: it does not vary on Accept-Language (LocaleMiddleware says it does).
            kept = [
                v.strip()
                for v in cc_delim_re.split(response["Vary"])
                if v.strip() and v.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

    @staticmethod
    def eligible(request):
        if request.method != "GET" or translation.get_language_from_path(request.path_info):
            return False
        if "text/html" not in request.META.get("HTTP_ACCEPT", ""):
            return False
        agent = request.META.get("HTTP_USER_AGENT", "")
        return bool(agent) and not BOT_PATTERN.search(agent)
