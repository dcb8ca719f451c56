"""What follows a note's publication and unpublication: its file becomes public with it and
private again without it, as a practice's attachments do (practices/signals.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import Collection, ReferenceIndex
from wagtail.signals import published, unpublished

from practices.models import PracticeAttachment
from practices.submission import private_collection

from .models import MonitoringNote


@receiver(published, sender=MonitoringNote)
def publish_attachment(sender, instance, **kwargs):
    private = private_collection()
    document = instance.attachment
    if private is not None and document is not None and document.collection_id == private.pk:
        document.collection = Collection.get_first_root_node()
        document.save(update_fields=["collection"])


def make_attachment_private(note):
    private = private_collection()
    if private is None or note.attachment_id is None:
        return
    document_type = ContentType.objects.get_for_model(get_document_model())
    note_type = ContentType.objects.get_for_model(MonitoringNote)
    # Something but this note uses the file (a framework, a practice): it stays as it is.
    referenced = (
        ReferenceIndex.objects.filter(
            to_content_type=document_type, to_object_id=str(note.attachment_id)
        )
        .exclude(base_content_type=note_type)
        .exists()
    )
    if referenced or PracticeAttachment.objects.filter(document_id=note.attachment_id).exists():
        return
    others = MonitoringNote.objects.filter(attachment_id=note.attachment_id, live=True).exclude(
        pk=note.pk
    )
    if others.exists():
        return
    get_document_model().objects.filter(pk=note.attachment_id).update(collection=private)


@receiver(unpublished, sender=MonitoringNote)
def unpublish_attachment(sender, instance, **kwargs):
    make_attachment_private(instance)


@receiver(pre_delete, sender=MonitoringNote)
def deleted_note_attachment(sender, instance, **kwargs):
    make_attachment_private(instance)
