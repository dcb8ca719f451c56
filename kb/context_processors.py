from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from wagtail.models import Locale, Page

from actions.models import EventIndexPage, JointActionIndexPage
from core.languages import path_in, unprefixed
from core.pagecache import remember, site_key
from frameworks.models import FrameworkIndexPage
from practices.models import PracticeIndexPage

# The sections the navigation and the pages link to, each by its index page: their addresses
# come from the page tree, so an editor who moves or renames one moves every link to it.
SECTIONS = {
    "practices": PracticeIndexPage,
    "frameworks": FrameworkIndexPage,
    "actions": JointActionIndexPage,
    "events": EventIndexPage,
}


def site(request):
    return {
        "site_name": translation.gettext(settings.WAGTAIL_SITE_NAME),
        "site_description": translation.gettext(settings.SITE_DESCRIPTION),
        "content_licence": settings.CONTENT_LICENCE,
        # The home page in the language being shown (kb.urls: /, /fr/, /es/, /ar/), and the
        # address being shown without its language prefix, for the navigation's "you are here".
        "home_url": path_in("/", translation.get_language() or settings.LANGUAGE_CODE),
        "plain_path": unprefixed(request.path),
    }


def sections(request):
    """``sections.<name>.url`` and ``.current`` (the request is at or below it) of each live
    index page, found in one query the first time a template asks, once per content version
    for visitors who are not signed in (core.pagecache.remember)."""

    def urls():
        types = ContentType.objects.get_for_models(*SECTIONS.values())
        name_of = {types[model].pk: name for name, model in SECTIONS.items()}
        found = {}
        # Each locale has its copy of the sections: the visitor's language's first, then the
        # default one's.
        active = Locale.get_active().pk
        pages = sorted(
            Page.objects.live().filter(content_type__in=name_of).order_by("path"),
            key=lambda page: page.locale_id != active,
        )
        for page in pages:
            name = name_of[page.content_type_id]
            if name not in found:
                found[name] = page.get_url(request)
        return tuple(found.items())

    def find():
        key = ("sections", translation.get_language(), site_key(request))
        return {
            name: {"url": url, "current": bool(url) and request.path.startswith(url)}
            for name, url in remember(request, key, urls)
        }

    return {"sections": SimpleLazyObject(find)}
