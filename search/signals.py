from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

from frameworks.models import FrameworkPage
from practices.models import PracticePage

from .facets import index_practice, unindex_practice


def original_of(practice):
    """The live practice whose index entry holds the text of ``practice``'s family (the pages
    of its ``translation_key``, see ``core.textsearch.live_translations``): the oldest live
    page of them, maybe ``practice`` itself; None when none is live."""
    return (
        PracticePage.objects.live()
        .filter(translation_key=practice.translation_key)
        .order_by("pk")
        .first()
    )


def reindex_family(practice):
    """A practice published, changed, withdrawn or deleted: the original of its family (the
    oldest live page) holds its live translations' text and may have changed, so its index
    entry is written again; and every other page of the family is sent to the cluster, where
    ``index_practice_task`` writes the original's document and removes the others' (a
    translation whose original was withdrawn becomes the original, and is found again)."""
    original = original_of(practice)
    if original is not None and original.pk != practice.pk:
        insert_or_update_object(original)
    others = (
        PracticePage.objects.filter(translation_key=practice.translation_key)
        .exclude(pk=practice.pk)
        .values_list("pk", flat=True)
    )
    for pk in others:
        _enqueue("index_practice_task", pk)


def on_published(sender, instance, **kwargs):
    index_practice(instance)
    reindex_family(instance)


def on_unpublished(sender, instance, **kwargs):
    unindex_practice(instance)
    reindex_family(instance)


def on_deleted(sender, instance, **kwargs):
    # A deleted page (Wagtail sends page_unpublished before the row is gone, when the
    # original still lists it): the family's original is written again without it.
    reindex_family(instance)


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
