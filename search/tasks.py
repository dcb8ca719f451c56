"""Background tasks (django-tasks) that keep the Elasticsearch indices up to date.

They are enqueued when the transaction that published, unpublished or deleted a page commits,
so an editor never waits for the cluster: with a worker backend (e.g. django-tasks' database
backend and its ``db_worker``) they run in the worker; with the ``ImmediateBackend`` of the
default settings they run at once in the request, and a failure is recorded on the task result
and logged, never raised to the editor. A missed update is repaired by the next
``manage.py es_index rebuild``.
"""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


def _run(what, operation, object_id):
    from core.pagecache import bump_now

    from .engines import es_index
    from .engines.elasticsearch import get_client

    try:
        result = getattr(es_index, operation)(get_client(), object_id)
    except Exception:
        logger.warning(
            "Elasticsearch update failed (%s %s); the next `es_index rebuild` repairs it",
            what,
            object_id,
            exc_info=True,
        )
        raise
    # Listing pages read totals, facets and highlights from the index: a page stored between
    # the publication's commit and this update (its version bumped already) showed the old
    # index, a withdrawn passage say, and must not outlive the update.
    bump_now()
    return result


@task()
def index_practice_task(practice_id):
    """Write the practice's document, or remove it if it is no longer live and public."""
    return _run("index practice", "index_practice", practice_id)


@task()
def remove_practice_task(practice_id):
    return _run("remove practice", "remove_practice", practice_id)


@task()
def index_framework_provisions_task(framework_id):
    return _run("index provisions of framework", "index_framework_provisions", framework_id)


@task()
def remove_indexed_object_task(app_label, model_name, object_id):
    """Remove a deleted object from Wagtail's own search backends (``WAGTAILSEARCH_BACKENDS``).

    Wagtail enqueues its index updates on save already, but removes a deleted object inside the
    request; with Elasticsearch configured, :func:`search.signals.route_index_deletions` sends
    the removal here instead, so that deleting a page or a document never waits on the cluster.
    The object is gone by then: a bare instance with its primary key is all a backend needs."""
    from django.apps import apps

    from modelsearch.backends import get_search_backends_with_name

    model = apps.get_model(app_label, model_name)
    instance = model(pk=object_id)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.delete(instance)
        except Exception:
            logger.warning(
                "Removing %s %s from the %r search backend failed",
                model._meta.label,
                object_id,
                name,
                exc_info=True,
            )
            raise
