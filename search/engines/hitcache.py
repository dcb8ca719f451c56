"""The practices a page of results shows, loaded with what a result shows of them, and kept.

Both engines name the practices of a page by id; this loads them, each with its countries,
themes, organisations and provision links (with the provisions' frameworks), in one query per
relation, and keeps them per process, so that a practice shown again (a popular one, the next
visitor's same search) costs nothing.

A kept practice is never older than the data: the second row of ``search.SearchState`` (its
"hits" token) is given a new random token by database triggers (migration ``search/0004``) in
the same transaction as any change to any table a result is read from (``HIT_TABLES``: the
pages, the practices and every relation loaded here), and the practices kept are forgotten
when the token read before loading differs from the one they were kept at. A test reads the
tables the loading actually queries and fails if one is not watched.
"""

import threading
from collections import OrderedDict

from django.db import connection
from django.db.models import Prefetch

from frameworks.models import FrameworkPage
from practices.models import (
    PracticeOrganisation,
    PracticePage,
    PracticeProvisionLink,
    PracticeTag,
)

from ..models import SearchState

# The relations a result shows, each read in one query with a join. The frameworks of the
# provisions come with only what a result reads of them (whether live, the external id, the
# title, the page's place in the tree for its address): a whole framework page is about a
# hundred columns. A test reads what the listing, the API, the CSV and the feed show and fails
# if any of them reads more.
FRAMEWORK_FIELDS = (
    "id", "path", "depth", "url_path", "live", "locale_id", "title", "slug",
    "content_type_id", "external_id",
)  # fmt: skip
PREFETCH = (
    "countries",
    Prefetch("tagged_items", queryset=PracticeTag.objects.select_related("tag")),
    Prefetch(
        "practice_organisations",
        queryset=PracticeOrganisation.objects.select_related("organisation"),
    ),
    Prefetch(
        "provision_links",
        queryset=PracticeProvisionLink.objects.select_related("provision__framework").defer(
            *(
                f"provision__framework__{field.name}"
                for field in FrameworkPage._meta.concrete_fields
                if field.attname not in FRAMEWORK_FIELDS and not field.primary_key
            )
        ),
    ),
)
# (app label, model) of every table the loading reads: the triggers of migration
# ``search/0004_search_state_hits`` watch these (the migration keeps its own copy).
HIT_TABLES = (
    ("wagtailcore", "Page"),
    ("practices", "PracticePage"),
    ("practices", "PracticeCountry"),
    ("practices", "PracticeTag"),
    ("taggit", "Tag"),
    ("practices", "PracticeOrganisation"),
    ("practices", "Organisation"),
    ("practices", "PracticeProvisionLink"),
    ("frameworks", "Provision"),
    ("frameworks", "FrameworkPage"),
)
HITS_STATE = 2  # the id of the "hits" row of SearchState
# How many practices a process keeps (a loaded practice with its relations: a few kilobytes).
CACHE_PAGES = 2000


def hits_token():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {SearchState._meta.db_table} WHERE id = %s", [HITS_STATE]
        )
        row = cursor.fetchone()
    return row[0] if row else None


class HitCache:
    def __init__(self, limit=CACHE_PAGES):
        self.limit = limit
        self.token = None
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def live_practices(self, ids):
        """{id: practice} of the live practices among ``ids``, loaded with what a result
        shows."""
        token = hits_token()
        found = {}
        with self.lock:
            if token is None or token != self.token:
                # Another version of the data (or none known: a flushed test database, whose
                # next change writes the row again): nothing kept is valid.
                self.pages.clear()
                self.token = token
            for pk in ids:
                page = self.pages.get(pk)
                if page is not None:
                    self.pages.move_to_end(pk)
                    found[pk] = page
        missing = [pk for pk in ids if pk not in found]
        if missing:
            loaded = load(missing)
            found.update(loaded)
            with self.lock:
                if token is not None and token == self.token:
                    self.pages.update(loaded)
                    while len(self.pages) > self.limit:
                        self.pages.popitem(last=False)
        return found


def load(ids):
    pages = (
        PracticePage.objects.live()
        .filter(pk__in=ids)
        .order_by()  # callers keep their own order
        .prefetch_related(*PREFETCH)
    )
    return {page.pk: page for page in pages}


_cache = HitCache()


def live_practices(ids):
    """{id: practice} of the live practices among ``ids`` (an unpublished or deleted one is
    left out), each with its countries, themes, organisations and provision links loaded."""
    ids = list(ids)
    if not ids:  # nothing to load: no query, not even the token's
        return {}
    return _cache.live_practices(ids)
