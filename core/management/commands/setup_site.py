"""Apply the site set-up declared in core/setup.py: the page tree, the Editors group and its
permissions, the review workflow. Creates and grants only what is missing; safe to run again."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.setup import apply_site_setup


class Command(BaseCommand):
    help = "Create what is missing of the page tree, the Editors group and the review workflow."

    def handle(self, *args, **options):
        with transaction.atomic():
            changes = apply_site_setup(apps)
        for change in changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(
            f"Site set-up: {len(changes)} change(s)." if changes else "Site set-up: nothing to do."
        )
