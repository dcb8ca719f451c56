from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

from frameworks.models import FrameworkPage
from practices.models import PracticePage

from .facets import index_practice, unindex_practice


def original_of(practice):
    """The live practice whose index entry holds ``practice``'s text as a translation (see
    ``core.textsearch.live_translations``): the oldest live page of its ``translation_key``,
    when older than ``practice``; else None."""
    return (
        PracticePage.objects.live()
        .filter(translation_key=practice.translation_key, pk__lt=practice.pk)
        .order_by("pk")
        .first()
    )


def reindex_original(practice):
    """A translation published, changed or withdrawn: its original's index entry (which holds
    the text of its live translations) is written again, and the cluster's document too."""
    original = original_of(practice)
    if original is None:
        return
    insert_or_update_object(original)
    _enqueue("index_practice_task", original.pk)


def on_published(sender, instance, **kwargs):
    index_practice(instance)
    reindex_original(instance)


def on_unpublished(sender, instance, **kwargs):
    unindex_practice(instance)
    reindex_original(instance)


def on_deleted(sender, instance, **kwargs):
    # A deleted translation (Wagtail sends page_unpublished before the row is gone, when the
    # original still lists it): the original's entry is written again without it.
    reindex_original(instance)


def on_saved(sender, instance, **kwargs):
    # A page saved as not live (moved to draft by other means than unpublish) leaves the facets.
    if not instance.live:
        unindex_practice(instance)


# The cluster's indices (only with SEARCH_ENGINE=elasticsearch or opensearch): updated by background
# tasks once the transaction commits, so that a slow cluster never blocks an editor.


def elasticsearch_enabled():
    from .engines.transport import enabled

    return enabled()


def _enqueue(task_name, object_id):
    if not elasticsearch_enabled():
        return
    from . import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(object_id))


def on_practice_published(sender, instance, **kwargs):
    _enqueue("index_practice_task", instance.pk)


def on_practice_unpublished(sender, instance, **kwargs):
    _enqueue("remove_practice_task", instance.pk)


def on_practice_saved(sender, instance, **kwargs):
    if not instance.live:
        _enqueue("remove_practice_task", instance.pk)


def on_practice_deleted(sender, instance, **kwargs):
    _enqueue("remove_practice_task", instance.pk)


def on_framework_changed(sender, instance, **kwargs):
    _enqueue("index_framework_provisions_task", instance.pk)


def connect():
    page_published.connect(on_published, sender=PracticePage, dispatch_uid="facets-published")
    page_unpublished.connect(on_unpublished, sender=PracticePage, dispatch_uid="facets-unpub")
    post_save.connect(on_saved, sender=PracticePage, dispatch_uid="facets-saved")
    post_delete.connect(on_deleted, sender=PracticePage, dispatch_uid="translation-deleted")
    connect_elasticsearch()


def connect_elasticsearch():
    page_published.connect(on_practice_published, sender=PracticePage, dispatch_uid="es-pub")
    page_unpublished.connect(on_practice_unpublished, sender=PracticePage, dispatch_uid="es-unpub")
    post_save.connect(on_practice_saved, sender=PracticePage, dispatch_uid="es-saved")
    post_delete.connect(on_practice_deleted, sender=PracticePage, dispatch_uid="es-deleted")
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("deleted", post_delete),
    ):
        signal.connect(on_framework_changed, sender=FrameworkPage, dispatch_uid=f"es-fw-{name}")


# Wagtail's own search backends: it enqueues an index update on save (modelsearch's
# insert_or_update_object_task) but removes a deleted object within the request. With
# Elasticsearch configured, that removal goes through a task as well (kb.apps calls this once
# every app is ready, after Wagtail has connected its handlers).


def on_indexed_deleted(sender, instance, **kwargs):
    from . import tasks

    tasks.remove_indexed_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def route_index_deletions():
    if not elasticsearch_enabled():
        return
    from modelsearch import index
    from modelsearch.signal_handlers import post_delete_signal_handler

    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        if post_delete.disconnect(post_delete_signal_handler, sender=model):
            post_delete.connect(
                on_indexed_deleted, sender=model, dispatch_uid=f"es-wagtail-del-{model._meta.label}"
            )
