import re

from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from countries.sitemaps import CountrySitemap
from kb.views import development_media
from search import views as search_views
from search.health import search_health

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "countries": CountrySitemap}},
        name="sitemap",
    ),
    path("search/", search_views.site_search, name="site_search"),
    path("health/search/", search_health, name="search_health"),
    path("", include("search.urls")),
    path("", include("countries.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
]

if settings.DEBUG:
    # Uploaded images and renditions, not documents: those go through /documents/ above.
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", development_media)
    ]

urlpatterns += [path("", include(wagtail_urls))]
