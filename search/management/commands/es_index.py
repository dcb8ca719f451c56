"""Build and inspect the Elasticsearch indices of the practice search service.

    python manage.py es_index rebuild      # new versioned index, bulk load, alias swap
    python manage.py es_index status       # which index each alias points at, how many documents

Needs SEARCH_ENGINE=elasticsearch and ELASTICSEARCH_URL, or SEARCH_ENGINE=opensearch and
OPENSEARCH_URL (see the README, "Running at scale").
Wagtail's own indices (site search of frameworks, provisions and pages) are rebuilt by
``python manage.py update_index``.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Build (rebuild) or inspect the cluster indices of the practice search."

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
        from search.engines.transport import LABEL, engine

        name = engine()
        if name is None:
            raise CommandError(
                f"SEARCH_ENGINE is {settings.SEARCH_ENGINE!r} with no cluster address "
                "(ELASTICSEARCH_URL or OPENSEARCH_URL): the site searches with the database "
                "engine, there is no cluster index to manage."
            )
        try:
            from search.engines import es_index
            from search.engines.elasticsearch import get_client

            client = get_client()
        except ImportError as error:
            raise CommandError(
                f"The {name} client is not installed ({error}): pip install -e '.[{name}]'"
            ) from error
        from search.engines.errors import describe, is_unavailable

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
            raise CommandError(f"{LABEL[name]}: {describe(error)}") from error
