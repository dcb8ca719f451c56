"""What follows a practice's publication, unpublication and deletion, whoever does it (an editor
in the admin, an import, a member taking information back): its attachments become public with
it and private again without it."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.models import Collection
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished

from .models import PracticePage
from .submission import attached_document_ids, make_attachments_private, private_collection


@receiver(copy_for_translation_done)
def translation_belongs_to_the_editors(sender, source_obj, target_obj, **kwargs):
    """An editor's translation of a member's practice is not the member's: it is never in their
    "My submissions", they cannot edit it, and it does not go with their account."""
    if isinstance(target_obj, PracticePage) and target_obj.owner_id is not None:
        PracticePage.objects.filter(pk=target_obj.pk).update(owner=None)
        target_obj.owner = None


@receiver(page_published)
def publish_attachments(sender, instance, **kwargs):
    """A submission's attachments stay in the private collection until the practice is
    published; then they move to the root collection, public like the practice. A file the
    published version no longer attaches (the member removed it) goes back to the private
    collection: older revisions still name it, and only editors can open it there."""
    if not isinstance(instance, PracticePage):
        return
    private = private_collection()
    if private is None:
        return
    root = Collection.get_first_root_node()
    attached = set()
    for attachment in instance.attachments.select_related("document"):
        attached.add(attachment.document_id)
        if attachment.document.collection_id == private.pk:
            attachment.document.collection = root
            attachment.document.save(update_fields=["collection"])
    make_attachments_private(instance, attached_document_ids(instance) - attached)


@receiver(page_unpublished)
def unpublish_attachments(sender, instance, **kwargs):
    """Unpublished (by an editor, say for the safety of the people named in it): its files
    are no longer public either."""
    if isinstance(instance, PracticePage):
        make_attachments_private(instance)


@receiver(pre_delete, sender=PracticePage)
def deleted_practice_attachments(sender, instance, **kwargs):
    make_attachments_private(instance)
