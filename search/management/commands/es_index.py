"""Build and inspect the Elasticsearch indices of the practice search service.

    python manage.py es_index rebuild      # new versioned index, bulk load, alias swap
    python manage.py es_index status       # which index each alias points at, how many documents

Needs SEARCH_ENGINE=elasticsearch and ELASTICSEARCH_URL (see the README, "Running at scale").
Wagtail's own indices (site search of frameworks, provisions and pages) are rebuilt by
``python manage.py update_index``.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Build (rebuild) or inspect the Elasticsearch indices of the practice search."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        rebuild = commands.add_parser(
            "rebuild", help="Build new indices and swap the aliases to them, with no downtime."
        )
        rebuild.add_argument(
            "--only", choices=("practices", "provisions"), help="Rebuild one index only."
        )
        rebuild.add_argument("--chunk-size", type=int, default=500, help="Documents per bulk.")
        rebuild.add_argument("--no-progress", action="store_true", help="No progress bar.")
        commands.add_parser("status", help="Show the indices behind the aliases, as JSON.")

    def handle(self, *args, action, **options):
        if not getattr(settings, "ELASTICSEARCH_URL", ""):
            raise CommandError(
                "ELASTICSEARCH_URL is not set: the site searches with the database engine, "
                "there is no Elasticsearch index to manage."
            )
        try:
            from search.engines import es_index
            from search.engines.elasticsearch import get_client
        except ImportError as error:
            raise CommandError(
                f"The elasticsearch client is not installed ({error}): "
                "pip install -e '.[elasticsearch]'"
            ) from error
        from search.engines.errors import describe, is_unavailable

        client = get_client()
        try:
            if action == "status":
                self.stdout.write(json.dumps(es_index.status(client), indent=2))
                return
            kinds = [options["only"]] if options["only"] else list(es_index.KINDS)
            for kind in kinds:
                result = es_index.rebuild(
                    client,
                    kind,
                    progress=not options["no_progress"],
                    chunk_size=options["chunk_size"],
                )
                replaced = ", ".join(result["previous"]) or "nothing"
                self.stdout.write(
                    f"{kind}: {result['count']} documents in {result['index']} "
                    f"(replaced {replaced})"
                )
        except Exception as error:
            if not is_unavailable(error):
                raise
            raise CommandError(f"Elasticsearch: {describe(error)}") from error
