"""Issue 12's speed figures, measured and printed as one table: figure | goal | measured.

    .venv/bin/python bench/run.py --database-url postgres://gi@127.0.0.1:55432/bench10k --seed
    .venv/bin/python bench/run.py                      # DATABASE_URL from the environment
    .venv/bin/python bench/run.py --only search,lists --explain -v

Against a PostgreSQL database seeded with `manage.py seed_demo --scale N` (N = --scale,
default 10,000). --seed creates the database if needed, migrates it, seeds it and adds what
the figures need (bench/fixtures.py: three years of inspections per scale-test producer, as
in issue 12, and a batch of 1,000,000 labels); without it the database is reused as it is.
The site runs under gunicorn with the project's own config (shanting_gi/gunicorn.conf.py),
switched to 2 sync workers, DEBUG=0, behind an imagined TLS proxy (X-Forwarded-Proto).
See bench/README.md for what each figure means. The machine is shared and noisy: every
figure is a median (or a p95) over several runs, and throughput is a ratio to a hello world
measured in the same run.

The pure helpers at the top (parse_wrk, median, percentile, ratio_summary, format_table …)
are tested in tests/bench/; everything that needs Django imports it inside a function.
"""

import argparse
import concurrent.futures
import contextlib
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project and `bench` are importable
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"  # git-ignored: logs, collected static files, media, exports

SECTIONS = ("throughput", "product", "search", "lists", "compression", "csv", "ratelimit")

# The environment of every process the bench starts (and of itself, once Django is set up).
# Production-like (DEBUG off); fixed keys so the seeded database, this process and gunicorn
# agree on label signatures and sessions. None of these is a secret.
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LABEL_SIGNING_KEYS": "1:bench-label-key-not-a-secret",
    # The verify rate limit still runs on every check (its cost is part of the figure) but
    # never trips: wrk sends everything from one address.
    "VERIFY_RATE_LIMIT": "1000000000",
    # gunicorn.conf.py recycles a worker every ~1,000 requests; at hello-world rates that is
    # a restart a second per worker, which would measure Django's import time, not requests.
    "GUNICORN_MAX_REQUESTS": "0",
    "GUNICORN_LOG_LEVEL": "warning",
}
# What the TLS-terminating proxy in front of gunicorn adds (settings trust it with DEBUG off).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

WRK_CONNECTIONS = 16
WORKERS = 2
LIST_GOAL_MS = 100  # issue 12: "O(page)"; the brief's reading: at most 100 ms
SEARCH_GOAL_MS = 50
PAGE_RATIO_GOAL = 0.5
VERIFY_RATIO_GOAL = 0.6
CSV_GOAL_S = 10
PRODUCT_PAGE_GOAL_BYTES = 100_000  # "a bounded summary": in the range of the other pages


# --- Pure helpers (tested in tests/bench/test_run_helpers.py) ------------------------------


@dataclass
class Figure:
    """One row of the table; met is None for figures without a goal (or not measured)."""

    name: str
    goal: str
    measured: str
    met: bool | None = None


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    non_2xx: int = 0
    socket_errors: dict = field(default_factory=dict)

    @property
    def errors(self):
        return self.non_2xx + sum(self.socket_errors.values())


def parse_wrk(text):
    """The numbers of a wrk run from its standard output."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not done or not rps:
        raise ValueError(f"not wrk output: {text[:200]!r}")
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    socket_errors = {}
    if errors:
        socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
    return WrkResult(
        requests=int(done.group(1)),
        seconds=float(done.group(2)) * scale,
        rps=float(rps.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=socket_errors,
    )


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values, p):
    """Nearest-rank percentile (p in 0–100) of a non-empty list: a value that occurred."""
    if not values:
        raise ValueError("percentile of nothing")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio_summary(pairs):
    """(median ratio, median page rate, median hello rate) of (page rps, hello rps) pairs
    measured one after the other; the ratio is taken per pair, then the median."""
    pairs = [(page, hello) for page, hello in pairs if hello]
    if not pairs:
        return None, None, None
    return (
        median([page / hello for page, hello in pairs]),
        median([page for page, _ in pairs]),
        median([hello for _, hello in pairs]),
    )


def fmt_ms(seconds):
    if seconds is None:
        return "—"
    ms = seconds * 1000
    if ms >= 1000:
        return f"{ms / 1000:,.1f} s" if ms < 100_000 else f"{ms / 1000:,.0f} s"
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def fmt_bytes(count):
    if count is None:
        return "—"
    for unit, size in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= size:
            return f"{count / size:,.1f} {unit}"
    return f"{count:,} B"


def fmt_rate(rps):
    return "—" if rps is None else (f"{rps:,.0f}" if rps >= 10 else f"{rps:.2f}")


def fmt_ratio(ratio):
    if ratio is None:
        return "—"
    return (
        f"{ratio:.2f}" if ratio >= 0.1 else (f"{ratio:.3f}" if ratio >= 0.001 else f"{ratio:.1e}")
    )


def at_least(value, goal):
    return None if value is None else value >= goal


def at_most(value, goal):
    return None if value is None else value <= goal


def display_width(text):
    """Terminal columns of text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(figures):
    """A Markdown table (readable in a terminal too: columns padded to equal width)."""
    rows = [("figure", "goal", "measured")] + [(f.name, f.goal, f.measured) for f in figures]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]

    def pad(text, width):
        return text + " " * (width - display_width(text))

    def line(cells):
        return "| " + " | ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(row) for row in rows[1:])
    return "\n".join(out)


def goals_summary(figures):
    judged = [f for f in figures if f.met is not None]
    missed = [f.name for f in judged if not f.met]
    text = f"{len(judged) - len(missed)} of {len(judged)} goals met"
    return text + (f" (missed: {'; '.join(missed)})" if missed else "")


def redact_url(url):
    """A database URL without its password, for printing."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def parse_chunked(stream, on_chunk):
    """Read an HTTP/1.1 chunked body from a binary file object; on_chunk(bytes) per chunk.
    Returns the number of chunks."""
    chunks = 0
    while True:
        size_line = stream.readline()
        if not size_line:
            raise ValueError("connection closed inside a chunked body")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while stream.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return chunks
        data = stream.read(size)
        if len(data) != size:
            raise ValueError("connection closed inside a chunk")
        on_chunk(data)
        chunks += 1
        stream.readline()  # the CRLF after the chunk


# --- Errors, logging, processes ------------------------------------------------------------


class BenchError(Exception):
    """A problem the person running the bench can fix; printed without a traceback."""


VERBOSE = False


def log(message):
    if VERBOSE:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url, state):
    env = {**os.environ, **BENCH_ENV}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(state / "media"),
        STATIC_ROOT=str(state / "static"),
        PRIVATE_MEDIA_ROOT=str(state / "private_media"),
        CACHE_DIR=str(state / "cache"),
        DJANGO_SETTINGS_MODULE="shanting_gi.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def manage(env, *args, logfile):
    """Run a management command; its output goes to logfile (and on failure, to the error)."""
    log(f"manage.py {' '.join(args)}")
    with open(logfile, "a", encoding="utf-8") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    if done.returncode:
        tail = Path(logfile).read_text(encoding="utf-8", errors="replace")[-2000:]
        raise BenchError(f"manage.py {' '.join(args)} failed ({logfile}):\n{tail}")


class Server:
    """gunicorn with the project's config, 2 sync workers, serving bench.wsgi on a free
    port. Always stopped (gracefully, then by its own process group) on exit."""

    def __init__(self, env, state):
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.logfile = state / "gunicorn.log"
        self.port = None
        self.process = None
        self.starts = 0

    def start(self):
        self.port = free_port()
        self.starts += 1
        log(f"gunicorn: starting on port {self.port}")
        with open(self.logfile, "a", encoding="utf-8") as out:
            out.write(f"\n--- start {self.starts} on port {self.port}\n")
        self._out = open(self.logfile, "a", encoding="utf-8")  # noqa: SIM115 (kept open)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "shanting_gi" / "gunicorn.conf.py"),
                "--worker-class",
                "sync",
                "--workers",
                str(WORKERS),
                # gunicorn.conf.py sets threads = 4, with which gunicorn silently swaps the
                # sync worker for gthread: one thread makes it really sync.
                "--threads",
                "1",
                # Not the shared default ~/.gunicorn/gunicorn.ctl of every other gunicorn.
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                # The log line is still formatted (the production cost), then dropped.
                "--access-logfile",
                os.devnull,
                "bench.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._out,
            stderr=self._out,
            start_new_session=True,  # Ctrl-C reaches the bench, which then stops gunicorn
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if self.get("/bench-hello", timeout=5).status == 200:
                    return self
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            log("gunicorn: stopping (graceful)")
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # its own group: our processes only
                process.wait()
        self._out.close()

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log_tail(self, size=3000):
        with contextlib.suppress(OSError):
            return self.logfile.read_text(encoding="utf-8", errors="replace")[-size:]
        return ""

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, headers=None, timeout=300):
        return http_get(self.port, path, headers=headers, timeout=timeout)


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float


def http_get(port, path, headers=None, timeout=300):
    """One GET on a new connection (sync workers close it anyway); the body as sent, not
    decoded, so its length is the bytes on the wire. seconds: until the last byte."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        began = time.perf_counter()
        connection.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - began
        return Response(
            response.status, {k.lower(): v for k, v in response.getheaders()}, body, seconds
        )
    finally:
        connection.close()


def timed_gets(server, path, runs, headers=None, expect=200):
    """Sequential GETs of path; returns the list of Response (checked for status)."""
    responses = []
    for _ in range(runs):
        response = server.get(path, headers=headers)
        if response.status != expect:
            raise BenchError(
                f"GET {path} answered {response.status}, expected {expect}:\n"
                f"{response.body[:500].decode('utf-8', 'replace')}\n{server.log_tail(1500)}"
            )
        responses.append(response)
    return responses


# --- Django side (this process, same database and settings as gunicorn) ---------------------


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def check_postgres(database_url, *, create):
    """Connect (creating the database when asked); a clear message when that fails."""
    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchError(
            f"The bench measures PostgreSQL; DATABASE_URL is {redact_url(database_url)!r}."
        )
    try:
        import psycopg2
    except ImportError:
        raise BenchError("psycopg2 is missing: run from the project's .venv.") from None
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError("DATABASE_URL names no database.")
    kwargs = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": parts.username,
        "password": parts.password,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(dbname=name, **kwargs).close()
        return False
    except psycopg2.OperationalError as exc:
        if f'database "{name}" does not exist' not in str(exc):
            raise BenchError(
                f"Cannot reach PostgreSQL at {redact_url(database_url)}: {str(exc).strip()}"
            ) from None
        if not create:
            raise BenchError(
                f"Database {name!r} does not exist; run with --seed to create and seed it."
            ) from None
    admin = psycopg2.connect(dbname="postgres", **kwargs)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return True


def pending_migrations():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def forged_from(code):
    """A well-formed code (right check character) with a MAC no key made: 'forged'."""
    from producers.labels import codes

    payload = code[:-1]
    for replacement in codes.ALPHABET:
        candidate = payload[:-1] + replacement
        if candidate == payload:
            continue
        candidate += codes.check_character(candidate)
        if codes.decode(candidate).outcome == codes.Outcome.FORGED:
            return candidate
    raise BenchError("could not make a forged code")  # pragma: no cover


def scan_count(batch_id, serial):
    from producers.labels.models import LabelScan

    row = LabelScan.objects.filter(batch_id=batch_id, serial=serial).values("count").first()
    return row["count"] if row else 0


def busiest_product():
    """The product with the most live authorisations: the product page that grows with N."""
    from django.db.models import Count

    from producers.register.models import Authorisation
    from products.models import Product

    busiest = (
        Authorisation.objects.live()
        .values("product")
        .annotate(live=Count("pk"))
        .order_by("-live", "product")
        .first()
    )
    if busiest is None:
        raise BenchError("no live authorisations in the database: seed it (--seed)")
    return Product.objects.get(pk=busiest["product"])


def search_queries():
    """What people type, in the proportions a public site sees: Chinese names, pinyin,
    initials, credit codes (whole and partial), report and sample numbers, and misses."""
    from bench.fixtures import SCALE_PREFIX
    from inspections.models import Inspection
    from producers.register.models import Producer

    demo = (
        Producer.objects.filter(is_public=True)
        .exclude(name__startswith=SCALE_PREFIX)
        .exclude(credit_code="")
        .order_by("pk")
        .first()
    )
    scale = (
        Producer.objects.filter(name__startswith=SCALE_PREFIX)
        .exclude(credit_code="")
        .order_by("-pk")
        .values_list("name", "credit_code")[:50]
    )
    scale = list(scale)
    report = (
        Inspection.objects.filter(report_number__contains="规模测试")
        .order_by("-pk")
        .values_list("report_number", "sample_number")
        .first()
    )
    queries = [
        "山亭火樱桃",
        "火樱桃",
        "樱桃",
        "店子长红枣",
        "红枣",
        "水泉镇",
        "huoyingtao",
        "shantinghuoyingtao",
        "changhongzao",
        "dianzi",
        "hyt",
        "dzchz",
        "不存在的生产者",
        "zzqx",
    ]
    if demo is not None:
        short = demo.name.replace("（示例）", "").replace("示例", "")
        queries += [short[:4], demo.credit_code, demo.credit_code[:10]]
    if scale:
        name, code = scale[len(scale) // 2]
        queries += [name.replace("（示例）", ""), code, code[:12], "规模测试生产者"]
    if report:
        report_number, sample_number = report
        queries += [report_number, report_number[-10:], sample_number, "SL-SCALE-00"]
    return queries


def trigram_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexdef ILIKE '%gin_trgm_ops%'"
        )
        return {row[0] for row in cursor.fetchall()}


def explain_path(path, trigram):
    """EXPLAIN ANALYZE of every SELECT the page at path runs (in this process, through the
    test client). Returns [(milliseconds, summary)] slowest first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    if response.status_code != 200:
        return [(0.0, f"(page answered {response.status_code})")]
    out = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            summary = summarise_plan(plan["Plan"], trigram, sql)
            jit = plan.get("JIT", {}).get("Timing", {}).get("Total")
            if jit:
                summary += f" | JIT {jit:.0f} ms"
            out.append((plan["Execution Time"], summary))
    return sorted(out, key=lambda item: -item[0])


def main_table(sql):
    """The table a SELECT reads from, ignoring its subqueries."""
    while True:
        flat = re.sub(r"\([^()]*\)", "", sql)
        if flat == sql:
            break
        sql = flat
    tables = re.findall(r'FROM "(\w+)"', sql)
    return tables[0] if tables else "?"


def summarise_plan(plan, trigram, sql):
    """'inspections_inspection: Seq Scan inspections_inspection, … | trigram index used: no'
    for one query plan (each scan once, with ×n when repeated)."""
    scans = []

    def walk(node):
        kind = node.get("Node Type", "")
        if "Scan" in kind:
            target = node.get("Index Name") or node.get("Relation Name") or ""
            scans.append(f"{kind} {target}".strip())
        if node.get("Subplan Name", "").startswith("hashed"):
            scans.append("hashed SubPlan")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    counted = {}
    for scan in scans:
        counted[scan] = counted.get(scan, 0) + 1
    used = sorted({s.split()[-1] for s in scans} & trigram)
    parts = ", ".join(f"{s} ×{n}" if n > 1 else s for s, n in counted.items())
    return f"{main_table(sql)}: {parts} | trigram index used: {', '.join(used) or 'no'}"


# --- Sections -------------------------------------------------------------------------------


@dataclass
class Context:
    args: argparse.Namespace
    env: dict
    state: Path
    figures: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    explains: list = field(default_factory=list)

    def add(self, *args, **kwargs):
        self.figures.append(Figure(*args, **kwargs))


def run_wrk(url, seconds, connections=WRK_CONNECTIONS):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        *[item for name, value in PROXY_HEADERS.items() for item in ("-H", f"{name}: {value}")],
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise BenchError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def warm(server, paths, requests=4):
    """A few concurrent requests per path, so each worker has loaded its templates.
    Returns the number of requests sent to each path."""
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for path in paths:
            responses = list(pool.map(lambda _i, p=path: server.get(p), range(requests)))
            bad = [r.status for r in responses if r.status != 200]
            if bad:
                raise BenchError(f"warm-up: GET {path} answered {bad[0]}\n{server.log_tail()}")
    return requests


def settle(server, hello_path, warm_paths, timeout=5.0):
    """After wrk stops, gunicorn still works off the requests it had queued (the client is
    gone, the sync worker does not know). Wait until hello answers at once; if the queue is
    long (a slow page), restart the server instead of waiting minutes. Returns requests sent
    to warm_paths (they count as scans for the genuine code)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if server.get(hello_path, timeout=timeout).seconds < 0.25:
                return 0
    log("  queue still busy: restarting gunicorn")
    server.restart()
    return warm(server, [hello_path, *warm_paths])


def section_throughput(ctx, server, targets, genuine):
    """wrk on hello and each page in turn; ratio per adjacent pair, median of the rounds."""
    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed (apt-get install wrk), or skip: --only …")
    args = ctx.args
    hello = "/bench-hello"
    batch_id, serial, genuine_path = genuine
    before = scan_count(batch_id, serial)
    answered = warm(server, [p for _n, p, _g in targets])  # requests per path
    in_flight = 0
    warm(server, [hello])
    pairs = {name: [] for name, _p, _g in targets}
    for name, path, _goal in targets:
        for round_number in range(args.rounds):
            hello_run = run_wrk(server.url(hello), args.seconds)
            extra = settle(server, hello, [path])
            page_run = run_wrk(server.url(path), args.seconds)
            if path == genuine_path:
                answered += extra + page_run.requests
                in_flight += WRK_CONNECTIONS
            extra = settle(server, hello, [path])
            if path == genuine_path:
                answered += extra
            log(
                f"  {name} round {round_number + 1}: page {page_run.rps:,.1f} req/s, hello "
                f"{hello_run.rps:,.0f} req/s, errors {page_run.errors}/{hello_run.errors}"
            )
            if page_run.errors or hello_run.errors:
                ctx.notes.append(
                    f"{name}: {page_run.errors} errors or non-2xx on the page, "
                    f"{hello_run.errors} on hello (round {round_number + 1})"
                )
            pairs[name].append((page_run.rps, hello_run.rps))
    hellos = []
    for name, _path, goal in targets:
        ratio, page, hello_rate = ratio_summary(pairs[name])
        hellos.extend(h for _p, h in pairs[name])
        ctx.add(
            f"throughput {name} ÷ hello",
            f"≥ {goal}",
            f"{fmt_ratio(ratio)} ({fmt_rate(page)} vs {fmt_rate(hello_rate)} req/s)",
            at_least(ratio, goal),
        )
    ctx.add(
        "  hello world (same gunicorn)",
        "—",
        f"{fmt_rate(median(hellos))} req/s (median of {len(hellos)} runs)",
    )
    server.stop()  # graceful: whatever the counter buffers must be written by now
    counted = scan_count(batch_id, serial) - before
    lost = max(0, answered - counted)
    ctx.add(
        "verify scan counter exact",
        "none lost",
        f"{counted:,} counted for {answered:,} answered (≤ {in_flight} more in flight)"
        + (f"; {lost:,} LOST" if lost else "")
        + ("; too many" if counted > answered + in_flight else ""),
        answered <= counted <= answered + in_flight,
    )


def section_product(ctx, server, product, path):
    from producers.register.models import Authorisation

    live = Authorisation.objects.live().filter(product=product).count()
    responses = timed_gets(server, path, ctx.args.page_runs)
    size = len(responses[0].body)
    ctx.add(
        "product page size",
        f"bounded, ≤ {fmt_bytes(PRODUCT_PAGE_GOAL_BYTES)}",
        f"{fmt_bytes(size)} ({live:,} live authorisations)",
        at_most(size, PRODUCT_PAGE_GOAL_BYTES),
    )
    seconds = median([r.seconds for r in responses])
    ctx.add(
        "product page time",
        f"≤ {LIST_GOAL_MS} ms",
        f"{fmt_ms(seconds)} (median of {len(responses)})",
        at_most(seconds, LIST_GOAL_MS / 1000),
    )


def section_search(ctx, server, trigram):
    queries = search_queries()
    times, slowest = [], (0.0, "")
    for query in queries:
        path = "/search/?q=" + quote(query)
        for response in timed_gets(server, path, ctx.args.search_runs):
            times.append(response.seconds)
            slowest = max(slowest, (response.seconds, query))
        log(f"  search {query!r}: {fmt_ms(times[-1])}")
    p95 = percentile(times, 95)
    ctx.add(
        "search p95",
        f"≤ {SEARCH_GOAL_MS} ms",
        f"{fmt_ms(p95)} (median {fmt_ms(median(times))}, max {fmt_ms(max(times))} "
        f"“{slowest[1]}”; {len(queries)} queries × {ctx.args.search_runs})",
        at_most(p95, SEARCH_GOAL_MS / 1000),
    )
    if ctx.args.explain:
        for query in queries:
            ctx.explains.append(
                (f"search “{query}”", explain_path("/search/?q=" + quote(query), trigram))
            )


def list_paths():
    from inspections.models import Inspection

    published = Inspection.objects.published().count()
    last = max(1, math.ceil(published / 25))
    return [
        ("inspections list, page 1", "/inspections/"),
        ("inspections list, failed only", "/inspections/?conclusion=fail"),
        (f"inspections list, last page ({last:,})", f"/inspections/?page={last}"),
        ("producers register, page 1", "/producers/"),
        ("statistics page", "/statistics/"),
    ]


def section_lists(ctx, server, trigram):
    for name, path in list_paths():
        responses = timed_gets(server, path, ctx.args.page_runs)
        seconds = median([r.seconds for r in responses])
        ctx.add(
            name,
            f"≤ {LIST_GOAL_MS} ms",
            f"{fmt_ms(seconds)} (median of {len(responses)})",
            at_most(seconds, LIST_GOAL_MS / 1000),
        )
        if ctx.args.explain:
            ctx.explains.append((name, explain_path(path, trigram)[:3]))


def section_compression(ctx, server, pages):
    for name, path in pages:
        plain = server.get(path)
        wire = server.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        encoding = wire.headers.get("content-encoding", "identity")
        compressed = encoding != "identity" and len(wire.body) < len(plain.body)
        ctx.add(
            f"HTML on the wire, {name}",
            "compressed",
            f"{fmt_bytes(len(wire.body))} {encoding}"
            + (f" (of {fmt_bytes(len(plain.body))})" if compressed else ""),
            compressed,
        )
    # Conditional GET: public pages should carry validators and answer 304 when unchanged.
    name, path = pages[0]
    first = server.get(path)
    validators = {
        "If-None-Match": first.headers.get("etag"),
        "If-Modified-Since": first.headers.get("last-modified"),
    }
    validators = {k: v for k, v in validators.items() if v}
    if validators:
        again = server.get(path, headers=validators)
        measured = f"{again.status} to {' + '.join(validators)}"
    else:
        again, measured = None, "no ETag or Last-Modified"
    ctx.add(f"conditional GET, {name}", "304", measured, again is not None and again.status == 304)


def section_csv(ctx, server, batch):
    from django.urls import reverse

    from bench.fixtures import staff_session_cookie

    # Ten codes first: the command's memory without the export, to show whether it is flat.
    _seconds, baseline, _lines, _size = export_labels(ctx, batch, count=10)
    seconds, peak, lines, size = export_labels(ctx, batch)
    ctx.add(
        f"label CSV {batch.quantity:,} codes, command",
        f"≤ {CSV_GOAL_S} s",
        f"{fmt_ms(seconds)} ({fmt_bytes(size)}; peak memory {peak / 1e6:,.0f} MB, "
        f"{baseline / 1e6:,.0f} MB for 10 codes)",
        seconds <= CSV_GOAL_S and lines == batch.quantity + 1,
    )
    if lines != batch.quantity + 1:
        ctx.notes.append(f"export_labels wrote {lines:,} lines, not {batch.quantity + 1:,}")

    cookie_name, cookie = staff_session_cookie()
    path = reverse("admin:labels_labelbatch_csv", args=[batch.pk])
    seconds, status, size, lines, chunks = download(server.port, path, f"{cookie_name}={cookie}")
    if status != 200:
        raise BenchError(f"GET {path} as staff answered {status} (is the session accepted?)")
    measured = f"{fmt_ms(seconds)} ({fmt_bytes(size)}"
    if chunks is not None:
        measured += f", {chunks:,} chunks of {size / max(chunks, 1):,.0f} B on average"
    ctx.add(
        f"label CSV {batch.quantity:,} codes, admin download",
        f"≤ {CSV_GOAL_S} s",
        measured + ")",
        seconds <= CSV_GOAL_S and lines == batch.quantity + 1,
    )
    if lines != batch.quantity + 1:
        ctx.notes.append(f"the admin download had {lines:,} lines, not {batch.quantity + 1:,}")


def export_labels(ctx, batch, count=None):
    """Run export_labels to a file: (wall seconds, peak memory in bytes, lines, bytes)."""
    target = ctx.state / f"labels-{batch.pk}.csv"
    command = [sys.executable, "manage.py", "export_labels", str(batch.pk)]
    command += ["--format", "csv", "-o", str(target)]
    if count is not None:
        command += ["--count", str(count)]
    log(f"  {' '.join(command[1:])}")
    errors = ctx.state / "export_labels.log"
    with open(errors, "w", encoding="utf-8") as err:
        began = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=ctx.env, stdout=subprocess.DEVNULL, stderr=err
        )
        # wait4 rather than wait: the command's own peak memory, not the bench's children's.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status):
        raise BenchError(f"export_labels failed: {errors.read_text()[-1500:]}")
    with open(target, "rb") as file:
        lines = sum(1 for _ in file)
    size = target.stat().st_size
    target.unlink()
    return seconds, usage.ru_maxrss * 1024, lines, size  # ru_maxrss is in KiB on Linux


def download(port, path, cookie):
    """GET over a raw socket to count the HTTP chunks as sent; returns (seconds to the last
    byte, status, body bytes, lines, chunks or None when the body was not chunked)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=300)
    began = time.perf_counter()
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Cookie": cookie,
        "Connection": "close",
        **PROXY_HEADERS,
    }
    request = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock.sendall((request + "\r\n").encode("latin-1"))
    stream = sock.makefile("rb", buffering=1 << 16)
    try:
        status = int(stream.readline().split()[1])
        response_headers = {}
        while (line := stream.readline()) not in (b"\r\n", b"\n", b""):
            name, _sep, value = line.decode("latin-1").partition(":")
            response_headers[name.strip().lower()] = value.strip()
        counts = {"bytes": 0, "lines": 0}

        def take(data):
            counts["bytes"] += len(data)
            counts["lines"] += data.count(b"\n")

        if "chunked" in response_headers.get("transfer-encoding", "").lower():
            chunks = parse_chunked(stream, take)
        else:
            chunks = None
            while data := stream.read(1 << 16):
                take(data)
        return time.perf_counter() - began, status, counts["bytes"], counts["lines"], chunks
    finally:
        stream.close()
        sock.close()


def section_ratelimit(ctx):
    from django.conf import settings

    try:
        from shanting_gi.core import ratelimit
    except ImportError:
        ctx.add("verify rate-limit check", "—", "n/a (shanting_gi.core.ratelimit is gone)")
        return
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    times = []
    for i in range(ctx.args.ratelimit_calls):
        began = time.perf_counter()
        ratelimit.check(f"198.51.100.{i % 200}", scope="bench", limit=10**9, window=60)
        times.append(time.perf_counter() - began)
    ctx.add(
        f"verify rate-limit check ({backend})",
        "— (1.5 ms in issue 12)",
        f"{fmt_ms(median(times))} median, p95 {fmt_ms(percentile(times, 95))}",
    )


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Measure issue 12's speed figures against a seed_demo --scale N "
        "database on PostgreSQL and print figure | goal | measured.",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL URL (default: $DATABASE_URL)",
    )
    parser.add_argument("--scale", type=int, default=10_000, metavar="N", help="producers")
    parser.add_argument(
        "--seed",
        action="store_true",
        help="create the database if needed, migrate, seed_demo --scale N and add the "
        "bench's data (idempotent); without it the database is used as it is",
    )
    parser.add_argument(
        "--inspections-per-producer",
        type=int,
        default=3,
        metavar="K",
        help="with --seed: years of inspections per scale-test producer (issue 12: 3)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})",
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="hello/page pairs per page")
    parser.add_argument("--page-runs", type=int, default=5, help="GETs per timed page")
    parser.add_argument("--search-runs", type=int, default=3, help="GETs per search query")
    parser.add_argument("--ratelimit-calls", type=int, default=2000)
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE summaries of the queries"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}")
    if not args.database_url:
        parser.error("no database: set DATABASE_URL or pass --database-url (PostgreSQL)")
    return args


def git_revision():
    try:
        revision = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return revision + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def prepare(args, env, state):
    """Database checks and seeding; returns (counts, batch)."""
    from bench import fixtures

    logfile = state / "seed.log"
    if args.seed:
        manage(env, "migrate", "--noinput", logfile=logfile)
        manage(env, "seed_demo", "--scale", str(args.scale), logfile=logfile)
    setup_django(env)
    pending = pending_migrations()
    if pending:
        raise BenchError(
            f"The database lacks {len(pending)} migrations of this code: run with --seed "
            "(it migrates) or manage.py migrate."
        )
    counts = fixtures.data_counts()
    if counts["scale producers"] < args.scale:
        raise BenchError(
            f"The database has {counts['scale producers']:,} scale-test producers, not "
            f"{args.scale:,}: run with --seed (or --scale {counts['scale producers']})."
        )
    if counts["scale producers"] > args.scale:
        raise BenchError(
            f"The database has {counts['scale producers']:,} scale-test producers, more than "
            f"--scale {args.scale:,}: pass --scale {counts['scale producers']} or use another "
            "database."
        )
    if args.seed:
        added = fixtures.top_up_inspections(args.inspections_per_producer, log=log)
        if added:
            counts = fixtures.data_counts()
    batch = fixtures.million_batch(create=True)
    return counts, batch


def collectstatic(env, state):
    # DEBUG=0 uses the manifest storage: without collected files every page is a 500.
    manage(env, "collectstatic", "--noinput", "-v", "0", logfile=state / "collectstatic.log")


def main(argv=None):
    global VERBOSE
    args = parse_args(argv)
    VERBOSE = args.verbose
    began = time.monotonic()
    load = os.getloadavg()
    database = urlsplit(args.database_url).path.lstrip("/")
    state = OUT / database
    state.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(state / "cache", ignore_errors=True)  # no rate-limit counts from last time
    env = bench_env(args.database_url, state)
    if "throughput" in args.sections and not shutil.which("wrk"):
        raise BenchError(
            "wrk is not installed (Debian: apt-get install wrk); or leave out "
            "the throughput section with --only."
        )
    created = check_postgres(args.database_url, create=args.seed)
    counts, batch = prepare(args, env, state)
    collectstatic(env, state)

    from django.conf import settings

    from producers.labels import codes

    product = busiest_product()
    product_path = product.get_absolute_url()
    genuine_batch = batch
    genuine = codes.encode(genuine_batch.key_version, genuine_batch.pk, 4242)
    forged = forged_from(genuine)
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"database  {redact_url(args.database_url)}{' (created)' if created else ''}")
    print(
        f"data      N = {args.scale:,}: {counts['producers']:,} producers, "
        f"{counts['inspections']:,} inspections, {counts['results']:,} results"
    )
    print(f"code      {git_revision()}; cache {cache}; DEBUG off; gunicorn {WORKERS} sync workers")
    print(
        f"machine   {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        " at start (shared machine: figures are medians, and noisy)"
    )
    if load[0] > (os.cpu_count() or 1):
        print(
            "warning   the machine is busy (load above its CPU count): absolute rates are "
            "low and even ratios shift; run again when it is quieter"
        )
    sys.stdout.flush()

    ctx = Context(args=args, env=env, state=state)
    trigram = trigram_indexes()
    genuine_path = f"/v/{genuine}"
    targets = [
        ("home /", "/", PAGE_RATIO_GOAL),
        (f"product page {product_path}", product_path, PAGE_RATIO_GOAL),
        ("verify genuine /v/<code>", genuine_path, VERIFY_RATIO_GOAL),
        ("verify forged /v/<code>", f"/v/{forged}", VERIFY_RATIO_GOAL),
    ]
    if "throughput" in args.sections:
        log("throughput")
        server = Server(env, state)
        try:
            server.start()
            for name, path, _goal in targets:
                timed_gets(server, path, 1)  # 200, or stop here with the page's error
                log(f"  {name}: ok")
            section_throughput(ctx, server, targets, (genuine_batch.pk, 4242, genuine_path))
        finally:
            server.stop()
    rest = [s for s in args.sections if s not in ("throughput", "ratelimit")]
    if rest:
        server = Server(env, state)
        try:
            server.start()
            warm(server, ["/", product_path, "/search/?q=hyt", "/inspections/", "/statistics/"])
            if "product" in rest:
                log("product page")
                section_product(ctx, server, product, product_path)
            if "search" in rest:
                log("search")
                section_search(ctx, server, trigram)
            if "lists" in rest:
                log("lists")
                section_lists(ctx, server, trigram)
            if "compression" in rest:
                log("compression")
                section_compression(
                    ctx, server, [("home", "/"), ("inspections list", "/inspections/")]
                )
            if "csv" in rest:
                log("label CSV")
                section_csv(ctx, server, batch)
        finally:
            server.stop()
    if "ratelimit" in args.sections:
        section_ratelimit(ctx)

    print()
    print(format_table(ctx.figures))
    print()
    print(goals_summary(ctx.figures) + f"; {time.monotonic() - began:,.0f} s in all.")
    for note in ctx.notes:
        print(f"note: {note}")
    if ctx.explains:
        print()
        print(f"EXPLAIN ANALYZE (trigram indexes: {', '.join(sorted(trigram)) or 'none'})")
        for name, plans in ctx.explains:
            print(f"  {name}")
            shown = [(ms, summary) for ms, summary in plans if ms >= 1]
            for milliseconds, summary in shown:
                print(f"    {milliseconds:8.1f} ms  {summary}")
            if len(shown) < len(plans):
                print(f"    (and {len(plans) - len(shown)} under 1 ms)")
    return 0


if __name__ == "__main__":
    # A plain `kill` unwinds like Ctrl-C, so the finally blocks stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
