"""``python manage.py backup``: the database and the media folder in one dated archive
(kb.backup). ``scripts/backup`` runs it; README's "Backups" says how to schedule it."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database and MEDIA_ROOT (private documents included) into one archive, "
        "backups/registry-YYYYMMDDTHHMMSSZ.tar.gz, readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=os.environ.get("BACKUP_DIR") or str(settings.BASE_DIR / "backups"),
            help="Where the archive goes (default: $BACKUP_DIR, else backups/ in the project).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Keep only this many newest archives in the folder (default: keep all).",
        )

    def handle(self, *args, output_dir, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1")
        try:
            path = backup(output_dir, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
