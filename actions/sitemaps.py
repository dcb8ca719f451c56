"""Sitemap entries for the organisations' public pages (only those whose name is public)."""

from urllib.parse import urlparse

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from core.sitemaps import InEveryLanguage

from .views import public_organisations


class OrganisationSitemapEntries(PageSitemap):
    """A Wagtail sitemap class only to be built with the request, as Wagtail's view does, and to
    give its URLs the scheme and host of the Wagtail site, as the pages' entries have."""

    changefreq = "monthly"

    def items(self):
        return list(public_organisations().order_by("pk").values_list("pk", flat=True))

    def location(self, item):
        return reverse("organisation", args=[item])

    def lastmod(self, item):
        return None

    def _urls(self, page, protocol, domain):
        root = urlparse(self.get_wagtail_site().root_url)
        return DjangoSitemap._urls(self, page, root.scheme or protocol, root.netloc or domain)


class OrganisationSitemap(InEveryLanguage, OrganisationSitemapEntries):
    """The same entries in each interface language, with their alternates."""
