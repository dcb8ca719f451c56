"""The practice search benchmark: ``make bench`` (``python -m bench.run``).

For each size it generates that many realistic practices into a fresh SQLite file (one
subprocess), then measures in another subprocess, so that its peak memory is that of the
queries and not of the generation:

- floor: the raw FTS5 query on the same index and the same query texts, through sqlite3 with no
  framework at all (see ``FLOOR_SQL``): the MATCH of every term, which is the engine's first
  statement's; and, for the queries on which the engine runs its second pass (more than one
  term, and fewer practices than a page holding them all after the filters), the same query
  again with any of the terms (``... OR ...``), as that pass's MATCH is. A plain-language
  query's floor is thus the one or two full-text queries the engine cannot do without; what the
  floor does not do (filters, facets, counts, coordination ranking, loading the hits) is what
  the ratio to it measures;
- engine: ``search_practices(PracticeQuery(...))`` in-process: text + two filters + every facet's
  counts + page 1 of 20 hits with their prefetched relations and highlights;
- opensearch (``--engine opensearch`` or ``BENCH_ENGINE=opensearch``, with a node at
  ``OPENSEARCH_URL``): the same, with ``SEARCH_ENGINE=opensearch``, on an index the project's
  rebuild made from the generated database (timed: rebuild time, documents/s; then the node's
  heap and the index's size on disk; see ``bench.search_node``);
- api: the JSON API ``/api/v1/practices/`` through Django's test client in-process when it
  exists, else the engine plus a JSON serialisation of its results (said so in the table);
- http listing / http api: the same requests over keep-alive HTTP to Django's threaded WSGI
  server in its own process on 127.0.0.1.

Each measure runs its warm-up queries first, then the whole mix once; latencies are reported
per query class (mixed, rare, broad, plain) and for the whole mix, with the ratio to the floor.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import math
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORKDIR = Path(tempfile.gettempdir()) / "kb-bench"
CLASSES = ("mixed", "rare", "broad", "plain")
LAYERS = ("floor", "engine", "opensearch", "api", "http listing", "http api")
ENGINES = ("database", "opensearch")
FTS = "wagtailsearch_indexentry_fts"
# The floor: FTS5 alone ranks every document matching the same MATCH expression the engine uses
# (all terms, title and body columns; then any term, when the engine's second pass runs) with
# the same bm25 weights and returns the best 20. It must visit every match, as any ranked page
# does; it knows nothing of pages, drafts, filters, facets or counts.
FLOOR_SQL = (
    f"SELECT rowid, bm25({FTS}, 0.0, 1.0, 4.0) AS rank FROM {FTS} "
    f"WHERE {FTS} MATCH ? ORDER BY rank LIMIT 20"
)  # on a connection with the engine's PRAGMA mmap_size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300, help="timed queries per measure")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--workdir", default=str(WORKDIR), help="where the databases go")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing database")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measures")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=os.environ.get("BENCH_ENGINE") or "database",
        help="opensearch: measure the cluster engine too, on the node at OPENSEARCH_URL "
        "(default: BENCH_ENGINE, else database)",
    )
    parser.add_argument(
        "--template",
        help="an already migrated SQLite file to start each new database from (migrate then "
        "applies only what it lacks); the test suite passes its own, fresh from set-up",
    )
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--worker", choices=["generate", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)
    return orchestrate(args)


# --- the orchestrating process ---------------------------------------------------------------


def database_path(workdir, size):
    return Path(workdir) / f"bench-{size}.sqlite3"


def orchestrate(args):
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.engine == "opensearch":
        from .search_node import opensearch_url

        opensearch_url()  # before minutes of generation: a node must be there
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = []
    for size in sizes:
        db = database_path(args.workdir, size)
        generated = None
        if not (args.reuse_db and db.exists()):
            db.unlink(missing_ok=True)
            if args.template:
                shutil.copyfile(args.template, db)
            generated = run_worker(args, "generate", size)
        measured = run_worker(args, "measure", size)
        measured["generation"] = generated
        results.append(measured)
    table = render(results, args, time.perf_counter() - started)
    print(table)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"bench-{stamp}.md").write_text(table)
    (out / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2))
    (out / "latest.md").write_text(table)
    print(f"Saved {out / f'bench-{stamp}.md'}")
    return results


def run_worker(args, role, size):
    out = Path(args.workdir) / f"{role}-{size}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "bench.run", "--worker", role, "--size", str(size),
        "--queries", str(args.queries), "--warmup", str(args.warmup),
        "--workdir", args.workdir, "--json", str(out),
    ]  # fmt: skip
    if args.no_http:
        command.append("--no-http")
    if args.reuse_db:
        command.append("--reuse-db")
    command += ["--engine", args.engine]
    subprocess.run(command, cwd=ROOT, env=worker_env(args.workdir, size), check=True)  # noqa: S603
    return json.loads(out.read_text())


def worker_env(workdir, size):
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{database_path(workdir, size)}"
    env["DJANGO_SETTINGS_MODULE"] = "kb.settings.test"
    env["PYTHONPATH"] = str(ROOT)
    return env


# --- the workers -----------------------------------------------------------------------------


def worker(args):
    expected = f"sqlite:///{database_path(args.workdir, args.size)}"
    if os.environ.get("DATABASE_URL") != expected:
        # Workers generate into and flush whatever database they are given: never a real one.
        sys.exit(f"bench worker: DATABASE_URL must be {expected} (bench.run sets it)")
    import django

    django.setup()
    from django.core.management import call_command

    if args.worker == "generate" or args.reuse_db:
        # A reused database may predate a migration (say, a new index); a fresh one is migrated
        # (from empty, or from the template, when it is given, to the latest migration).
        call_command("migrate", verbosity=0, interactive=False)
    if args.worker == "generate":
        result = generate_step(args)
    else:
        # Measured in a process started as the server starts one (``kb.wsgi``: the application
        # loaded, then what it loaded frozen out of the garbage collector's walks).
        import kb.wsgi  # noqa: F401

        result = measure_step(args)
    Path(args.json).write_text(json.dumps(result))
    return result


def generate_step(args):
    from .generate import generate

    started = time.perf_counter()
    print(f"[{args.size}] generating", flush=True)
    summary = generate(args.size)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["peak_rss_mb"] = peak_rss_mb()
    print(f"[{args.size}] generated in {summary['seconds']} s", flush=True)
    return summary


def measure_step(args):
    from .queries import make_queries

    load_before = os.getloadavg()[0]
    queries = make_queries(args.warmup + args.queries)
    warm, timed = queries[: args.warmup], queries[args.warmup :]
    checks = sanity_checks(queries[:40])
    print(f"[{args.size}] sanity checks passed: {checks}", flush=True)
    layers = {}
    layers["floor"] = measure(floor_runner(warm + timed), warm, timed)
    layers["engine"] = measure(engine_runner(), warm, timed)
    opensearch = None
    if args.engine == "opensearch":
        from .search_node import measure_layer, opensearch_url

        layers["opensearch"], opensearch = measure_layer(opensearch_url(), warm, timed, measure)
        print(f"[{args.size}] opensearch: {opensearch}", flush=True)
    api_kind, api = api_runner()
    layers["api"] = measure(api, warm, timed)
    if not args.no_http:
        with http_server(args) as port:
            layers["http listing"] = measure(http_runner(port, listing_path()), warm, timed)
            if api_kind == "api view":
                layers["http api"] = measure(http_runner(port, "/api/v1/practices/"), warm, timed)
            server_peak = server_peak_rss_mb(port)
    else:
        server_peak = None
    return {
        "size": args.size,
        "queries": len(timed),
        "warmup": len(warm),
        "classes": {kind: sum(q.kind == kind for q in timed) for kind in CLASSES},
        "layers": {name: summarise(samples) for name, samples in layers.items()},
        "api_kind": api_kind,
        "opensearch": opensearch,
        "checks": checks,
        "fingerprint": fingerprint(timed),
        "peak_rss_mb": peak_rss_mb(),
        "server_peak_rss_mb": server_peak,
        "sqlite": sqlite3.sqlite_version,
        # Other work on the machine skews every figure: the 1-minute load before and after.
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def measure(run, warm, timed):
    for query in warm:
        run(query)
    samples = []
    for query in timed:
        started = time.perf_counter()
        run(query)
        samples.append((query.kind, time.perf_counter() - started))
    return samples


def summarise(samples):
    summary = {}
    for kind in (*CLASSES, "all"):
        times = sorted(t for k, t in samples if kind in ("all", k))
        if not times:
            continue
        summary[kind] = {
            "n": len(times),
            "p50": percentile(times, 50) * 1000,
            "p95": percentile(times, 95) * 1000,
            "p99": percentile(times, 99) * 1000,
            "mean": sum(times) / len(times) * 1000,
            "qps": len(times) / sum(times),
        }
    return summary


def percentile(sorted_times, p):
    """Nearest-rank percentile."""
    rank = max(1, math.ceil(p / 100 * len(sorted_times)))
    return sorted_times[rank - 1]


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- what is measured ------------------------------------------------------------------------


def practice_query(query):
    from search.query import PracticeQuery

    filters = {}
    for facet, value in query.filters:
        filters[facet] = (*filters.get(facet, ()), value)
    return PracticeQuery(q=query.q, filters=filters, page=1, page_size=20)


def match_expression(q, operator="AND"):
    """The FTS5 MATCH expression the engine builds for ``q`` (same stems, same columns); with
    ``operator="OR"``, its second pass's (any of the terms)."""
    from core.textsearch import query_terms

    return "{title body} : (" + f" {operator} ".join(f'"{t}"' for t in query_terms(q)) + ")"


def runs_second_pass(connection, query):
    """Whether the engine runs its any-term pass for ``query``: more than one term, and fewer
    live practices than a page matching them all and both filters (brute force)."""
    from core.textsearch import query_terms

    return len(query_terms(query.q)) > 1 and len(brute_force_ids(connection, query)) < 20


def floor_runner(queries):
    """The raw FTS5 queries of each of ``queries``: every term; then any term when the engine
    runs its second pass for it (decided here, before anything is timed)."""
    from django.conf import settings
    from django.db import connection

    from search.engines.database import SQLITE_MMAP

    second_pass = {query for query in queries if runs_second_pass(connection, query)}
    db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    db.execute(SQLITE_MMAP)  # the same as the engine's connection, so the floor stays a floor

    def run(query):
        rows = db.execute(FLOOR_SQL, [match_expression(query.q)]).fetchall()
        if query in second_pass:
            rows = db.execute(FLOOR_SQL, [match_expression(query.q, "OR")]).fetchall()
        return rows

    return run


def engine_runner():
    from search.service import search_practices

    def run(query):
        return search_practices(practice_query(query))

    return run


def api_runner():
    """The JSON API in-process if it exists; else the engine plus a JSON serialisation."""
    from django.test import Client
    from django.urls import Resolver404, resolve

    try:
        view = resolve("/api/v1/practices/").func
        exists = not view.__module__.startswith("wagtail")
    except Resolver404:
        exists = False
    if exists:
        client = Client()

        def run(query):
            response = client.get("/api/v1/practices/?" + urlencode(query.params()))
            check(response.status_code == 200, response.status_code)
            return response.content

        return "api view", run

    from search.service import search_practices

    def run(query):
        results = search_practices(practice_query(query))
        return json.dumps(serialise(results)).encode()

    return "engine + json (no API view yet)", run


def serialise(results):
    return {
        "count": results.count,
        "page": results.page,
        "results": [
            {
                "id": hit.practice.pk,
                "title": hit.practice.title,
                "url": hit.practice.url_path,
                "summary": hit.practice.summary,
                "countries": hit.practice.country_list,
                "organisations": [o.name for o in hit.practice.public_organisations],
                "start_year": hit.practice.start_year,
                "end_year": hit.practice.end_year,
                "score": hit.score,
                "highlight": hit.highlight,
            }
            for hit in results.hits
        ],
        "facets": results.facets,
    }


def listing_path():
    from wagtail.models import Locale

    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.get(locale=Locale.get_default()).url


def http_runner(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def run(query):
        connection.request("GET", f"{path}?{urlencode(query.params())}")
        response = connection.getresponse()
        body = response.read()
        check(response.status == 200, (response.status, body[:500]))
        return body

    return run


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_servers = {}


@contextlib.contextmanager
def http_server(args):
    port = free_port()
    env = dict(os.environ)
    env["DATABASE_CONN_MAX_AGE"] = "600"  # a persistent connection per server thread
    log = open(Path(args.workdir) / f"server-{args.size}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.serve", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    _servers[port] = server
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the benchmark HTTP server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def server_peak_rss_mb(port):
    server = _servers.get(port)
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


# --- sanity checks and result fingerprint ----------------------------------------------------


def sanity_checks(queries):
    """The generated practices are found, drafts never; counts and facets match brute force."""
    from django.db import connection

    from wagtail.search.models import IndexEntry

    from practices.models import PracticePage
    from search.query import PracticeQuery
    from search.service import search_practices

    from .generate import DRAFT_MARKER

    live = PracticePage.objects.live().count()
    total = PracticePage.objects.count()
    entries = IndexEntry.objects.filter(object_id__isnull=False).count()
    check(live > 0 and entries >= total, (live, total, entries))
    drafts_in_index = raw_match_count(DRAFT_MARKER)
    check(drafts_in_index == total - live, (drafts_in_index, total, live))
    check(search_practices(PracticeQuery(q=DRAFT_MARKER)).count == 0, "a draft was found")
    everything = search_practices(PracticeQuery())
    check(everything.count == live, (everything.count, live))
    matched = 0
    for query in queries:
        results = search_practices(practice_query(query))
        expected_ids = brute_force_ids(connection, query)
        if runs_second_pass(connection, query):
            # Fewer practices than a page hold every word: they come first, then those with
            # any of the words; the count and the facets are those of any word.
            any_ids = brute_force_ids(connection, query, "OR")
            first = {h.practice.pk for h in results.hits[: len(expected_ids)]}
            check(first == expected_ids, (query, "every word first"))
            check(results.count == len(any_ids), (query, results.count, len(any_ids)))
            check({h.practice.pk for h in results.hits} <= any_ids, query)
            check(len(results.hits) == min(20, len(any_ids)), query)
            check(results.facets == brute_force_facets(connection, query, "OR"), query)
        else:
            check(results.count == len(expected_ids), (query, results.count, len(expected_ids)))
            check({h.practice.pk for h in results.hits} <= expected_ids, query)
            check(len(results.hits) == min(20, len(expected_ids)), query)
            check(results.facets == brute_force_facets(connection, query), query)
        check(all(h.practice.live for h in results.hits), query)
        scores = [h.score for h in results.hits]
        check(scores == sorted(scores, reverse=True), query)
        matched += bool(expected_ids)
    check(matched >= len(queries) // 2, f"only {matched} of {len(queries)} queries match")
    return {
        "live": live,
        "drafts": total - live,
        "queries_checked": len(queries),
        "queries_with_hits": matched,
    }


def check(condition, detail):
    if not condition:
        raise RuntimeError(f"benchmark sanity check failed: {detail}")


def raw_match_count(word):
    from django.db import connection

    from core.textsearch import stem

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS} WHERE {FTS} MATCH %s", [f'"{stem(word)}"'])
        return cursor.fetchone()[0]


def brute_force_sql(query, filters=None, operator="AND"):
    """Live practices matching the text (every term, or any with ``operator="OR"``) and both
    filters (or ``filters``), in deliberately naive SQL."""
    sql = (
        f"SELECT CAST(e.object_id AS INTEGER) FROM {FTS} "
        f"JOIN wagtailsearch_indexentry e ON e.id = {FTS}.rowid "
        f"JOIN django_content_type ct ON ct.id = e.content_type_id "
        f"JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER) "
        f"WHERE {FTS} MATCH %s AND ct.app_label = 'practices' AND ct.model = 'practicepage' "
        f"AND p.live"
    )
    params = [match_expression(query.q, operator)]
    for facet, value in query.filters if filters is None else filters:
        sql += (
            " AND EXISTS (SELECT 1 FROM search_practicefacet f WHERE f.practice_id = p.id "
            "AND f.facet = %s AND f.value = %s)"
        )
        params += [facet, value]
    return sql, params


def brute_force_ids(connection, query, operator="AND"):
    sql, params = brute_force_sql(query, operator=operator)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def brute_force_facets(connection, query, operator="AND"):
    """Each facet counted over the practices matching the text (every term, or any with
    ``operator="OR"``) and every filter but its own."""
    from search.facets import FACETS

    counts = {facet: {} for facet in FACETS}
    with connection.cursor() as cursor:
        for facet in FACETS:
            others = [(name, value) for name, value in query.filters if name != facet]
            sql, params = brute_force_sql(query, others, operator)
            cursor.execute(
                "SELECT value, COUNT(*) FROM search_practicefacet "
                f"WHERE facet = %s AND practice_id IN ({sql}) GROUP BY value",
                [facet, *params],
            )
            for value, number in cursor.fetchall():
                counts[facet][value] = number
    return {
        facet: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
        for facet, values in counts.items()
    }


def fingerprint(queries):
    """A digest of the engine's answers to the mix: ids in order, counts, facets, scores.

    Equal digests before and after an engine change mean identical results.
    """
    from search.service import search_practices

    digest = hashlib.sha256()
    for query in queries:
        results = search_practices(practice_query(query))
        answer = [
            results.count,
            [(h.practice.pk, round(h.score or 0, 6)) for h in results.hits],
            results.facets,
        ]
        digest.update(json.dumps(answer, sort_keys=True).encode())
    return digest.hexdigest()[:16]


# --- the table -------------------------------------------------------------------------------


def render(results, args, seconds):
    lines = [
        "# Practice search benchmark",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, SQLite "
        f"{sqlite3.sqlite_version}, Python {sys.version.split()[0]}; `python -m bench.run "
        f"--sizes {args.sizes} --queries {args.queries} --warmup {args.warmup}` "
        f"({seconds:.0f} s in all).",
        "",
        "Each query: text (the mix below) + two filters + counts of every facet + page 1 of 20.",
        "Mix: 15% plain (a plain-language question of 5-12 words, mostly stop words and common",
        "words, with a place or a method); of the rest, 70% mixed (a near-universal word + a place",
        "or method), 15% rare (one rare word), 15% broad (matches nearly everything). Latencies in",
        "ms after warm-up; q/s single client; ×floor = this layer's percentile / the floor's (the",
        "raw FTS5 query, same texts: every term; then any term (OR) where the engine's second pass",
        "runs, i.e. fewer practices than a page hold every word after the filters):",
        "",
        f"    {FLOOR_SQL}",
        "",
        "| practices | layer | class | n | p50 ms | p95 ms | p99 ms | q/s | ×floor p50 "
        "| ×floor p95 |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        floor = result["layers"]["floor"]
        for layer in LAYERS:
            stats = result["layers"].get(layer)
            if not stats:
                continue
            name = layer if layer != "api" else f"api ({result['api_kind']})"
            for kind in ("all", *CLASSES):
                s = stats.get(kind)
                if not s:
                    continue
                ratio50 = s["p50"] / floor[kind]["p50"] if layer != "floor" else 1
                ratio95 = s["p95"] / floor[kind]["p95"] if layer != "floor" else 1
                lines.append(
                    f"| {result['size']:,} | {name} | {kind} | {s['n']} | {s['p50']:.1f} | "
                    f"{s['p95']:.1f} | {s['p99']:.1f} | {s['qps']:.0f} | {ratio50:.2f} | "
                    f"{ratio95:.2f} |"
                )
    lines += ["", "| practices | generated in | peak RSS generate | peak RSS measure | "
              "peak RSS server | load before/after | results digest |",
              "|---:|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    for result in results:
        generation = result.get("generation") or {}
        lines.append(
            f"| {result['size']:,} | {generation.get('seconds', 'reused')} s | "
            f"{generation.get('peak_rss_mb', '-')} MB | {result['peak_rss_mb']} MB | "
            f"{result['server_peak_rss_mb'] or '-'} MB | "
            f"{' / '.join(str(x) for x in result.get('load', []))} | `{result['fingerprint']}` |"
        )
    with_node = [result for result in results if result.get("opensearch")]
    if with_node:
        lines += ["", "| practices | OpenSearch index: rebuild | documents | docs/s "
                  "| heap used / max | on disk | one-word queries equal to brute force |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for result in with_node:
        o = result["opensearch"]
        lines.append(
            f"| {result['size']:,} | {o['rebuild_s']} s | {o['documents']:,} | "
            f"{o['docs_per_s']:,} | {o['heap_used_mb']} / {o['heap_max_mb']} MB | "
            f"{o['store_mb']} MB | "
            f"{o['checks']['one_word_equal_to_brute_force']} of {o['checks']['one_word_queries']} |"
        )
    lines += ["", "Targets:", ""] + [f"- {line}" for line in verdicts(results)] + [""]
    return "\n".join(lines)


def verdicts(results):
    """The targets: at 10,000 practices, p95 ≤ 30 ms over the whole mix in-process; at 100,000,
    p95 ≤ 3× the floor's for every class (the ratios at other sizes are shown, not judged)."""
    lines = []
    for result in results:
        engine, floor = result["layers"]["engine"], result["layers"]["floor"]
        size = result["size"]
        if size == 10_000:
            p95 = engine["all"]["p95"]
            lines.append(
                f"{size:,}: in-process p95 {p95:.1f} ms (target ≤ 30 ms): "
                f"{'met' if p95 <= 30 else f'MISSED by {p95 - 30:.1f} ms'}"
            )
        for kind in ("all", *CLASSES):
            if kind not in engine:
                continue
            ratio = engine[kind]["p95"] / floor[kind]["p95"]
            target = " (target ≤ 3×): " + ("met" if ratio <= 3 else "MISSED")
            lines.append(
                f"{size:,}: {kind} engine / floor p95 {ratio:.2f}×"
                f"{target if size == 100_000 else ''}"
            )
        node = result["layers"].get("opensearch")
        if node and "broad" in node and "broad" in engine:
            ratio = engine["broad"]["p95"] / node["broad"]["p95"]
            target = " (target ≥ 2×): " + ("met" if ratio >= 2 else "MISSED")
            lines.append(
                f"{size:,}: broad p95 database engine / opensearch {ratio:.2f}×"
                f"{target if size == 100_000 else ''}"
            )
    return lines


if __name__ == "__main__":
    main()
