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

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Prefetch
from django.db.models.query import get_related_populators

from modelcluster.fields import ParentalKey

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


def hits_token():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {SearchState._meta.db_table} WHERE id = %s", [HITS_STATE]
        )
        row = cursor.fetchone()
    return row[0] if row else None


class HitCache:
    def __init__(self):
        self.token = None
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    @property
    def limit(self):
        """How many practices the process keeps (a loaded practice with its relations takes
        about 10 KB)."""
        return settings.SEARCH_KEPT_PRACTICES

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
    """{id: practice} of the live practices among ``ids``, each with the relations of
    ``PREFETCH`` loaded: the very instances ``prefetch_related`` would give, built from the
    statements ``Statement`` keeps compiled."""
    statements = _statements()
    pages = statements["pages"].objects(ids)
    by_id = {page.pk: page for page in pages}
    if not pages:
        return by_id
    for page in pages:
        page._prefetched_objects_cache = {}
    for name, statement in statements["relations"]:
        parent = statement.parent_field
        rows = {}
        for row in statement.objects(list(by_id)):
            rows.setdefault(getattr(row, parent.attname), []).append(row)
        cache_name = parent.related_query_name()
        shared = None
        for page in pages:
            related = rows.get(page.pk, [])
            for row in related:
                parent.set_cached_value(row, page)
            # As ``prefetch_related`` keeps them: the relation's queryset, already evaluated.
            manager = getattr(page, name)
            if statement.prefetch and isinstance(parent, ParentalKey):
                # modelcluster's manager of a ParentalKey filters nothing here: every page's
                # queryset is a copy of the same one. Its query is made once, not once a page
                # (a query is a dozen objects the garbage collector walks while the page is
                # kept), as copies of a queryset share it until one of them is changed.
                if shared is None:
                    shared = manager._apply_rel_filters(statement.queryset)
                # A filter left to apply would change the shared query in place: none here.
                queryset = copy_of(shared) if shared._deferred_filter is None else None
                if queryset is None:
                    queryset = manager._apply_rel_filters(statement.queryset)
            elif statement.prefetch:
                queryset = manager._apply_rel_filters(statement.queryset)
            else:
                queryset = manager.get_queryset()
            queryset._result_cache = related
            queryset._prefetch_done = True
            page._prefetched_objects_cache[cache_name] = queryset
    return by_id


def copy_of(queryset):
    """A new, unevaluated ``queryset`` sharing its query, as ``QuerySet._clone`` would make it
    without copying the query (which every change to a queryset copies before making it)."""
    copy = queryset.__class__.__new__(queryset.__class__)
    copy.__dict__.update(queryset.__dict__)
    return copy


class Statement:
    """The SQL of a queryset filtered by ``field__in`` a list of ids, compiled once, and what
    the ORM's own iterator needs to build its instances from the rows (the columns of the model
    and of each ``select_related`` model, the database converters).

    Compiling a queryset (and each ``prefetch_related`` queryset) again on every evaluation
    costs several times more than running the five statements of a page of results: on a
    search whose page holds a practice not kept yet, it was most of the search's time.
    """

    MARK = -7_654_321  # an id no row has, to find the place of the ids among the parameters

    def __init__(self, queryset, field):
        self.queryset = queryset
        compiler = queryset.filter(**{f"{field}__in": [self.MARK]}).query.get_compiler(
            using=queryset.db
        )
        sql, params = compiler.as_sql()
        parts = sql.split("%s")
        if len(parts) != len(params) + 1 or list(params).count(self.MARK) != 1:
            raise ValueError(f"Cannot place the ids in {sql!r}")
        at = list(params).index(self.MARK)
        self.head, self.tail = "%s".join(parts[: at + 1]), "%s".join(parts[at + 1 :])
        self.before, self.after = list(params[:at]), list(params[at + 1 :])
        self.compiler = compiler
        self.db = queryset.db
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        self.parent_field = None  # of a relation's statement: the key to the practice
        self.prefetch = False  # whether ``queryset`` is its ``Prefetch``'s own

    def objects(self, ids):
        """The instances of the rows whose field is one of ``ids``, as the queryset gives them."""
        sql = self.head + ", ".join(["%s"] * len(ids)) + self.tail
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.before, *ids, *self.after])
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        objects = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


def _relation_queryset(lookup):
    """(name, queryset, whether it is the lookup's own) of a ``PREFETCH`` entry: its own
    queryset, or the related model's."""
    if isinstance(lookup, Prefetch):
        return lookup.prefetch_through, lookup.queryset, True
    model = PracticePage._meta.get_field(lookup).related_model
    return lookup, model._default_manager.all(), False


_local = threading.local()


def _statements():
    """This thread's compiled statements (a compiler keeps its connection, which is the
    thread's own)."""
    statements = getattr(_local, "statements", None)
    current = connections[DEFAULT_DB_ALIAS]
    if statements is None or statements["connection"] is not current:
        relations = []
        for lookup in PREFETCH:
            name, queryset, statement_prefetch = _relation_queryset(lookup)
            parent_field = PracticePage._meta.get_field(name).remote_field
            statement = Statement(queryset, parent_field.attname)
            statement.parent_field = parent_field
            statement.prefetch = statement_prefetch
            relations.append((name, statement))
        statements = {
            "connection": current,
            "pages": Statement(PracticePage.objects.live().order_by(), "pk"),
            "relations": relations,
        }
        _local.statements = statements
    return statements


_cache = HitCache()


def live_practices(ids):
    """{id: practice} of the live practices among ``ids`` (an unpublished or deleted one is
    left out), each with its countries, themes, organisations and provision links loaded."""
    ids = list(ids)
    if not ids:  # nothing to load: no query, not even the token's
        return {}
    return _cache.live_practices(ids)
