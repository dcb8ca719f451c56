"""``manage.py export_frameworks DIR``: write the published frameworks in the import format.

One ``{"frameworks": [...]}`` file per kind, named as the data's own files (naps.json,
regional.json, global.json; local.json and policies.json for local plans and other policies),
each record with every key ``import_frameworks`` reads (frameworks/exchange.py). Only live
frameworks open to the public are written; drafts and pages behind a view restriction are not.
The output is stable (records by external_id, provisions in the plan's order, keys in a fixed
order), so importing an export into an empty site and exporting again gives the same bytes, and
two exports can be compared with diff.

A kind with no published framework gets no file, except that a file of that name already in
DIR is emptied: ``import_frameworks DIR`` reads every ``*.json`` file of DIR, and a stale file
would bring back what is no longer published.
"""

import json
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing import plural, progress
from frameworks.exchange import FILE_OF_KIND, FRAMEWORK, framework_record
from frameworks.models import FrameworkPage


class Command(BaseCommand):
    help = "Export all published frameworks and their provisions as JSON files in a directory."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="Where to write the files (created when it does not exist)."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"{directory}: cannot be created: {error.strerror}") from error
        if not directory.is_dir():
            raise CommandError(f"{directory}: is not a directory")

        # Sorted in Python: a database collation may ignore punctuation, and the files must
        # be the same whichever database wrote them.
        pages = sorted(
            FrameworkPage.objects.live()
            .public()
            .prefetch_related("provisions", "translations", "provision_translations"),
            key=lambda page: page.external_id,
        )
        show_progress = not options["no_progress"] and options["verbosity"] > 0
        by_file = defaultdict(list)
        refused = []
        for page in progress(pages, self, "Frameworks", enabled=show_progress):
            record = framework_record(page)
            by_file[FILE_OF_KIND[page.kind]].append(record)
            # The CMS allows a few values the import refuses (a generation above 99): the
            # record is written as stored, and the editor told what to correct.
            _, problems = FRAMEWORK.check(record)
            refused += [f"{page.external_id}: {path}: {message}" for path, message in problems]

        written = []
        for name in FILE_OF_KIND.values():
            path = directory / name
            records = by_file.get(name, [])
            if not records and not path.exists():
                continue
            text = json.dumps({"frameworks": records}, ensure_ascii=False, indent=1) + "\n"
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{path}: cannot be written: {error.strerror}") from error
            written.append(f"{name} ({len(records)})")

        provisions = sum(
            len(record["provisions"]) for records in by_file.values() for record in records
        )
        self.stdout.write(
            f"Exported {plural(len(pages), 'framework')} with "
            f"{plural(provisions, 'provision')} to {directory}: {', '.join(written) or 'no files'}."
        )
        if refused:
            self.stderr.write(
                f"Warning: {plural(len(refused), 'value')} would not import; correct them in "
                "the CMS:\n" + "\n".join(refused)
            )
        others = sorted(
            path.name for path in directory.glob("*.json") if path.name not in FILE_OF_KIND.values()
        )
        if others:
            self.stderr.write(
                f"Note: {directory} also holds {', '.join(others)}, which import_frameworks "
                "would read too."
            )
