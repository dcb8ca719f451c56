"""Sitemap entries for the map and the country profiles: the countries on the map (a published
NAP or a published practice), so a draft never puts a country in the sitemap."""

from urllib.parse import urlparse

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from core.sitemaps import InEveryLanguage

from .stats import country_table


class CountrySitemapEntries(PageSitemap):
    """A Wagtail sitemap class only to be built with the request, as Wagtail's view does, and to
    give its URLs the scheme and host of the Wagtail site, as the pages' entries have."""

    changefreq = "weekly"

    def items(self):
        return ["map"] + [row["code"] for row in country_table()]

    def location(self, item):
        if item == "map":
            return reverse("map_and_charts")
        return reverse("country_profile", args=[item])

    def lastmod(self, item):
        return None

    def _urls(self, page, protocol, domain):
        root = urlparse(self.get_wagtail_site().root_url)
        return DjangoSitemap._urls(self, page, root.scheme or protocol, root.netloc or domain)


class CountrySitemap(InEveryLanguage, CountrySitemapEntries):
    """The same entries in each interface language, with their alternates."""
