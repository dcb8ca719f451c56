"""The language of a request from its address alone: /fr/, /es/, /ar/ or none (English).

Pages of each content locale are served under their language's prefix (kb/urls.py), which
needs the language active while the URL is resolved. Unlike Django's LocaleMiddleware this never
reads Accept-Language or a cookie, so a response depends on its address only and the anonymous
page cache (core.pagecache) may keep it; choosing the first visit's language from the browser
belongs with the language switcher.
"""

from django.conf import settings
from django.utils import translation


class PathLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
