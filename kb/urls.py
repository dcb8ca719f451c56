import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from actions.sitemaps import OrganisationSitemap
from core import serving
from core.sitemaps import PageSitemap
from insights.sitemaps import CountrySitemap
from kb import health, languages
from kb.views import accessibility_statement, development_media, print_origin_css, robots_txt
from members.views import admin_login
from search import views as search_views
from search.health import search_health

urlpatterns = [
    # Signing in and resetting a password go through allauth, with its rate limits, for
    # editors as for members; Wagtail's reset pages are switched off in the settings.
    path("admin/login/", admin_login, name="admin_login"),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
        name="admin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "pages": PageSitemap,
                "countries": CountrySitemap,
                "organisations": OrganisationSitemap,
            }
        },
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("print-origin.css", print_origin_css, name="print_origin_css"),
    path("health/search/", search_health, name="search_health"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    # Open data (the API, its OpenAPI, CSV, feeds, the bulk download) is language-neutral.
    path("", include("api.urls")),
    # Choosing a language: a link, so that it works without JavaScript and without a CSRF token
    # in pages that are cached for every visitor (kb.languages).
    path("i18n/switch/<str:language>/", languages.switch, name="switch_language"),
]

if settings.DEBUG:
    # Uploaded images and renditions, not documents: those go through /documents/ above.
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", development_media)
    ]

WAGTAIL_UTILITIES = [
    pattern
    for pattern in wagtail_urls.urlpatterns
    if getattr(pattern, "name", "") != "wagtail_serve"
]

# Pages for people, in English at their plain address and in French, Spanish and Arabic under
# /fr/, /es/ and /ar/ (path segments stay English: README, Languages). Wagtail's catch-all last.
urlpatterns += i18n_patterns(
    path("search/", search_views.site_search, name="site_search"),
    path("accessibility/", accessibility_statement, name="accessibility_statement"),
    path("", include("insights.urls")),
    path("", include("actions.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("following.urls")),
    # Wagtail's own routes, and its page view with the route of an address remembered
    # (core.serving): same address pattern and name.
    path("", include(WAGTAIL_UTILITIES)),
    re_path(wagtail_urls.serve_pattern, serving.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
