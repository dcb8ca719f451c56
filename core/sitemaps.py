"""Every sitemap entry in each interface language, each with its alternates (``xhtml:link``
``hreflang``, and ``x-default`` for the English address), as the pages' own ``<link>`` say."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from .languages import codes, path_in


def language_versions(location):
    """{language: the same absolute address in that language}."""
    split = urlsplit(location)
    return {code: urlunsplit(split._replace(path=path_in(split.path, code))) for code in codes()}


class InEveryLanguage:
    """A mixin for a sitemap (Django's or Wagtail's) whose entries are English addresses."""

    def _urls(self, page, protocol, domain):
        urls = []
        seen = set()
        for info in super()._urls(page, protocol, domain):
            if info["location"] in seen:
                # A page's copy in another locale's tree (the home and section pages, a
                # translation) has the addresses its original already gave.
                continue
            versions = language_versions(info["location"])
            alternates = [{"location": loc, "lang_code": code} for code, loc in versions.items()]
            alternates.append(
                {"location": versions[settings.LANGUAGE_CODE], "lang_code": "x-default"}
            )
            seen.update(versions.values())
            urls.extend(
                {**info, "location": location, "alternates": alternates}
                for location in versions.values()
            )
        return urls


class PageSitemap(InEveryLanguage, WagtailSitemap):
    """The site's live public pages (Wagtail's sitemap), in each language."""

    def items(self):
        """Every locale's tree, not only the default one's: a practice written in French lives
        in the French tree and has no English page."""
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
