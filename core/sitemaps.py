"""Every sitemap entry in each interface language, each with its alternates (``xhtml:link``
``hreflang``, and ``x-default`` for the English address), as the pages' own ``<link>`` say."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .languages import codes, path_in


def language_versions(location):
    """{language: the same absolute address in that language}."""
    split = urlsplit(location)
    return {code: urlunsplit(split._replace(path=path_in(split.path, code))) for code in codes()}


class InEveryLanguage:
    """A mixin for a sitemap (Django's or Wagtail's) whose entries are English addresses."""

    def _urls(self, page, protocol, domain):
        urls = []
        for info in super()._urls(page, protocol, domain):
            versions = language_versions(info["location"])
            alternates = [{"location": loc, "lang_code": code} for code, loc in versions.items()]
            alternates.append(
                {"location": versions[settings.LANGUAGE_CODE], "lang_code": "x-default"}
            )
            urls.extend(
                {**info, "location": location, "alternates": alternates}
                for location in versions.values()
            )
        return urls


class PageSitemap(InEveryLanguage, WagtailSitemap):
    """The site's live public pages (Wagtail's sitemap), in each language."""
