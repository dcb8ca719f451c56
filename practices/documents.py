"""Every uploaded document is stored under a directory nobody can guess.

Members' attachments sit in the private collection "Submissions (private)" until their practice
is published. Wagtail's ``/documents/<id>/<filename>`` view checks that collection's view
restriction, but the file itself lives under ``MEDIA_ROOT``, and a web server (or the
development URLconf) that serves ``MEDIA_ROOT`` would hand it to anyone who guesses the path:
by default ``documents/<original filename>``, and names such as ``report.pdf`` are easy to guess.

So a new file is stored as ``documents/<random token>/<original filename>``: the token has 256
bits from ``secrets`` and never appears in a page, because documents are only linked through
Wagtail's view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``). The last segment keeps the
original name, which is what Wagtail's view sends as the download's name.

It is done in a ``pre_save`` receiver on the document model, so every way in gets it: the
member's submission form, the admin's uploaders and any code that saves a document.

A new file's metadata is removed on the same way in (practices.attachments): the member's form
and the admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) do it while validating, so
that a refusal is shown next to the field, and a ``pre_save`` receiver does it for any other
code that saves a document, so that nothing with metadata is ever stored.
"""

import posixpath
import secrets

from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from .attachments import accept

TOKEN_BYTES = 32


def unguessable_name(filename):
    """``<token>/<basename>``; the document field's ``upload_to`` puts ``documents/`` in front."""
    basename = posixpath.basename(str(filename).replace("\\", "/"))
    return posixpath.join(secrets.token_urlsafe(TOKEN_BYTES), basename)


def store_under_a_token(sender, instance, **kwargs):
    """Rename a new, not yet written file; a file already in storage is left where it is."""
    file = instance.file
    if file and not file._committed:
        # FileField.pre_save runs after this signal and saves the file under
        # upload_to + this name, the storage making the basename safe.
        file.name = unguessable_name(file.name)


def without_metadata(sender, instance, **kwargs):
    """Check and rewrite a new file that no form has (``practices.attachments.accept``); one
    that cannot be raises, and is not stored."""
    file = instance.file
    if not file or file._committed or getattr(file.file, "metadata_removed", False):
        return
    instance.file = accept(file.file)
    if instance.file_size is not None or instance.file_hash:
        instance._set_document_file_metadata()


class DocumentForm(BaseDocumentForm):
    """The admin's document form: a new file must be what its name says, among the allowed
    kinds, and is stored without its metadata, as a member's attachment is."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return accept(file)
        return file
