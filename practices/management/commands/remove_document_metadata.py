"""``manage.py remove_document_metadata``: rewrite every stored document without its metadata.

Files are cleaned when they are uploaded (practices.attachments); this cleans those stored
before that, in place: the same path, so the same address. A file that cannot be read, or is
not what its name says, is named on standard error and left as it is, for an editor to replace
or delete.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from core.importing import plural
from practices.attachments import accept


class Command(BaseCommand):
    help = "Remove the metadata (author, location, software, dates) of every stored document."

    def handle(self, *args, **options):
        rewritten = 0
        for document in get_document_model().objects.order_by("pk").iterator():
            try:
                with document.file.open("rb") as stored:
                    clean = accept(stored)
            except (OSError, ValidationError) as problem:
                reason = "; ".join(getattr(problem, "messages", [str(problem)]))
                self.stderr.write(f"Left as it is: {document.file.name} (#{document.pk}): {reason}")
                continue
            storage, name = document.file.storage, document.file.name
            storage.delete(name)
            document.file.name = storage.save(name, clean)
            document.file_size = clean.size
            clean.seek(0)
            document.file_hash = hash_filelike(clean)
            document.save(update_fields=["file", "file_size", "file_hash"])
            rewritten += 1
        self.stdout.write(f"{plural(rewritten, 'file')} rewritten.")
