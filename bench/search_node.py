"""The practice search on an OpenSearch node, measured: a layer of ``bench.run`` and a node-only
mode for a million practices.

The layer (``python -m bench.run --engine opensearch``, or ``BENCH_ENGINE=opensearch``; the node
at ``OPENSEARCH_URL``, e.g. under ``scripts/with-search-node``): the generated SQLite database is
indexed by the project's own rebuild (``search.engines.es_index.rebuild``: documents read from
the database, bulk-loaded, alias swapped), timed; then the same query mix goes through
``search_practices`` with ``SEARCH_ENGINE=opensearch`` (the cluster engine itself, not the
fallback, so that a failing node fails the run rather than being measured as the database).

The node-only mode (``python -m bench.search_node --size 1000000``, ``make bench-search-node``):
no database at all. ``bench.generate.PracticeMaker`` makes the practices (the same
distributions and vocabulary as the database benchmark, drafts left out as the rebuild leaves
them out), each becomes the engine's document (``document_of``: checked field by field against
``es_documents.practice_document`` on a page built in memory, for the first ``CHECKED_DOCUMENTS``),
and the documents go to the node through the bulk API into an index with the engine's mapping
(``es_documents.index_body``). Then each query of the mix is the engine's own requests
(``search.engines.elasticsearch.answer``: text + two filters + every facet's counts + page 1 of
20 with highlights, in the multi-search requests the engine sends), sent to the node; the hits
are not loaded from a database (there is none), which the layer above does. With each query,
when the node is a process of this machine (``SEARCH_NODE_PID``, which
``scripts/with-search-node`` sets), the CPU time the node used while it ran: per class, its mean
and the cores the node kept busy (mean CPU over mean time), which tell whether a query's time
is the node's work or waiting for cores, and how many cores a size needs.

Facet counts are exact, and checked so (``check_exact``): every terms aggregation of every timed
answer reports ``sum_other_doc_count == 0`` (no value left out) and
``doc_count_error_upper_bound == 0`` (no count estimated), every facet has fewer values than
the aggregation's size, and for a sample of queries every bucket of every facet is counted
again with a ``_count`` request of its own (the text, the years, the other facets' filters and
that value), which must equal the bucket's count.
"""

import argparse
import contextlib
import json
import os
import queue
import random
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

CHECKED_DOCUMENTS = 300
EXACT_SAMPLE = 4
PREFIX = "kbbench_"


# --- the settings and the client -------------------------------------------------------------


def opensearch_url():
    url = os.environ.get("OPENSEARCH_URL", "")
    if not url:
        sys.exit(
            "bench: the opensearch engine needs a node: OPENSEARCH_URL is not set (run under "
            "scripts/with-search-node, e.g. `make bench-search`)"
        )
    return url


@contextlib.contextmanager
def opensearch_settings(url):
    """The cluster engine on the node at ``url`` (its own index prefix, no replicas)."""
    from django.test import override_settings

    from search.engines import transport

    transport.reset_clients()
    with override_settings(
        SEARCH_ENGINE="opensearch",
        OPENSEARCH_URL=url,
        ELASTICSEARCH_INDEX_PREFIX=PREFIX,
        ELASTICSEARCH_REPLICAS=0,
        ELASTICSEARCH_TIMEOUT=120,
        PRACTICE_SEARCH_ENGINE="search.engines.elasticsearch.ElasticsearchEngine",
    ):
        yield transport.get_client()
    transport.reset_clients()


def _body(response):
    return getattr(response, "body", response)


def node_figures(client, index):
    """The node's heap (used and max, MB) and ``index``'s size on disk (MB, primaries)."""
    raw = getattr(client, "client", client)  # opensearch-py under the engine's wrapper
    nodes = _body(raw.nodes.stats(metric="jvm"))["nodes"]
    used = sum(n["jvm"]["mem"]["heap_used_in_bytes"] for n in nodes.values())
    peak = max(n["jvm"]["mem"]["heap_max_in_bytes"] for n in nodes.values())
    store = _body(raw.indices.stats(index=index, metric="store"))
    size = store["_all"]["primaries"]["store"]["size_in_bytes"]
    return {
        "heap_used_mb": round(used / 2**20),
        "heap_max_mb": round(peak / 2**20),
        "store_mb": round(size / 2**20, 1),
    }


# --- the layer of bench.run ------------------------------------------------------------------


def build_layer(url):
    """Index the generated database with the project's rebuild; returns (runner, figures).

    The runner must be called inside ``opensearch_settings`` (``run_layer`` does)."""
    from search.engines import es_index

    with opensearch_settings(url) as client:
        started = time.perf_counter()
        rebuilt = es_index.rebuild(client, "practices")
        seconds = time.perf_counter() - started
        figures = {
            "index": rebuilt["index"],
            "documents": rebuilt["count"],
            "rebuild_s": round(seconds, 1),
            "docs_per_s": round(rebuilt["count"] / seconds),
        }
    return figures


def layer_runner():
    from search.service import search_practices

    from .run import practice_query

    def run(query):
        return search_practices(practice_query(query))

    return run


def layer_checks(connection, queries):
    """Drafts never found, every live practice listed; and for the one-word queries (where the
    cluster engine's "most of the words" is "all the words", as the database's) the count and
    every facet's counts equal brute force's. Raises on the first two; the third is counted."""
    from core.textsearch import query_terms
    from practices.models import PracticePage
    from search.query import PracticeQuery
    from search.service import search_practices

    from .generate import DRAFT_MARKER
    from .run import brute_force_facets, brute_force_ids, check, practice_query

    check(search_practices(PracticeQuery(q=DRAFT_MARKER)).count == 0, "a draft was found")
    live = PracticePage.objects.live().count()
    everything = search_practices(PracticeQuery()).count
    check(everything == live, ("opensearch lists", everything, "of", live))
    single = [q for q in queries if len(query_terms(q.q)) == 1]
    same = 0
    for query in single:
        results = search_practices(practice_query(query))
        expected = brute_force_ids(connection, query)
        check(all(h.practice.live for h in results.hits), query)
        same += results.count == len(expected) and results.facets == brute_force_facets(
            connection, query
        )
    return {"one_word_queries": len(single), "one_word_equal_to_brute_force": same}


def measure_layer(url, warm, timed, measure):
    """Build the index, check it, time the mix; returns (samples, figures)."""
    from django.db import connection

    figures = build_layer(url)
    with opensearch_settings(url) as client:
        figures["checks"] = layer_checks(connection, warm + timed[:40])
        samples = measure(layer_runner(), warm, timed)
        figures.update(node_figures(client, figures["index"]))
    return samples, figures


# --- the node-only mode ----------------------------------------------------------------------


def organisation_names(count, seed=1325):
    """Names as ``bench.generate`` gives organisations (its own stream: none are stored)."""
    rng = random.Random(seed + 7)
    names = ["Women", "Mothers", "Sisters", "Widows", "Daughters"]
    return {n: f"{rng.choice(names)} for peace network {n}" for n in range(1, count + 1)}


def document_of(practice, pk, organisations):
    """The engine's document of a generated practice, without a database (see ``model_document``,
    which it must equal)."""
    from core.countries import country_name, region_of

    codes = sorted(practice.countries)
    themes = sorted(practice.themes)
    names = " ".join(organisations[n] for n in practice.organisations)
    body = [practice.description, practice.activities, practice.outcomes]
    body += [practice.location, names, " ".join(country_name(c) for c in codes), " ".join(themes)]
    return {
        "id": pk,
        "title": practice.title,
        "summary": practice.summary,
        "description": practice.description,
        "body": [text for text in body if text],
        "agenda": list(dict.fromkeys(practice.agendas)),
        "level": [practice.level] if practice.level else [],
        "region": sorted({r for r in (region_of(c) for c in codes) if r}),
        "country": list(dict.fromkeys(codes)),
        "pillar": list(dict.fromkeys(practice.pillars)),
        "theme": themes,
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "first_published_at": practice.published_at.isoformat(),
    }


def model_document(practice, pk, organisations):
    """The same document through the project's own builder, on a page built in memory."""
    from taggit.models import Tag

    from practices.models import (
        Organisation,
        PracticeCountry,
        PracticeOrganisation,
        PracticePage,
        PracticeTag,
    )
    from search.engines.es_documents import practice_document

    page = PracticePage(
        id=pk,
        page_ptr_id=pk,
        title=practice.title,
        summary=practice.summary,
        description=practice.description,
        activities=practice.activities,
        outcomes=practice.outcomes,
        location=practice.location,
        level=practice.level,
        agendas=practice.agendas,
        pillars=practice.pillars,
        start_year=practice.start_year,
        end_year=practice.end_year,
        first_published_at=practice.published_at,
        live=True,
    )
    page.countries = [PracticeCountry(country=code) for code in practice.countries]
    page.practice_organisations = [
        PracticeOrganisation(organisation=Organisation(pk=n, name=organisations[n], kind="cso"))
        for n in practice.organisations
    ]
    page.tagged_items = [PracticeTag(tag=Tag(name=name)) for name in practice.themes]
    # A generated practice has no translations: say so, rather than ask a database.
    page.__dict__["_live_translations"] = []
    return practice_document(page)


def generate_documents(size, seed=1325):
    """(pk, document) of the live practices among ``size`` generated ones, as the database
    benchmark would generate them (page ids from 1)."""
    from .generate import PracticeMaker

    maker = PracticeMaker(seed)
    organisation_count = max(20, size // 20)
    organisations = organisation_names(organisation_count)
    for number in range(size):
        practice = maker.make(number, organisation_count)
        if not practice.live:
            continue
        pk = number + 1
        document = document_of(practice, pk, organisations)
        if number < CHECKED_DOCUMENTS:
            expected = model_document(practice, pk, organisations)
            if document != expected:
                differ = {
                    k: (document.get(k), v) for k, v in expected.items() if document.get(k) != v
                }
                raise RuntimeError(f"practice {pk}'s document is not the engine's: {differ}")
        yield pk, document


def bulk_load(client, index, documents, chunk=1000, senders=2):
    """Send ``documents`` to ``index`` in bulk requests of ``chunk``, ``senders`` in flight
    while the next ones are generated; returns how many."""
    from search.engines.es_index import _bulk

    pending = queue.Queue(maxsize=senders * 2)
    errors = []

    def send():
        while (operations := pending.get()) is not None:
            try:
                if not errors:
                    _bulk(client, index, operations)
            except Exception as error:  # noqa: BLE001 (reported below, in the main thread)
                errors.append(error)
            finally:
                pending.task_done()
        pending.task_done()

    threads = [threading.Thread(target=send, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    count, operations = 0, []
    for pk, document in documents:
        operations += [{"index": {"_index": index, "_id": str(pk)}}, document]
        count += 1
        if len(operations) >= 2 * chunk:
            pending.put(operations)
            operations = []
            if errors:
                break
        if count % 100_000 == 0:
            print(f"  {count:,} documents sent", flush=True)
    if operations and not errors:
        pending.put(operations)
    for _ in threads:
        pending.put(None)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return count


def load_node(client, size):
    """A new index of ``size`` generated practices (live ones) behind the benchmark's alias."""
    from search.engines.es_documents import alias_name, index_body
    from search.engines.es_index import aliased_indices, versioned_name

    index = versioned_name("practices")
    body = index_body("practices")
    body["settings"]["refresh_interval"] = "-1"
    client.indices.create(index=index, **body)
    started = time.perf_counter()
    count = bulk_load(client, index, generate_documents(size))
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=index)
    seconds = time.perf_counter() - started
    previous = aliased_indices(client, "practices")
    actions = [{"remove": {"index": old, "alias": alias_name("practices")}} for old in previous]
    client.indices.update_aliases(
        actions=[*actions, {"add": {"index": index, "alias": alias_name("practices")}}]
    )
    for old in previous:
        client.indices.delete(index=old, ignore_unavailable=True)
    return index, {
        "documents": count,
        "load_s": round(seconds, 1),
        "docs_per_s": round(count / seconds),
    }


def node_request(client, index, query):
    """The engine's requests of ``query`` sent to the node; their answer as one response
    (``search.engines.elasticsearch.answer``; None when the engine asks nothing: a text of stop
    words only)."""
    from search.engines.elasticsearch import answer
    from search.engines.transport import search_all

    from .run import practice_query

    practice = practice_query(query)
    if practice.q and not practice.text:
        return None
    return answer(lambda bodies: search_all(client, index, bodies), practice)


def check_exact(response, query):
    """Every facet's terms aggregation complete and exact (see the module's docstring)."""
    from search.engines.elasticsearch import FACET_SIZE, FACET_VALUES
    from search.facets import FACETS

    from .run import check

    check(response["hits"]["total"]["relation"] == "eq", (query, "total not exact"))
    for facet in FACETS:
        terms = response["aggregations"][facet][FACET_VALUES]
        check(terms["sum_other_doc_count"] == 0, (query, facet, "values left out"))
        check(terms.get("doc_count_error_upper_bound", 0) == 0, (query, facet, "estimated"))
        check(len(terms["buckets"]) < FACET_SIZE, (query, facet, "as many values as the size"))


def recount(client, index, query, response):
    """Each bucket of each facet counted again with a ``_count`` of its own; returns how many
    buckets were checked."""
    from search.engines.elasticsearch import FACET_VALUES, counts_body, needs_second_pass
    from search.facets import FACETS

    from .run import check, practice_query

    checked = 0
    practice = practice_query(query)
    # The pass the answer came from: the second (any word) when fewer than a page held them all.
    every_word = not needs_second_pass(
        practice,
        _body(client.count(index=index, query=counts_body(practice).get("query")))["count"],
    )
    for facet in FACETS:
        for bucket in response["aggregations"][facet][FACET_VALUES]["buckets"]:
            filters = dict(practice.filters)
            filters[facet] = (bucket["key"],)
            one = type(practice)(q=practice.q, filters=filters, page=1, page_size=20)
            # The value's practices: the text, the years, the other facets' filters and it.
            body = counts_body(one, every_word)
            counted = _body(client.count(index=index, query=body["query"]))["count"]
            check(counted == bucket["doc_count"], (query, facet, bucket, counted))
            checked += 1
    return checked


def node_cpu_clock():
    """A function answering the CPU time (user + system, ms) the node's process has used so
    far, read from ``/proc`` (Linux) for the node ``scripts/with-search-node`` started on this
    machine (``SEARCH_NODE_PID``); None for a node elsewhere. The node's own ``_nodes/stats``
    counter cannot time one query: it is refreshed once a second."""
    pid = os.environ.get("SEARCH_NODE_PID", "")
    path = Path(f"/proc/{pid}/stat")
    if not pid.isdigit() or not path.exists():
        return None
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")

    def used_ms():
        # The fields after the command name (which may hold spaces): utime, stime are 12, 13.
        fields = path.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * tick_ms

    return used_ms


def cpu_per_query(samples):
    """{class and "all": {"mean", "p95"}} of the node's CPU ms per query, from (class, ms)."""
    from .run import CLASSES, percentile

    figures = {}
    for kind in ("all", *CLASSES):
        spent = sorted(ms for k, ms in samples if kind in ("all", k))
        if spent:
            figures[kind] = {"mean": sum(spent) / len(spent), "p95": percentile(spent, 95)}
    return figures


def measure_node(client, index, queries, warmup):
    """Times the mix (after ``warmup`` queries); with each query, when the node runs on this
    machine (``node_cpu_clock``), the CPU time its process used meanwhile."""
    from .run import summarise

    warm, timed = queries[:warmup], queries[warmup:]
    for query in warm:
        node_request(client, index, query)
    clock = node_cpu_clock()
    samples, responses, cpu = [], [], []
    wall = 0.0
    for query in timed:
        before = clock() if clock else 0
        t0 = time.perf_counter()
        response = node_request(client, index, query)
        elapsed = time.perf_counter() - t0
        if clock:
            cpu.append((query.kind, clock() - before))
        wall += elapsed
        samples.append((query.kind, elapsed))
        responses.append(response)
    for query, response in zip(timed, responses, strict=True):
        if response is not None:
            check_exact(response, query)
    sample = [(q, r) for q, r in zip(timed, responses, strict=True) if r is not None]
    rng = random.Random(17)
    recounted = sum(
        recount(client, index, q, r) for q, r in rng.sample(sample, min(EXACT_SAMPLE, len(sample)))
    )
    return summarise(samples), {
        "wall_s": round(wall, 1),
        "answered": len(sample),
        "buckets_recounted": recounted,
        "node_cpu_ms": cpu_per_query(cpu),
    }


def node_main(argv=None):
    from .queries import make_queries
    from .run import CLASSES

    parser = argparse.ArgumentParser(description="The practice search on the node alone")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--reuse-index", action="store_true", help="query the loaded index")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    import django

    django.setup()
    url = opensearch_url()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with opensearch_settings(url) as client:
        from search.engines.es_documents import alias_name
        from search.engines.es_index import aliased_indices

        if args.reuse_index and aliased_indices(client, "practices"):
            index, loaded = aliased_indices(client, "practices")[0], {"reused": True}
        else:
            print(f"[node {args.size:,}] generating into the node", flush=True)
            index, loaded = load_node(client, args.size)
            print(f"[node {args.size:,}] loaded {loaded}", flush=True)
        load_after_loading = os.getloadavg()[0]
        queries = make_queries(args.warmup + args.queries)
        stats, run = measure_node(client, alias_name("practices"), queries, args.warmup)
        figures = node_figures(client, index)
    result = {
        "size": args.size,
        "queries": args.queries,
        "warmup": args.warmup,
        "load": loaded,
        "run": run,
        "stats": stats,
        "node": figures,
        "loadavg": [
            round(load_before, 2),
            round(load_after_loading, 2),
            round(os.getloadavg()[0], 2),
        ],
        "seconds": round(time.perf_counter() - started),
    }
    table = render_node(result, CLASSES, argv if argv is not None else sys.argv[1:])
    print(table)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"node-{stamp}.md").write_text(table)
    (out / f"node-{stamp}.json").write_text(json.dumps(result, indent=2))
    return result


def render_node(result, classes, argv):
    stats, load, node = result["stats"], result["load"], result["node"]
    lines = [
        f"# Practice search on the OpenSearch node alone, {result['size']:,} practices",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs; "
        f"`python -m bench.search_node {' '.join(argv)}` ({result['seconds']} s in all). "
        "Each query: the engine's requests (text + two filters + every facet's counts + page 1 "
        "of 20 with highlights), sent to the node and its JSON answer read; no database.",
        "",
        "| practices | class | n | p50 ms | p95 ms | p99 ms | q/s | node CPU ms/query: mean | "
        "p95 | cores busy |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    cpu = result["run"]["node_cpu_ms"]
    for kind in ("all", *classes):
        s = stats.get(kind)
        if s:
            c = cpu.get(kind)
            used = "- | - | -"
            if c:
                used = f"{c['mean']:.0f} | {c['p95']:.0f} | {c['mean'] / s['mean']:.2f}"
            lines.append(
                f"| {result['size']:,} | {kind} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | "
                f"{s['p99']:.1f} | {s['qps']:.0f} | {used} |"
            )
    loaded = (
        "reused"
        if load.get("reused")
        else f"{load['documents']:,} documents in {load['load_s']} s "
        f"({load['docs_per_s']:,} docs/s, generation included)"
    )
    p95 = stats["all"]["p95"]
    lines += [
        "",
        f"- bulk load: {loaded}",
        f"- node: heap {node['heap_used_mb']} MB used of {node['heap_max_mb']} MB; "
        f"index on disk {node['store_mb']} MB",
        f"- exact facet counts: every answer's terms aggregations complete (no other, no error "
        f"bound); {result['run']['buckets_recounted']} buckets of {EXACT_SAMPLE} queries "
        "recounted with `_count`, all equal",
        "- node CPU: the CPU time (user + system) the node's process used while each query "
        "ran, read from /proc before and after it (counted in 10 ms clock ticks: a mean over "
        "many queries is exact, a single query's figure is not); cores busy: mean CPU / mean "
        "time, how many cores the node kept busy while a query ran"
        + ("" if cpu else " (not measured: the node is not a process of this machine)"),
        f"- load average (1 min) before / after loading / at the end: "
        f"{' / '.join(str(x) for x in result['loadavg'])}",
        f"- target p95 ≤ 150 ms over the whole mix: {p95:.1f} ms, "
        + ("met" if p95 <= 150 else "MISSED"),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    node_main()
