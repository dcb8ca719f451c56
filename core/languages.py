"""The interface languages and the addresses of one page in each of them.

English pages live at their plain address; French, Spanish and Arabic ones under /fr/, /es/ and
/ar/ (``i18n_patterns`` with ``prefix_default_language=False`` in kb.urls). The path after the
prefix is the same in every language, so a page in another language is, until Wagtail's
localisation gives a page its own translations, the same path under the other prefix.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def codes():
    return [code for code, _ in settings.LANGUAGES]


def language_of_path(path):
    """The language a path is in: its prefix's, or the default language when it has none."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def unprefixed(path):
    """The path without its language prefix: ``/fr/practices/`` gives ``/practices/``."""
    prefixed = translation.get_language_from_path(path)
    if not prefixed:
        return path
    rest = path[len(prefixed) + 1 :]
    return rest if rest.startswith("/") else "/" + rest


def path_in(path, language):
    """The same path in another language: ``path_in("/practices/", "ar")`` is
    ``/ar/practices/``; the default language has no prefix."""
    bare = unprefixed(path)
    if language == settings.LANGUAGE_CODE:
        return bare
    return f"/{language}{bare}"


def page_paths_in(page, request, fallbacks):
    """Where a Wagtail page is in each of several languages, ``{language: fallback}`` in and
    ``{language: path}`` out: its translation's address when Wagtail's localisation is on and
    the translation exists and is live, else the fallback. The live translations are read in
    one query."""
    from wagtail.models import Page

    paths = dict(fallbacks)
    if not isinstance(page, Page) or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return paths
    # The page's own class, as Wagtail's get_translation reads it: its address is the
    # specific page's (InterfaceLanguageUrlMixin puts the language's prefix on it).
    translations = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key,
            locale__language_code__in=list(fallbacks),
            live=True,
        )
        .select_related("locale")
    )
    for found in translations:
        with translation.override(found.locale.language_code):
            paths[found.locale.language_code] = (
                found.get_url(request) or fallbacks[found.locale.language_code]
            )
    return paths


def switch_url(language, target):
    """The switcher's link: a GET view that remembers the choice and goes to ``target``."""
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("switch_language", args=[language])
    return f"{url}?{urlencode({'next': target})}"
