"""``python manage.py restore ARCHIVE``: load an archive written by ``backup`` into the
configured database (DATABASE_URL) and MEDIA_ROOT (kb.backup). ``scripts/restore`` runs it."""

from django.core.management.base import BaseCommand, CommandError

from kb.backup import BackupError, restore, unapplied_in_code


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder (checksums checked "
        "first, row counts after). --force replaces a database that has tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A registry-YYYYMMDDTHHMMSSZ.tar.gz file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that has tables and write over the media "
            "folder's files (files not in the archive are left in place).",
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        total = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {total} rows in "
            f"{len(manifest['counts'])} tables, {manifest['media_files']} media files."
        )
        missing, unknown = unapplied_in_code(manifest)
        if missing:
            self.stdout.write(
                f"{len(missing)} migrations are newer than the backup: run `manage.py migrate`."
            )
        if unknown:
            self.stderr.write(
                f"The backup has {len(unknown)} migrations this code does not know "
                f"(e.g. {unknown[0]}): run a version of the code at least as new as the backup."
            )
