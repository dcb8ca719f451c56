"""Relevance parity: the judged queries (data/queries-sample.json and the project's own
data/queries-extra.json) over the sample practices, measured by `evaluate_search` on the
database engine and on the cluster's index of the same practices. The cluster's mean nDCG@5
must be within 0.05 of the database engine's, both measured here, in the same test."""

import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from search.engines import es_index
from search.engines.elasticsearch import get_client

from .test_es_live import LIVE_MARKS, elasticsearch_engine, live_cluster  # noqa: F401 (autouse fixture)

MARGIN = 0.05
SUMMARY = re.compile(r"(\d+) queries: mean nDCG@5 ([0-9.]+), mean recall@10 ([0-9.]+)")

pytestmark = LIVE_MARKS


def measured(engine, queries):
    """(number of queries, mean nDCG@5, mean recall@10, the command's output)."""
    out = StringIO()
    call_command(
        "evaluate_search", queries=str(settings.KB_DATA_DIR / queries), engine=engine, stdout=out
    )
    match = SUMMARY.search(out.getvalue().splitlines()[-1])
    assert match, out.getvalue()
    return int(match[1]), float(match[2]), float(match[3]), out.getvalue()


def test_the_cluster_ranks_the_judged_queries_as_well_as_the_database(sample_practices):
    # Both files over one load of the sample data (the load is most of the test's time).
    es_index.rebuild(get_client(), "practices")
    cluster = live_cluster()[0]
    for queries in ("queries-sample.json", "queries-extra.json"):
        count, database, database_recall, _ = measured("database", queries)
        number, node, node_recall, report = measured(cluster, queries)
        print(
            f"\nparity {queries}: {count} queries, mean nDCG@5 database {database:.3f}, "
            f"{cluster} {node:.3f} (recall@10 {database_recall:.3f}, {node_recall:.3f})"
        )
        assert number == count > 0
        assert node >= database - MARGIN, f"{queries}:\n{report}"
