"""The life of the cluster's indices (Elasticsearch or OpenSearch): build behind an alias, keep
up to date, report.

Searches go through an alias (``kb_practices``, ``kb_provisions``). A rebuild creates a new
index whose name carries the time (``kb_practices-20261128023500123456``), bulk-loads it, points
the alias at it in one atomic ``update_aliases`` call and deletes the old index: searches see
the old index until the instant the new one is complete, never an empty or half-built one.
If the load fails, the new index is deleted and the alias is left as it was.

Single updates (publish, unpublish, delete: see ``search.tasks``) write to every index of the
alias's family, the live one and one being rebuilt, so that nothing published during a rebuild
is lost. They never write to the alias name itself: with no index built yet, an update does
nothing rather than let Elasticsearch create an index with a guessed mapping.
"""

import logging

from django.utils import timezone

from tqdm import tqdm

from frameworks.models import FrameworkPage, Provision
from practices.models import PracticePage

from .errors import is_not_found
from .es_documents import alias_name, index_body, practice_document, provision_document
from .postings import originals

logger = logging.getLogger(__name__)

KINDS = ("practices", "provisions")
CHUNK_SIZE = 500


def practices_to_index():
    """The live, public practices, translations aside: an original's document holds the text
    of its live translations (``es_documents.language_texts``)."""
    return (
        originals(PracticePage.objects.live().public())
        .order_by("pk")
        .prefetch_related("countries", "themes", "practice_organisations__organisation")
    )


def provisions_to_index():
    frameworks = FrameworkPage.objects.live().public().values("pk")
    return (
        Provision.objects.filter(framework__in=frameworks)
        .select_related("framework")
        .order_by("pk")
    )


SOURCES = {
    "practices": (practices_to_index, practice_document),
    "provisions": (provisions_to_index, provision_document),
}


def versioned_name(kind, now=None):
    return f"{alias_name(kind)}-{(now or timezone.now()):%Y%m%d%H%M%S%f}"


def _body(response):
    return getattr(response, "body", response)


def aliased_indices(client, kind):
    """The indices the alias points at now (one, after a rebuild; none before the first)."""
    alias = alias_name(kind)
    try:
        return sorted(_body(client.indices.get_alias(name=alias)))
    except Exception as error:
        if is_not_found(error):
            return []
        raise


def family(client, kind):
    """Every index of ``kind``'s family: the aliased one and any being built."""
    return sorted(_body(client.indices.get_alias(index=f"{alias_name(kind)}-*")))


def _bulk(client, index, operations):
    response = _body(client.bulk(operations=operations))
    if response.get("errors"):
        failed = [
            item
            for item in response.get("items", [])
            if list(item.values())[0].get("status", 200) >= 300
            and list(item.values())[0].get("status") != 404  # deleting what is not there
        ]
        if failed:
            first = list(failed[0].values())[0]
            raise BulkError(
                f"{len(failed)} of {len(response.get('items', []))} documents were not "
                f"written to {index}: {first.get('error', {}).get('type', 'unknown error')}"
            )


class BulkError(RuntimeError):
    pass


def load(client, index, kind, progress=False, chunk_size=CHUNK_SIZE):
    """Bulk-load every document of ``kind`` into ``index``; returns how many."""
    queryset, to_document = SOURCES[kind]
    objects = queryset()
    total = objects.count()
    count, operations = 0, []
    with tqdm(total=total, desc=f"Indexing {kind}", unit=" docs", disable=not progress) as bar:
        for obj in objects.iterator(chunk_size=chunk_size):
            operations += [{"index": {"_index": index, "_id": str(obj.pk)}}, to_document(obj)]
            count += 1
            if len(operations) >= 2 * chunk_size:
                _bulk(client, index, operations)
                bar.update(len(operations) // 2)
                operations = []
        if operations:
            _bulk(client, index, operations)
            bar.update(len(operations) // 2)
    return count


def rebuild(client, kind, progress=False, chunk_size=CHUNK_SIZE, now=None):
    """Build a new index of ``kind``, swap the alias to it, delete the old one.

    Returns ``{"index", "previous", "count"}``.
    """
    alias = alias_name(kind)
    new = versioned_name(kind, now)
    body = index_body(kind)
    # No refresh while loading (faster); Elasticsearch's default once loaded.
    body["settings"]["refresh_interval"] = "-1"
    client.indices.create(index=new, **body)
    try:
        count = load(client, new, kind, progress=progress, chunk_size=chunk_size)
        client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=new)
    except BaseException:
        client.indices.delete(index=new, ignore_unavailable=True)
        raise
    previous = aliased_indices(client, kind)
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        # An index (not an alias) took the alias's name, e.g. written to by hand: replace it.
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for old in previous:
        client.indices.delete(index=old, ignore_unavailable=True)
    logger.info("Indexed %s %s into %s behind %s", count, kind, new, alias)
    return {"index": new, "previous": previous, "count": count}


def index_practice(client, pk):
    """Write a practice's document to its family, or remove it if it is not live and public."""
    practice = practices_to_index().filter(pk=pk).first()
    indices = family(client, "practices")
    if not indices:
        logger.warning("No practice index yet: run `manage.py es_index rebuild`")
        return 0
    if practice is None:
        return remove_practice(client, pk)
    document = practice_document(practice)
    operations = []
    for index in indices:
        operations += [{"index": {"_index": index, "_id": str(pk)}}, document]
    _bulk(client, "the practice indices", operations)
    return len(indices)


def remove_practice(client, pk):
    indices = family(client, "practices")
    operations = [{"delete": {"_index": index, "_id": str(pk)}} for index in indices]
    if operations:
        _bulk(client, "the practice indices", operations)
    return len(indices)


def index_framework_provisions(client, framework_id):
    """Replace a framework's provisions in the provision indices (none if it is not live)."""
    indices = family(client, "provisions")
    if not indices:
        logger.warning("No provision index yet: run `manage.py es_index rebuild`")
        return 0
    client.delete_by_query(
        index=",".join(indices),
        query={"term": {"framework_id": framework_id}},
        conflicts="proceed",
        refresh=True,
    )
    operations = []
    for provision in provisions_to_index().filter(framework_id=framework_id):
        document = provision_document(provision)
        for index in indices:
            operations += [{"index": {"_index": index, "_id": str(provision.pk)}}, document]
    if operations:
        _bulk(client, "the provision indices", operations)
    return len(operations) // 2


def status(client):
    """For each kind: the alias's index, its document count and the database's count."""
    report = {}
    for kind in KINDS:
        indices = aliased_indices(client, kind)
        documents = None
        if indices:
            documents = _body(client.count(index=alias_name(kind))).get("count")
        report[kind] = {
            "alias": alias_name(kind),
            "indices": indices,
            "documents": documents,
            "in_database": SOURCES[kind][0]().count(),
        }
    return report
