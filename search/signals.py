from django.db.models.signals import post_save

from wagtail.signals import page_published, page_unpublished

from practices.models import PracticePage

from .facets import index_practice, unindex_practice


def on_published(sender, instance, **kwargs):
    index_practice(instance)


def on_unpublished(sender, instance, **kwargs):
    unindex_practice(instance)


def on_saved(sender, instance, **kwargs):
    # A page saved as not live (moved to draft by other means than unpublish) leaves the facets.
    if not instance.live:
        unindex_practice(instance)


def connect():
    page_published.connect(on_published, sender=PracticePage, dispatch_uid="facets-published")
    page_unpublished.connect(on_unpublished, sender=PracticePage, dispatch_uid="facets-unpub")
    post_save.connect(on_saved, sender=PracticePage, dispatch_uid="facets-saved")
