"""The HTTP load test: ``make loadtest`` (``scripts/with-postgres python -m bench.loadtest``).

Against the production stack on 127.0.0.1, with PostgreSQL and the benchmark's 10,000 practices,
measured with wrk (Debian's ``wrk``):

- cached: pages a visitor who is not signed in sees (home, a practice page, a listing state, the
  API, the map), each for ``--cached-seconds`` at ``--cached-connections`` (16): target ≥ 500
  requests/s and p99 ≤ 50 ms. Not at 50: wrk keeps every connection busy, so the mean latency
  is connections / rate (Little's law), and at 50 connections even the median could be under
  50 ms only above 1,000 requests/s; at 16 the p99 says whether 500 visitors a second are
  each served within 50 ms;
- uncached: listing queries with text and two filters, each request a distinct query string (a
  Lua script rotates through them, every thread its own share), so the page cache cannot help:
  target ≥ 60 requests/s. It is measured in the steady state of a server that has been
  answering searches, as a production one has: first ``--warmup-seconds`` (20) of other
  distinct listing queries (none of them among the measured ones), which fill each process's
  kept words and practices (search.engines.phrases, hitcache); the table shows that warm-up
  too, with no target;
- soak: ``--soak-seconds`` (60) at ``--connections`` (50) over the mix of both: target zero
  errors (wrk's socket errors, and answers other than 2xx or 3xx).

The database: a throwaway cluster (scripts/with-postgres gives DATABASE_URL). The practices are
generated once (bench.generate, through the ORM's connection) and kept as a pg_dump file under
``--workdir``, named after the migrations and the generator, then restored into each new cluster.

The server: ``LOADTEST_SERVE_CMD`` if set (a shell command), else ``scripts/serve`` if present,
else gunicorn started here (migrate, collectstatic, then ``gunicorn kb.wsgi``). It runs with the
production settings, HOST and PORT, DATABASE_URL, a throwaway SECRET_KEY, and no HTTPS redirect
(plain HTTP on loopback). The table goes to stdout and ``bench/results/loadtest-<date>.md``.
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
CACHED_TARGET_RPS = 500
CACHED_TARGET_P99_MS = 50
UNCACHED_TARGET_RPS = 60

LUA_ROTATE = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local count = 0
function setup(thread)
  thread:set("offset", count)
  count = count + 1
end
function init(args)
  stride = tonumber(args[1]) or 1
  i = offset or 0
end
function request()
  local path = paths[(i %% #paths) + 1]
  i = i + stride
  return wrk.format("GET", path)
end
"""


# --- reading wrk ---------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output):
    """wrk's report (run with --latency) as numbers: requests, seconds, rps, latencies, errors."""
    result = {"p50": None, "p75": None, "p90": None, "p99": None, "socket_errors": 0, "non_2xx": 0}
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not total or not rps:
        raise ValueError("no wrk summary in the output:\n" + output)
    result["requests"] = int(total[1])
    result["seconds"] = duration_ms(total[2] + total[3]) / 1000
    result["rps"] = float(rps[1])
    for percent, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M):
        result[f"p{percent}"] = duration_ms(value)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        result["socket_errors"] = sum(int(n) for n in errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        result["non_2xx"] = int(non_2xx[1])
    result["errors"] = result["socket_errors"] + result["non_2xx"]
    return result


def verdict(row):
    """met / MISSED for one row of the table, against its kind's targets."""
    if row["kind"] == "cached":
        ok = row["rps"] >= CACHED_TARGET_RPS and (row["p99"] or 1e9) <= CACHED_TARGET_P99_MS
        target = f"≥ {CACHED_TARGET_RPS}/s, p99 ≤ {CACHED_TARGET_P99_MS} ms"
    elif row["kind"] == "warm-up":
        ok = True
        target = "none (warm-up)"
    elif row["kind"] == "uncached":
        ok = row["rps"] >= UNCACHED_TARGET_RPS
        target = f"≥ {UNCACHED_TARGET_RPS}/s"
    else:
        ok = True
        target = "no errors"
    ok = ok and row["errors"] == 0 and row["requests"] > 0
    return target, "met" if ok else "MISSED"


def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def render(rows, context):
    lines = [
        "# HTTP load test",
        "",
        f"{context['when']} UTC, {context['cores']} cores, load average "
        f"{context['load_before']} before / {context['load_after']} after; "
        f"{context['practices']:,} practices on PostgreSQL {context['postgres']}; "
        f"server: `{context['server']}`; cache: {context['cache']}; "
        f"`{context['command']}`.",
        "",
        "| measure | path | connections | seconds | requests | req/s | p50 ms | p90 ms "
        "| p99 ms | errors | target | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        target, met = verdict(row)
        lines.append(
            f"| {row['kind']} {row['name']} | `{row['path']}` | {row['connections']} | "
            f"{row['seconds']:.0f} | {row['requests']:,} | {fmt(row['rps'], 0)} | "
            f"{fmt(row['p50'])} | {fmt(row['p90'])} | {fmt(row['p99'])} | {row['errors']} | "
            f"{target} | {met} |"
        )
    lines += [
        "",
        "errors: wrk's socket errors (connect, read, write, timeout) plus answers other than "
        "2xx or 3xx. uncached: each request a distinct listing query (text and two filters), "
        f"{context.get('distinct', 0):,} of them, rotated so that none repeats within the run; "
        "measured after the warm-up's other distinct queries.",
        "",
    ]
    return "\n".join(lines)


# --- the database --------------------------------------------------------------------------


def data_fingerprint(size):
    digest = hashlib.sha256(str(size).encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "bench" / "generate.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def django_env(**extra):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kb.settings.production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_database(size, workdir, env):
    """Restore the generated practices from the dump, or generate them and keep the dump."""
    dump = Path(workdir) / f"loadtest-{size}-{data_fingerprint(size)}.dump"
    url = os.environ["DATABASE_URL"]
    if dump.exists():
        print(f"restoring {size:,} practices from {dump}", flush=True)
        subprocess.run(  # noqa: S603
            [PG_BIN / "pg_restore", "--no-owner", "--exit-on-error", "-d", url, str(dump)],
            check=True,
        )
        manage("migrate", "--noinput", "-v0", env=env)
        return "restored"
    print(f"generating {size:,} practices (kept in {dump} for the next run)", flush=True)
    manage("migrate", "--noinput", "-v0", env=env)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.loadtest", "--generate-only", "--size", str(size)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    partial = dump.with_suffix(".partial")
    dump_command = [PG_BIN / "pg_dump", "-Fc", "--exclude-table-data=kb_cache", "-f", partial]
    subprocess.run([*dump_command, url], check=True)  # noqa: S603  # noqa: S603
    partial.rename(dump)
    return "generated"


def generate_only(size):
    import django

    django.setup()
    from core.pagecache import bump_now

    from .generate import generate

    summary = generate(size)
    bump_now()
    print(f"  {summary}", flush=True)


# --- the server ----------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(port, workdir):
    if os.environ.get("LOADTEST_SERVE_CMD"):
        return os.environ["LOADTEST_SERVE_CMD"], False
    if (ROOT / "scripts" / "serve").exists():
        return str(ROOT / "scripts" / "serve"), False
    workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1))
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    return (
        f"{shlex.quote(gunicorn)} kb.wsgi:application --bind 127.0.0.1:{port} "
        f"--workers {workers} --worker-tmp-dir /dev/shm",
        True,
    )


def stop_group(group, process, timeout=60):
    """Stop the server's process group and wait until every process of it has ended.

    Not only the process started: that is a shell, which a SIGTERM ends at once, while gunicorn
    finishes the requests it holds (graceful_timeout) and they still use the database, which
    scripts/with-postgres stops as soon as this program returns."""
    os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(group, signal.SIGKILL)
    process.wait()


def wait_until_up(base, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {base}/ within {timeout} s")


def fetch(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


# --- the measures --------------------------------------------------------------------------


def listing_paths(count, seed=4242):
    """Distinct listing query strings: the search benchmark's mix of texts and two filters."""
    from .queries import make_queries

    seen, paths = set(), []
    for page in (1, 2, 3):
        for query in make_queries(count, seed=seed):
            params = query.params() + ([("page", str(page))] if page > 1 else [])
            path = "/practices/?" + urlencode(params)
            if path not in seen:
                seen.add(path)
                paths.append(path)
    return paths


def run_wrk(base, path, seconds, connections, threads, paths_file=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    if paths_file:
        command += ["-s", str(paths_file)]
    command.append(base + path)
    if paths_file:
        command += ["--", str(threads)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse_wrk(output)


def rotating_script(workdir, name, paths):
    paths_file = Path(workdir) / f"{name}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / f"{name}.lua"
    script.write_text(LUA_ROTATE % {"paths": paths_file})
    return script


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(args, base, workdir):
    status, _, body = fetch(base, "/api/v1/practices/?page_size=1")
    practice_url = json.loads(body)["results"][0]["url"]
    practice_path = urlparse(practice_url).path
    cached = [
        ("home", "/"),
        ("practice page", practice_path),
        ("listing state", "/practices/?q=women+mediation&pillar=prevention"),
        ("API", "/api/v1/practices/?q=peace&agenda=WPS"),
        ("map", "/countries/"),
    ]
    for _, path in cached:
        fetch(base, path)
        status, headers, _ = fetch(base, path)
        if status != 200 or headers.get("X-Page-Cache") != "hit":
            print(f"warning: {path} is not served from the page cache ({headers})", flush=True)
    uncached = listing_paths(args.queries)
    measured = set(uncached)
    warmup = [path for path in listing_paths(args.queries, seed=7777) if path not in measured]
    rows = []
    for name, path in cached:
        result = run_wrk(base, path, args.cached_seconds, args.cached_connections, args.threads)
        rows.append({"kind": "cached", "name": name, "path": path, **result,
                     "connections": args.cached_connections})  # fmt: skip
        print(f"  cached {name}: {result['rps']:.0f}/s p99 {fmt(result['p99'])} ms", flush=True)
    if args.warmup_seconds > 0:
        script = rotating_script(workdir, "warmup", warmup)
        result = run_wrk(base, "/practices/", args.warmup_seconds, args.connections,
                         args.threads, script)  # fmt: skip
        rows.append({"kind": "warm-up", "name": "other listing queries",
                     "connections": args.connections, "path": "/practices/?q=…&<2 filters>",
                     **result})  # fmt: skip
        print(f"  warm-up: {result['rps']:.0f}/s", flush=True)
    script = rotating_script(workdir, "uncached", uncached)
    result = run_wrk(base, "/practices/", args.uncached_seconds, args.connections, args.threads,
                     script)  # fmt: skip
    rows.append({"kind": "uncached", "name": "listing queries", "connections": args.connections,
                 "path": "/practices/?q=…&<2 filters>", **result})  # fmt: skip
    print(f"  uncached: {result['rps']:.0f}/s p99 {fmt(result['p99'])} ms", flush=True)
    mix = []
    for n, path in enumerate(reversed(uncached)):
        mix += [path, cached[n % len(cached)][1]]
    script = rotating_script(workdir, "soak", mix)
    result = run_wrk(base, "/", args.soak_seconds, args.connections, args.threads, script)
    rows.append({"kind": "soak", "name": "mixed", "connections": args.connections,
                 "path": "half cached, half distinct queries", **result})  # fmt: skip
    print(f"  soak: {result['rps']:.0f}/s, {result['errors']} errors", flush=True)
    return rows, len(uncached)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--cached-seconds", type=int, default=10)
    parser.add_argument("--uncached-seconds", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=int, default=20)
    parser.add_argument("--soak-seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--cached-connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=6000, help="listing queries generated")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "kb-bench"))
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_only:
        return generate_only(args.size)
    if not shutil.which("wrk"):
        sys.exit(
            "wrk is not installed: apt-get install wrk (as root), or put a wrk binary on PATH."
        )
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("run under scripts/with-postgres (make loadtest does), which sets DATABASE_URL")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = django_env(
        HOST="127.0.0.1",
        PORT=str(port),
        STATIC_ROOT=str(Path(args.workdir) / "static"),
        CACHE_BACKEND=os.environ.get("CACHE_BACKEND", "db"),
    )
    prepare_database(args.size, args.workdir, env)
    command, ours = serve_command(port, args.workdir)
    if ours:
        manage("collectstatic", "--noinput", "-v0", env=env)
    print(f"starting: {command}", flush=True)
    server = subprocess.Popen(command, shell=True, cwd=ROOT, env=env, start_new_session=True)  # noqa: S602
    try:
        wait_until_up(base, server)
        load_before = load_average()
        rows, distinct = measure(args, base, args.workdir)
        load_after = load_average()
    finally:
        stop_group(os.getpgid(server.pid), server)
    postgres = re.findall(
        r"\d+\.\d+",
        subprocess.run(  # noqa: S603
            [PG_BIN / "postgres", "-V"], capture_output=True, text=True, check=False
        ).stdout,
    )[:1]
    context = {
        "when": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "practices": args.size,
        "postgres": postgres[0] if postgres else "?",
        "server": command.replace(str(ROOT) + "/", ""),
        "cache": env["CACHE_BACKEND"],
        "distinct": distinct,
        "command": "python -m bench.loadtest " + " ".join(argv or sys.argv[1:]),
    }
    table = render(rows, context)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"loadtest-{datetime.now(UTC):%Y-%m-%d}.md"
    out.write_text(table)
    print(f"({time.monotonic() - started:.0f} s in all; table in {out.relative_to(ROOT)})")
    return 0 if all(verdict(row)[1] == "met" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
