"""Wagtail's search index and reference index, updated once at the end of many saves.

Wagtail updates both indexes each time an object is saved: its search index entry (a task per
save, modelsearch's ``post_save_signal_handler``) and the references it holds, the admin's
"usage" (``update_reference_index_on_save``). An import saves thousands of objects, most of them
several times (a page when it is added, again with its revision, again when published), and on
PostgreSQL each search index write also recomputes a statistic over the whole index table, so
the imports spent most of their time there.

Inside ``bulk_indexing()`` those two per-save updates are suspended. The objects saved are
noted, and when the block ends without an error each is indexed once, as it then stands, with
one bulk write per model and chunk: still inside the caller's transaction, so a rolled-back
import leaves no entry behind. The rules are Wagtail's own, applied in bulk: an object is
indexed for search as its ``get_indexed_instance()`` (a page as its specific class) and only
when its class's ``get_indexed_objects()`` holds it; the references of a child object
(``ParentalKey``) are recorded under its parent. Deletions are not touched: they update both
indexes object by object, as everywhere else.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save

from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler

logger = logging.getLogger(__name__)

# Objects read and written per query: well under SQLite's limit on a statement's parameters, and
# one search index write per this many objects of a model.
CHUNK_SIZE = 500


def chunks(items, size=CHUNK_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def suspend(handler, models):
    """Disconnect ``handler`` from post_save for ``models``; the models it was connected to."""
    return {model for model in models if post_save.disconnect(handler, sender=model)}


def reconnect(handler, models):
    for model in models:
        post_save.connect(handler, sender=model)


class SavedObjects:
    """The primary keys of the objects saved, by model, in the order first saved, of the models
    whose per-save search and reference updates are suspended."""

    def __init__(self, searched, referenced):
        self.searched, self.referenced = searched, referenced
        self.for_search = defaultdict(dict)
        self.for_references = defaultdict(dict)

    def __call__(self, sender, instance, raw=False, **kwargs):
        # A fixture's raw save is left out, as Wagtail's handlers leave it out.
        if raw:
            return
        if sender in self.searched:
            self.for_search[sender][instance.pk] = None
        if sender in self.referenced:
            self.for_references[sender][instance.pk] = None


@contextmanager
def bulk_indexing():
    """Index what the block saves once, at its end (see the module's docstring).

    The handlers are disconnected for the whole process, not only this thread: meant for a
    command that does nothing else meanwhile, such as an import. Nested, the inner block finds
    them disconnected already and leaves the indexing to the outer one.
    """
    searched = suspend(post_save_signal_handler, get_indexed_models())
    referenced = suspend(update_reference_index_on_save, list(ReferenceIndex.tracked_models))
    saved = SavedObjects(searched, referenced)
    post_save.connect(saved, weak=False, dispatch_uid=f"core.indexing.{id(saved)}")
    try:
        yield
        with transaction.atomic():
            update_search_index(saved.for_search)
            update_reference_index(saved.for_references)
    finally:
        post_save.disconnect(dispatch_uid=f"core.indexing.{id(saved)}")
        reconnect(post_save_signal_handler, searched)
        reconnect(update_reference_index_on_save, referenced)


def update_search_index(saved):
    """Index ``saved`` ({model: primary keys}) in every search backend that Wagtail updates on
    save, as modelsearch's ``insert_or_update_object`` would index each: the object read again,
    as its ``get_indexed_instance()``, if its class's ``get_indexed_objects()`` holds it."""
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in saved.items():
        for chunk in chunks(pks):
            by_class = defaultdict(dict)
            found = model._default_manager.in_bulk(chunk)
            # In the order saved, as the index entries were written on save.
            for instance in (found[pk] for pk in chunk if pk in found):
                target = instance.get_indexed_instance()
                if target is not None:
                    by_class[type(target)][target.pk] = target
            for indexed_class, targets in by_class.items():
                kept = set(
                    indexed_class.get_indexed_objects()
                    .filter(pk__in=list(targets))
                    .prefetch_related(None)
                    .values_list("pk", flat=True)
                )
                objects = [target for pk, target in targets.items() if pk in kept]
                if objects:
                    add_to_backends(backends, indexed_class, objects)


def add_to_backends(backends, model, objects):
    for name, backend in backends:
        try:
            backend.add_bulk(model, objects)
        except Exception:
            # As modelsearch does on save: an external search service may fail without losing
            # the import; a database backend's error means the transaction is lost anyway.
            logger.exception(
                "Could not add %d %s to the %r search backend",
                len(objects),
                model._meta.verbose_name_plural,
                name,
            )
            if not backend.catch_indexing_errors:
                raise


def parental_key(model):
    """The model's first ParentalKey (the one Wagtail follows to its parent), or None."""
    return next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)


def update_reference_index(saved):
    """Record the references of ``saved`` ({model: primary keys}), a child object's under its
    parent, as Wagtail's ``update_reference_index_task`` records each."""
    sources = defaultdict(dict)
    pending = list(saved.items())
    while pending:
        model, pks = pending.pop()
        key = parental_key(model)
        if key is None:
            sources[model].update(dict.fromkeys(pks))
            continue
        parents = {}
        for chunk in chunks(pks):
            rows = model._default_manager.filter(pk__in=chunk).values_list(key.attname, flat=True)
            parents.update(dict.fromkeys(pk for pk in rows if pk is not None))
        if parents:
            pending.append((key.related_model, parents))
    for model, pks in sources.items():
        if not ReferenceIndex.is_indexed(model):
            continue
        for chunk in chunks(pks):
            found = model._default_manager.in_bulk(chunk)
            for instance in (found[pk] for pk in chunk if pk in found):
                ReferenceIndex.create_or_update_for_object(instance)
