"""The open data surfaces: the JSON API, the CSV export and the Atom feed of practices.

Included from kb/urls.py before Wagtail's page serving, which would otherwise take
/practices/export.csv and /practices/feed/ for pages under the practice listing, and
/frameworks/watch/feed/ for a page under the framework listing.
"""

from django.urls import include, path

from . import bulk, exports, feeds, monitoring
from . import views as api
from .cors import open_data

api_patterns = [
    path("", api.root, name="root"),
    path("schema/", api.schema, name="schema"),
    path("practices/", api.practice_list, name="practice_list"),
    path("practices/<int:pk>/", api.practice_detail, name="practice_detail"),
    path("frameworks/", api.framework_list, name="framework_list"),
    path("frameworks/<int:pk>/", api.framework_detail, name="framework_detail"),
    path("monitoring-notes/", monitoring.note_list, name="monitoring_note_list"),
]


def _open(patterns):
    """Every open-data address answers the CORS preflight (OPTIONS), see api.cors."""
    for pattern in patterns:
        pattern.callback = open_data(pattern.callback)
    return patterns


api_patterns = _open(api_patterns)

urlpatterns = [
    path("api/v1/", include((api_patterns, "api"))),
    path("practices/export.csv", exports.practices_csv, name="practices_csv"),
    path("practices/feed/", feeds.practices_feed, name="practices_feed"),
    # A framework page's own routes are only provisions/<slug>/, so no page holds this path.
    path("frameworks/watch/feed/", feeds.plans_to_watch_feed, name="plans_to_watch_feed"),
    path("monitoring/export.csv", monitoring.notes_csv, name="monitoring_notes_csv"),
    path("monitoring/feed/", monitoring.notes_feed, name="monitoring_notes_feed"),
    path("data/registry.zip", bulk.registry_zip, name="registry_download"),
]
urlpatterns[1:] = _open(urlpatterns[1:])
