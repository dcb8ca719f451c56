"""``manage.py export_practices FILE``: write every live practice in the import format.

Each practice is one record, as written (the original), with its live translations in
``translations`` (left out when it has none). Drafts and practices in moderation, translations
included, are never exported; without ``--include-private``, a practice holds what the public
sees of it (practices/exchange.py). The output is stable (sorted by
external_id, keys and lists in a fixed order), so exporting, importing the file into an empty
site and exporting again gives the same bytes, and two exports can be compared with diff.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing import plural, progress
from practices.exchange import EXPORT_PREFETCH, practice_record
from practices.models import PracticePage


class Command(BaseCommand):
    help = "Export all published practices as {'practices': [...]} JSON (FILE, or - for stdout)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON; - writes to standard output.")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="Include what only editors see: each practice's private contact, withheld and "
            "unconfirmed organisations, hidden places, links to unpublished frameworks (never "
            "publish such a file).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, **options):
        # Sorted in Python: a database collation may ignore punctuation, and the file must
        # be the same whichever database wrote it.
        pages = sorted(
            PracticePage.objects.live().originals().prefetch_related(*EXPORT_PREFETCH),
            key=lambda page: page.external_id,
        )
        show_progress = not options["no_progress"] and options["verbosity"] > 0
        records = [
            practice_record(page, include_private=options["include_private"])
            for page in progress(pages, self, "Practices", enabled=show_progress)
        ]
        text = json.dumps({"practices": records}, ensure_ascii=False, indent=2) + "\n"
        self.write_output(options["file"], text)

        # With "-" the JSON owns stdout, so the report goes to stderr.
        report = self.stderr if options["file"] == "-" else self.stdout
        target = "standard output" if options["file"] == "-" else options["file"]
        report.write(f"Exported {plural(len(records), 'practice')} to {target}.")

    def write_output(self, file, text):
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: cannot be written: {error.strerror}") from error
