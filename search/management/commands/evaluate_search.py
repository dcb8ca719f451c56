"""How well the practice search ranks what readers want: nDCG@k, recall@10, empty results.

    python manage.py evaluate_search [--queries data/queries-sample.json] [--min-ndcg 0.85]
        [--engine database|opensearch|elasticsearch] [--language fr]

Each judged query runs through the search service (the configured engine), as the listing runs
it; the practices it should find are named by ``external_id`` (see ``data/README.md``). Exits
with an error when the mean nDCG is below ``--min-ndcg``, so it can guard a change of ranking.

``--engine`` measures one engine alone, whatever ``SEARCH_ENGINE`` says: ``database``, or a
cluster at ``OPENSEARCH_URL`` / ``ELASTICSEARCH_URL`` (its index as ``es_index rebuild`` left
it), with no fallback to the database, so that a cluster that cannot answer fails the command
instead of being measured as the database.

``--language``: the interface language the queries are typed in (each is analysed in it and in
English, as the listing does); by default the file's ``language``, else English
(``data/queries-fr.json``, ``-es`` and ``-ar`` say theirs).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.textsearch import ANALYSED_LANGUAGES
from search.evaluation import evaluate, load_judged
from search.query import PracticeQuery
from search.service import search_practices

RECALL_AT = 10


ENGINES = ("database", "opensearch", "elasticsearch")


def search_external_ids(text, size, search=search_practices, language="en"):
    results = search(PracticeQuery(q=text, page_size=size, language=language))
    return results.count, [hit.practice.external_id for hit in results.hits]


def engine_search(name):
    """The ``search`` of engine ``name`` alone; None for the configured service."""
    if name is None:
        return search_practices
    if name == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine().search
    from search.engines import transport
    from search.engines.elasticsearch import ElasticsearchEngine

    url = transport.cluster_url(name)
    if not url:
        raise CommandError(f"--engine {name} needs {transport.URL_SETTING[name]}.")
    client = transport.new_client(name, url, **transport.client_options(name))
    return ElasticsearchEngine(client).search


class Command(BaseCommand):
    help = "Measure the practice search on judged queries (nDCG@k, recall@10, empty results)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queries",
            default=str(Path(settings.BASE_DIR) / "data" / "queries-sample.json"),
            help="Judged queries (JSON, see data/README.md).",
        )
        parser.add_argument("--k", type=int, default=5, help="Rank cut-off of nDCG.")
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default=None,
            help="Measure this engine alone (default: the configured search service).",
        )
        parser.add_argument(
            "--min-ndcg", type=float, default=None, help="Fail below this mean nDCG@k."
        )
        parser.add_argument(
            "--language",
            choices=ANALYSED_LANGUAGES,
            default=None,
            help="The language the queries are typed in (default: the file's, else English).",
        )

    def handle(self, *args, queries, k, min_ndcg, engine=None, language=None, **options):
        if k < 1:
            raise CommandError("--k must be at least 1.")
        search = engine_search(engine)
        try:
            judged, file_language = load_judged(queries)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the judged queries in {queries}: {error}") from None
        size = max(k, RECALL_AT)
        language = language or file_language
        summary = evaluate(
            judged,
            lambda text: search_external_ids(text, size, search, language),
            k,
            RECALL_AT,
        )
        for result in summary.results:
            self.stdout.write(
                f"nDCG@{k} {result.ndcg:.3f}  recall@{RECALL_AT} {result.recall:.3f}  "
                f"results {result.count:4d}  {result.query}"
            )
        self.stdout.write(
            f"{len(summary.results)} queries: mean nDCG@{k} {summary.mean_ndcg:.3f}, "
            f"mean recall@{RECALL_AT} {summary.mean_recall:.3f}, "
            f"no result {summary.empty_share:.0%}"
        )
        if min_ndcg is not None and summary.mean_ndcg < min_ndcg:
            raise CommandError(f"Mean nDCG@{k} {summary.mean_ndcg:.3f} is below {min_ndcg}.")
