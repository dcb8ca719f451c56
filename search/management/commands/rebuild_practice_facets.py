from django.core.management.base import BaseCommand

from search.facets import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the facet values of every published practice (after a bulk change or restore)."

    def handle(self, *args, **options):
        count = rebuild_all()
        self.stdout.write(f"Rebuilt the facets of {count} published practices.")
