"""Search and matching at scale: Elasticsearch bulk indexing, API latency under gunicorn, embedded matching.

    python -m bench.search_bench --quick        # smoke run: 10,000 solutions, 2,000 needs, short caps
    python -m bench.search_bench                # the issue's workload: 100,000 solutions, 20,000 needs
    python -m bench.search_bench --postgres-url "$(scripts/services/postgres.sh url)"

Elasticsearch must already answer (``scripts/services/elasticsearch.sh start``);
the benchmark never starts or stops it. Every figure is printed beside a
baseline measured in the same run; nothing is asserted.

1. The data. A synthetic bundle (bench/synthetic.py: realistic text lengths,
   all clinical areas, varied evidence, regulatory status and deployments) is
   imported with ``import_bundle(cli_actor(...), parse_bundle(...))`` and SEARCH_SYNC=worker (the
   import does not index), in chunks. On SQLite the database file is cached
   under bench/out/ keyed by the sizes, the seed and the generator's source, so
   reruns skip the import; with --postgres-url a fresh database is created on
   that server, imported into, and dropped at the end.

2. Elasticsearch bulk indexing, into indexes named ``bench-search-<pid>-*``
   (deleted at the end):
   * the documents are prepared once from the database (search/cli.py _stream),
     timed on their own;
   * baseline: ``helpers.bulk`` of those prepared documents into bare indexes
     with the default mapping, then a refresh;
   * ``backend.rebuild(kind, prepared)`` per kind: our mapping, analysis and
     external versions, without the database read;
   * ``search.cli.rebuild_all(backend, show_progress=False)``: the product path
     (database -> documents -> index -> alias swap), the figure the target is for.

3. The API under ``gunicorn -w 2 -b 127.0.0.1:PORT wsgi:app`` on Elasticsearch:
   concurrent clients (threads, http.client with keep-alive requested, loopback
   only, bounded requests and time) for each client count in --clients:
   * GET /health                                  baseline: WSGI + one cluster-health call to Elasticsearch
   * GET /api/v1/solutions/?q=...&filters...      varied queries and filters
   * GET /api/v1/needs/{id}/matches               many different published needs
   * GET /api/v1/solutions/{id}/matches           many different published solutions
   Beside each, the same requests sent straight to Elasticsearch from Python
   (the body built by ElasticBackend.search_body/match_body from the very
   SearchQuery/MatchQuery the API builds, captured in-process), with the same
   client count and the same request sequence; their ratio is our overhead.
   Unless --no-what-if, extra single-client rows time variants of the
   raw match query, to show where Elasticsearch's own time goes.

4. The embedded backend (SQLite FTS5): an index of the first
   --embedded-solutions published solutions, every published need and every
   organisation is built, then matches_for_need is timed in-process (inside an
   app context, one at a time) over many needs, beside the backend's
   match_candidates alone and a raw FTS5 top-200 query with the same MATCH
   expression; then the same endpoints through gunicorn.

Client threads, gunicorn and Elasticsearch share the machine, and so does
anything else running on it: every latency row says what share of the CPUs
other processes took while it was measured ("other CPU"); rerun noisy rows.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from . import common, synthetic
from .read_bench import Gunicorn, free_port

HOST = "127.0.0.1"  # the API is only ever reached on loopback
OUT_DIR = common.ROOT / "bench" / "out"
ES_SCRIPT = common.ROOT / "scripts" / "services" / "elasticsearch.sh"

TARGET_INDEX_DOCS_PER_S = 1500
TARGET_ES_MATCH_P95_MS = 100.0
TARGET_EMBEDDED_MATCH_P95_MS = 150.0

# Things people type into a search box at a trust: NHS shorthand, synonyms, plain phrases.
NHS_PHRASES = [
    "virtual ward", "hospital at home", "remote monitoring", "A&E waiting times", "COPD", "falls prevention",
    "DNA reminders", "missed appointments", "2WW", "sepsis alert", "pressure ulcer", "mental health app",
    "dementia care", "diabetes self management", "heart failure monitoring", "AF detection", "CKD",
    "MSK physiotherapy", "GP triage", "discharge delays", "workforce rota", "AI imaging",
    "electronic patient record", "CAMHS waiting list", "frailty", "wound care", "stroke rehabilitation",
    "cancer screening", "maternity", "medication safety", "video consultation", "self management education",
    "ambulance conveyance", "early detection deterioration", "staff burnout retention", "bed flow capacity",
]


# --- arguments -----------------------------------------------------------------

def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.search_bench",
        description="Benchmark Elasticsearch bulk indexing, search/match latency under gunicorn, and embedded "
                    "matching, each beside a baseline measured in the same run.",
    )
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 10,000 solutions, 2,000 needs, small pools and short time caps")
    p.add_argument("--solutions", type=int, help="solutions generated (default 100,000; --quick 10,000)")
    p.add_argument("--needs", type=int, help="needs generated (default 20,000; --quick 2,000)")
    p.add_argument("--nhs-orgs", type=int, default=200, help="NHS organisations (default 200)")
    p.add_argument("--innovators", type=int, default=300, help="innovator organisations (default 300)")
    p.add_argument("--seed", type=int, default=1, help="seed of the bundle and of the request mix (default 1)")
    p.add_argument("--import-chunk", type=int, default=10_000,
                   help="records per import_bundle call (default 10,000)")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                   help="use a fresh database on this PostgreSQL server instead of the cached SQLite file "
                        "(default: $BENCH_POSTGRES_URL); it is dropped at the end")
    p.add_argument("--rebuild-cache", action="store_true", help="regenerate the cached SQLite database")
    p.add_argument("--es-url",
                   default=os.environ.get("BENCH_ELASTICSEARCH_URL") or os.environ.get("ELASTICSEARCH_URL", ""),
                   help="Elasticsearch to use (default: $BENCH_ELASTICSEARCH_URL, $ELASTICSEARCH_URL, or "
                        "`scripts/services/elasticsearch.sh url`)")
    p.add_argument("--index-repeat", type=int,
                   help="repetitions of each bulk-indexing measurement, interleaved (default 2; --quick 1)")
    p.add_argument("--clients", default="1,4",
                   help="comma-separated concurrent client counts to measure (default 1,4)")
    p.add_argument("--requests", type=int, help="requests per client per endpoint (default 400; --quick 100)")
    p.add_argument("--max-seconds", type=float, help="time cap per endpoint and client count (default 20; --quick 6)")
    p.add_argument("--warmup", type=int, default=3, help="warm-up requests per client per endpoint (default 3)")
    p.add_argument("--pool", type=int, help="distinct requests per endpoint (default 1000; --quick 200)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--timeout", type=float, default=30.0, help="client timeout per request, seconds (default 30)")
    p.add_argument("--embedded-solutions", type=int, default=20_000,
                   help="published solutions in the embedded index (default 20,000, at most all)")
    p.add_argument("--embedded-needs", type=int, help="needs matched in-process on the embedded index "
                                                      "(default 500; --quick 100)")
    p.add_argument("--embedded-max-seconds", type=float, help="time cap of the in-process embedded runs "
                                                              "(default 240; --quick 20)")
    p.add_argument("--no-what-if", dest="what_if", action="store_false",
                   help="skip the raw Elasticsearch what-if rows")
    p.add_argument("--skip-es", action="store_true", help="skip everything on Elasticsearch")
    p.add_argument("--skip-embedded", action="store_true", help="skip the embedded backend")
    p.add_argument("--skip-embedded-http", action="store_true", help="skip the embedded backend under gunicorn")
    args = p.parse_args(argv)
    quick = args.quick
    args.solutions = args.solutions or (10_000 if quick else 100_000)
    args.needs = args.needs or (2_000 if quick else 20_000)
    args.requests = args.requests or (100 if quick else 400)
    args.index_repeat = args.index_repeat or (1 if quick else 2)
    args.max_seconds = args.max_seconds or (6.0 if quick else 20.0)
    args.pool = args.pool or (200 if quick else 1000)
    args.embedded_needs = args.embedded_needs or (100 if quick else 500)
    args.embedded_max_seconds = args.embedded_max_seconds or (20.0 if quick else 240.0)
    try:
        args.client_levels = sorted({int(x) for x in args.clients.split(",") if x.strip()})
    except ValueError:
        p.error("--clients takes comma-separated integers, e.g. 1,4")
    if not args.client_levels or min(args.client_levels) < 1:
        p.error("--clients needs at least one count of 1 or more")
    if args.index_repeat < 1 or args.requests < 1 or args.pool < 1:
        p.error("--index-repeat, --requests and --pool must be at least 1")
    return args


# --- the data --------------------------------------------------------------------

def _generator_digest() -> str:
    """The cache key includes the generator's source: a changed generator builds a new database."""
    return hashlib.sha1(Path(synthetic.__file__).read_bytes()).hexdigest()[:8]


def cache_key(args) -> str:
    return (f"s{args.solutions}-n{args.needs}-o{args.nhs_orgs}+{args.innovators}-seed{args.seed}"
            f"-g{_generator_digest()}")


def make_app(database_url: str, **overrides):
    """A Flask app on ``database_url`` migrated to head; search settings come from ``overrides``.

    common.make_app always forces the embedded backend; here Elasticsearch is an option.
    """
    import logging

    from flask_migrate import upgrade

    from config import Config
    from marketplace import create_app

    app = create_app(Config(SQLALCHEMY_DATABASE_URI=database_url, **overrides))
    logging.disable(logging.INFO)
    try:
        with app.app_context():
            upgrade()
    finally:
        logging.disable(logging.NOTSET)
    return app


def chunked_bundles(bundle: dict, size: int):
    """Organisations first, then needs, then solutions, ``size`` records per bundle.

    Later chunks refer to organisations already stored, which import_bundle resolves.
    """
    yield "organisations", {"organisations": bundle["organisations"]}
    for section in ("needs", "solutions"):
        records = bundle[section]
        for start in range(0, len(records), size):
            yield section, {section: records[start:start + size]}


def import_data(url: str, args, tmp_root: Path) -> dict:
    """Generate the bundle and import it in chunks with SEARCH_SYNC=worker; returns what happened."""
    from auth.policy.identity import cli_actor
    from marketplace.models import db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle

    with common.Timer() as gen:
        bundle = synthetic.generate(args.solutions, args.nhs_orgs, args.innovators, args.needs, args.seed)
    size = synthetic.sizes(bundle)
    print(f"  generated in {gen.seconds:.1f}s: {size['organisations']:,} organisations, {size['needs']:,} needs, "
          f"{size['solutions']:,} solutions, {size['deployments']:,} deployments, "
          f"{size['json_bytes'] / 1e6:.0f} MB as JSON", flush=True)
    app = make_app(url, ELASTICSEARCH_URL="", EMBEDDED_SEARCH_PATH=str(tmp_root / "import-search.db"),
                   SEARCH_SYNC="worker")
    seconds, records = 0.0, 0
    try:
        with app.app_context():
            for section, part in chunked_bundles(bundle, args.import_chunk):
                n = len(part[section])
                with common.Timer() as t:
                    report = import_bundle(cli_actor("search_bench"), parse_bundle(part))
                created = report.as_dict()[section]["created"]
                if created != n:
                    raise SystemExit(f"import of {n} {section} created {created}: {report.as_dict()}")
                db.session.remove()
                seconds += t.seconds
                records += n
                print(f"  imported {n:,} {section} in {t.seconds:.1f}s ({n / t.seconds:,.0f} rec/s; "
                      f"{records:,} records so far)", flush=True)
    finally:
        common.dispose_app(app)
    del bundle
    gc.collect()
    return {"records": records, "import_seconds": round(seconds, 1), "sizes": size,
            "generated": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def cached_sqlite(args, tmp_root: Path) -> tuple[str, str]:
    """The SQLite database for these sizes, imported now unless bench/out/ already holds it."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    key = cache_key(args)
    path = OUT_DIR / f"search-bench-{key}.db"
    meta_path = OUT_DIR / f"search-bench-{key}.json"
    if args.rebuild_cache:
        path.unlink(missing_ok=True)
        meta_path.unlink(missing_ok=True)
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return f"sqlite:///{path}", (f"cached {path.relative_to(common.ROOT)} (imported {meta['generated']}: "
                                     f"{meta['records']:,} records in {meta['import_seconds']:.0f}s)")
    partial = path.with_suffix(".partial")
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    print(f"  building {path.relative_to(common.ROOT)} (not cached yet; reruns reuse it)", flush=True)
    meta = import_data(f"sqlite:///{partial}", args, tmp_root)
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    partial.rename(path)
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return f"sqlite:///{path}", (f"imported now into {path.relative_to(common.ROOT)}: {meta['records']:,} records "
                                 f"in {meta['import_seconds']:.0f}s "
                                 f"({meta['records'] / meta['import_seconds']:,.0f} rec/s)")


def published_ids(app) -> dict[str, list[int]]:
    from marketplace.models import Need, Solution, db

    with app.app_context():
        return {
            kind: list(db.session.execute(
                db.select(model.id).where(model.status == "published").order_by(model.id)).scalars())
            for kind, model in (("solution", Solution), ("need", Need))
        }


def data_census(app) -> str:
    """What the database holds, to show the workload is varied."""
    from marketplace.models import Deployment, Need, Organisation, Solution, db

    with app.app_context():
        def count(model, *where):
            return db.session.execute(db.select(db.func.count()).select_from(model).where(*where)).scalar_one()

        areas, levels, regulatory = set(), set(), set()
        for row_areas, level, held in db.session.execute(
                db.select(Solution.clinical_areas, Solution.evidence_level, Solution.regulatory)):
            areas.update(row_areas or [])
            levels.add(level)
            regulatory.update(held or [])
        desc = db.session.execute(db.select(db.func.avg(db.func.length(Solution.description)))).scalar() or 0
        prob = db.session.execute(db.select(db.func.avg(db.func.length(Need.problem)))).scalar() or 0
        return (f"{count(Organisation):,} organisations; {count(Solution):,} solutions "
                f"({count(Solution, Solution.status == 'published'):,} published, {count(Deployment):,} deployments); "
                f"{count(Need):,} needs ({count(Need, Need.status == 'published'):,} published); "
                f"{len(areas)} clinical areas, {len(levels)} evidence levels, "
                f"{len(regulatory)} regulatory codes in use; "
                f"mean solution description {desc:,.0f} chars, mean need problem {prob:,.0f} chars")


# --- the request mix ------------------------------------------------------------------

def _codes(name: str) -> list[str]:
    from marketplace import taxonomy as tx

    return [e["code"] for e in tx.vocabulary(name).entries]


def search_paths(app, ids: dict, count: int, seed: int) -> list[str]:
    """Varied, realistic solution searches: words from listings, NHS phrases, pasted titles, browsing; with filters."""
    import sqlalchemy as sa

    from marketplace import taxonomy as tx
    from marketplace.models import Need, Solution, db

    rng = random.Random(seed)
    with app.app_context():
        sol_ids = rng.sample(ids["solution"], min(len(ids["solution"]), 2000))
        need_ids = rng.sample(ids["need"], min(len(ids["need"]), 500))
        summaries = []
        for chunk in (sol_ids[:900], sol_ids[900:]):  # well inside SQLite's parameter limit
            summaries += db.session.execute(sa.select(Solution.summary).where(Solution.id.in_(chunk))).scalars()
        titles = list(db.session.execute(sa.select(Need.title).where(Need.id.in_(need_ids))).scalars())
    stop = set("the a of and to in for with on at by from our their this".split())

    def words_of(text: str) -> list[str]:
        return [w for w in (w.strip(".,").lower() for w in text.split()) if len(w) > 3 and w not in stop]

    areas, settings = _codes(tx.CLINICAL_AREAS), _codes(tx.CARE_SETTINGS)
    levels, regulatory, regions = _codes(tx.EVIDENCE_LEVELS), _codes(tx.REGULATORY_STATUSES), _codes(tx.REGIONS)
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.40:  # one or two words from a listing
            words = words_of(rng.choice(summaries)) or ["care"]
            q = " ".join(rng.sample(words, min(len(words), rng.choice([1, 1, 2]))))
        elif roll < 0.65:
            q = rng.choice(NHS_PHRASES)
        elif roll < 0.80:  # a need's title pasted in
            words = rng.choice(titles).split()
            q = " ".join(words[:rng.randint(3, 5)])
        elif roll < 0.90:
            q = rng.choice(synthetic.DOMAIN_WORDS)
        else:
            q = ""  # browsing by filters only
        params = [("q", q)] if q else []
        if rng.random() < (0.5 if q else 1.0):
            params += [("clinical_areas", a) for a in rng.sample(areas, rng.choice([1, 1, 2]))]
        if rng.random() < 0.25:
            params.append(("min_evidence_level", rng.choice(levels[1:6])))
        if rng.random() < 0.2:
            params.append(("regulatory", rng.choice(regulatory)))
        if rng.random() < 0.15:
            params.append(("region", rng.choice(regions)))
        if rng.random() < 0.15:
            params.append(("care_settings", rng.choice(settings)))
        if rng.random() < 0.1:
            params.append(("seeking_codesign", "true"))
        if rng.random() < 0.1:
            params.append(("sort", "newest"))
        if rng.random() < 0.1:
            params.append(("page", "2"))
        paths.append("/api/v1/solutions/?" + urlencode(params, quote_via=quote))
    return paths


@dataclass
class Item:
    """One request: the API path, and the same request as a raw Elasticsearch search."""

    path: str
    index: str = ""
    body: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


class _Capture:
    """Stands in for the backend while the API handles a request: records the query it is given."""

    def __init__(self, real):
        self.real, self.queries = real, []

    def __getattr__(self, name):
        return getattr(self.real, name)

    def search(self, query):
        from search.backend import SearchResult

        self.queries.append(query)
        return SearchResult([], 0, {})

    def match_candidates(self, query):
        from search.backend import MatchCandidates

        self.queries.append(query)
        return MatchCandidates([], 0)


def capture_queries(app, paths: list[str]) -> tuple[list[tuple[str, object]], list[str]]:
    """(path, SearchQuery/MatchQuery) for each path, exactly as the API builds them; and the refused paths."""
    from marketplace.models import db

    real = app.extensions["search"]
    capture = _Capture(real)
    app.extensions["search"] = capture
    out, refused = [], []
    try:
        client = app.test_client()
        for path in paths:
            capture.queries.clear()
            response = client.get(path, headers={"Accept": "application/json"})
            if response.status_code != 200 or len(capture.queries) != 1:
                refused.append(f"{response.status_code} {path}: {response.get_data(as_text=True)[:160]}")
                continue
            out.append((path, capture.queries[0]))
        with app.app_context():
            db.session.remove()
    finally:
        app.extensions["search"] = real
    return out, refused


def elastic_items(backend, captured) -> list[Item]:
    from search.backend import MatchQuery

    items = []
    for path, query in captured:
        if isinstance(query, MatchQuery):
            items.append(Item(path, backend.alias(query.kind), backend.match_body(query),
                              {"include_named_queries_score": True}))
        else:
            items.append(Item(path, backend.alias(query.kind), backend.search_body(query)))
    return items


# --- noise: what else used the machine ------------------------------------------------------

class CpuWatch:
    """CPU that processes other than ours (this one, its children such as gunicorn, and Elasticsearch)
    used while we measured: on a shared 2-core machine that is the figures' noise, so print it."""

    def __init__(self, es_pid: int | None = None):
        self.es_pid = es_pid
        self.tick = os.sysconf("SC_CLK_TCK")
        self.available = Path("/proc/stat").exists()

    def _proc_cpu(self, pid: int, with_children: bool = True) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        # after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if with_children else 0)
        return ticks / self.tick

    def _descendants(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                parents.setdefault(ppid, []).append(int(entry.name))
        out, todo = [], [os.getpid()]
        while todo:
            for child in parents.get(todo.pop(), []):
                out.append(child)
                todo.append(child)
        return out

    def snapshot(self) -> tuple[float, float, float, float] | None:
        """(wall, busy CPU seconds of the whole machine, steal, CPU seconds of ours and Elasticsearch)."""
        if not self.available:
            return None
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        busy = (values[0] + values[1] + values[2] + values[5] + values[6]) / self.tick  # user nice system irq softirq
        steal = (values[7] if len(values) > 7 else 0) / self.tick
        t = os.times()
        ours = t.user + t.system + t.children_user + t.children_system
        ours += sum(self._proc_cpu(pid) for pid in self._descendants())  # live children (gunicorn and workers)
        if self.es_pid:
            ours += self._proc_cpu(self.es_pid, with_children=False)
        return time.perf_counter(), busy, steal, ours

    def other_share(self, before, after) -> float:
        """The share of all CPUs that other processes (and the hypervisor's steal) took between two snapshots."""
        if before is None or after is None or after[0] <= before[0]:
            return float("nan")
        other = max(0.0, (after[1] - before[1]) - (after[3] - before[3])) + (after[2] - before[2])
        return other / ((after[0] - before[0]) * common.nproc())


def elasticsearch_pid(es, url: str) -> int | None:
    """Elasticsearch's process id when it runs on this machine (loopback URL), for CpuWatch."""
    if "127.0.0.1" not in url and "localhost" not in url:
        return None
    try:
        nodes = es.nodes.info(node_id="_local", metric="process").body["nodes"]
        pid = int(next(iter(nodes.values()))["process"]["id"])
        return pid if Path(f"/proc/{pid}").exists() else None
    except Exception:
        return None


def _pct(share: float) -> str:
    return "-" if share != share else f"{share:.0%}"


# --- load -------------------------------------------------------------------------------

@dataclass
class Load:
    ms: list[float] = field(default_factory=list)    # successful requests only
    took: list[float] = field(default_factory=list)  # Elasticsearch's own "took", raw requests only
    errors: int = 0
    first_error: str = ""
    connections: int = 0
    wall: float = 0.0
    capped: bool = False

    @property
    def rate(self) -> float:
        return len(self.ms) / self.wall if self.wall else float("nan")

    def p(self, q: float) -> float:
        return common.percentile(self.ms, q)


class HttpCaller:
    """One client's connection to gunicorn; keep-alive is asked for (HTTP/1.1) and used when the server allows."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.conn = None
        self.connections = 0

    def call(self, item) -> None:
        path = item if isinstance(item, str) else item.path
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self.connections += 1
        try:
            self.conn.request("GET", path, headers={"Accept": "application/json"})
            response = self.conn.getresponse()
            body = response.read()
        except BaseException:
            self.close()
            raise
        if response.will_close:  # gunicorn's sync workers close after every response
            self.close()
        if response.status != 200:
            raise RuntimeError(f"{response.status} {path}: {body[:200]!r}")
        return None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class EsCaller:
    """The same request sent straight to Elasticsearch with the app's own client (its connection pool)."""

    connections = 0

    def __init__(self, es):
        self.es = es

    def call(self, item: Item) -> float:
        return self.es.search(index=item.index, **item.body, **item.extra).body["took"]

    def close(self) -> None:
        pass


def run_clients(pool: list, make_caller, clients: int, per_client: int, max_seconds: float, warmup: int,
                seed: int) -> Load:
    """``clients`` threads, each drawing requests from ``pool`` with its own seeded generator.

    The same seed gives every kind of caller the same request sequence, so an API
    run and its raw Elasticsearch counterpart time the same requests.
    """
    result, lock = Load(), threading.Lock()
    clock = [0.0, 0.0]  # deadline, start: set when every client has warmed up

    def open_gate():
        clock[1] = time.perf_counter()
        clock[0] = clock[1] + max_seconds

    gate = threading.Barrier(clients + 1, action=open_gate)

    def client(index: int):
        rng = random.Random(seed * 10_007 + index)
        caller = make_caller()
        local, took, errors, first_error = [], [], 0, ""
        try:
            for _ in range(warmup):
                try:
                    caller.call(rng.choice(pool))
                except Exception:  # failures show again in the timed part
                    pass
            connections_before = caller.connections
            try:
                gate.wait(timeout=max_seconds + 120)
            except threading.BrokenBarrierError:
                return
            for _ in range(per_client):
                if time.perf_counter() >= clock[0]:
                    break
                item = rng.choice(pool)
                t0 = time.perf_counter()
                try:
                    extra = caller.call(item)
                except Exception as exc:
                    errors += 1
                    first_error = first_error or f"{type(exc).__name__}: {str(exc)[:240]}"
                    continue
                local.append((time.perf_counter() - t0) * 1000)
                if extra is not None:
                    took.append(float(extra))
            with lock:
                result.ms.extend(local)
                result.took.extend(took)
                result.errors += errors
                result.first_error = result.first_error or first_error
                result.connections += caller.connections - connections_before
        finally:
            caller.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    try:
        gate.wait(timeout=max_seconds + 120)
    except threading.BrokenBarrierError:
        result.first_error = result.first_error or "clients did not all start (warm-up hung)"
    for t in threads:
        t.join(max_seconds + 120)
    result.wall = time.perf_counter() - clock[1] if clock[1] else 0.0
    result.capped = len(result.ms) + result.errors < clients * per_client
    return result


# --- Elasticsearch: bulk indexing ------------------------------------------------------

class ChunkClock:
    """Wraps a document stream and notes the time every ``every`` documents are taken from it.

    streaming_bulk takes one chunk (500) of documents, sends it, waits, takes the
    next: the gaps between marks are the time per chunk, end to end.
    """

    def __init__(self, every: int = 500):
        self.every, self.marks, self.count = every, [], 0

    def wrap(self, documents):
        for doc in documents:
            if self.count % self.every == 0:
                self.marks.append(time.perf_counter())
            self.count += 1
            yield doc
        self.marks.append(time.perf_counter())

    def chunk_ms(self) -> list[float]:
        return [(b - a) * 1000 for a, b in zip(self.marks, self.marks[1:])]


def clocked_backend(real, clock: ChunkClock):
    """The app's ElasticBackend, with every rebuild's document stream passing through ``clock``."""
    from search.elastic import ElasticBackend

    class Clocked(ElasticBackend):
        def rebuild(self, kind, documents, total, progress=None):
            return super().rebuild(kind, clock.wrap(documents), total, progress)

    return Clocked(real.es, real.prefix, real.replicas)


def prepare_documents(app) -> tuple[dict[str, list[dict]], float]:
    """Every searchable document, built from the database exactly as rebuild_all streams them."""
    from sqlalchemy.orm import Session

    from marketplace.models import db
    from search import cli as search_cli
    from search.documents import INDEXED_KINDS as KINDS

    out = {}
    with app.app_context(), common.Timer() as t:
        with Session(db.engine) as session:
            for kind in KINDS:
                out[kind] = list(search_cli._stream(session, kind))
    return out, t.seconds


def bulk_baseline(es, prefix: str, prepared: dict[str, list[dict]], clock: ChunkClock) -> float:
    """helpers.bulk of the prepared documents into bare indexes (default settings and mapping), then refresh."""
    from elasticsearch import helpers

    names = [f"{prefix}-bare-{kind}-{time.time_ns() % 10**9}" for kind in prepared]
    try:
        with common.Timer() as t:
            for name, (kind, docs) in zip(names, prepared.items()):
                es.indices.create(index=name)
                helpers.bulk(es, clock.wrap({"_index": name, "_id": d["id"], "_source": d} for d in docs))
                es.indices.refresh(index=name)
        return t.seconds
    finally:
        es.indices.delete(index=",".join(names), ignore_unavailable=True)


def rebuild_prepared(backend, prepared: dict[str, list[dict]]) -> float:
    with common.Timer() as t:
        for kind, docs in prepared.items():
            backend.rebuild(kind, iter(docs), len(docs))
    return t.seconds


def measure_indexing(app, backend, args) -> tuple[list[list], dict]:
    """The three bulk-indexing figures (and the document preparation), interleaved per repetition."""
    from search.cli import rebuild_all

    es = backend.es
    prepared, prepare_s = prepare_documents(app)
    total = sum(len(d) for d in prepared.values())
    per_kind = ", ".join(f"{len(d):,} {k}s" for k, d in prepared.items())
    print(f"  prepared {total:,} documents ({per_kind}) from the database in {prepare_s:.1f}s "
          f"({total / prepare_s:,.0f} docs/s)", flush=True)
    samples: dict[str, list[tuple[float, list[float]]]] = {"baseline": [], "prepared": [], "rebuild_all": []}
    for r in range(args.index_repeat):
        clock = ChunkClock()
        seconds = bulk_baseline(es, backend.prefix, prepared, clock)
        samples["baseline"].append((seconds, clock.chunk_ms()))
        print(f"  run {r + 1}: baseline helpers.bulk, bare index: {seconds:.1f}s ({total / seconds:,.0f} docs/s)",
              flush=True)
        clock = ChunkClock()
        seconds = rebuild_prepared(clocked_backend(backend, clock), prepared)
        samples["prepared"].append((seconds, clock.chunk_ms()))
        print(f"  run {r + 1}: backend.rebuild per kind, prepared documents: {seconds:.1f}s "
              f"({total / seconds:,.0f} docs/s)", flush=True)
        clock = ChunkClock()
        with app.app_context(), common.Timer() as t:
            counts = rebuild_all(clocked_backend(backend, clock), show_progress=False)
        samples["rebuild_all"].append((t.seconds, clock.chunk_ms()))
        print(f"  run {r + 1}: rebuild_all (database -> index): {t.seconds:.1f}s ({total / t.seconds:,.0f} docs/s) "
              f"{counts}", flush=True)
    held = {kind: backend.count(kind) for kind in prepared}
    problems = [f"index holds {held[k]:,} {k}s, expected {len(d):,}" for k, d in prepared.items() if held[k] != len(d)]
    del prepared
    gc.collect()

    labels = {
        "baseline": "baseline: helpers.bulk, bare index, default mapping (prepared docs)",
        "prepared": "backend.rebuild per kind (prepared docs)",
        "rebuild_all": "search.cli.rebuild_all (database -> index)",
    }
    rows, rates = [], {}
    rows.append(["prepare documents from the database (cli._stream)", total, 1, prepare_s, prepare_s,
                 total / prepare_s, "-", "-", ""])
    for key, label in labels.items():
        seconds = [s for s, _ in samples[key]]
        chunks = [c for _, cs in samples[key] for c in cs]
        med = common.median(seconds)
        rates[key] = total / med
        target = ""
        if key == "rebuild_all":
            target = "yes" if total / common.percentile(seconds, 95) >= TARGET_INDEX_DOCS_PER_S else "NO"
        rows.append([label, total, len(seconds), med, common.percentile(seconds, 95), total / med,
                     common.median(chunks), common.percentile(chunks, 95), target])
    return rows, {"total": total, "rates": rates, "prepare_s": prepare_s, "problems": problems,
                  "samples": samples}


# --- embedded --------------------------------------------------------------------------------

def build_embedded(app_any, path: Path, solutions: int) -> tuple[dict[str, int], float]:
    """The first ``solutions`` published solutions, every published need and organisation, via backend.rebuild."""
    from sqlalchemy.orm import Session

    from marketplace.models import db
    from search import cli as search_cli
    from search.embedded import EmbeddedBackend

    backend = EmbeddedBackend(str(path))
    backend.ensure_indexes()
    counts = {}
    with app_any.app_context(), common.Timer() as t:
        with Session(db.engine) as session:
            for kind, limit in (("organisation", None), ("need", None), ("solution", solutions)):
                stream = search_cli._stream(session, kind)
                if limit is not None:
                    stream = itertools.islice(stream, limit)
                n = [0]

                def counted(docs, n=n):
                    for d in docs:
                        n[0] += 1
                        yield d

                backend.rebuild(kind, counted(stream), limit or 0)
                counts[kind] = n[0]
    backend.close()
    return counts, t.seconds


def embedded_in_process(app, need_ids: list[int], solution_ids: list[int], args) -> tuple[list[list], dict]:
    """matches_for_need / matches_for_solution in-process, beside match_candidates alone and raw FTS5."""
    from marketplace.models import db
    from search import embedded as emb
    from search import match_lists
    from search.documents import TEXT_FIELDS

    backend = app.extensions["search"]
    raw = sqlite3.connect(backend.path)
    out = {}
    rows = []
    for label, fn, ids in (("need", match_lists.matches_for_need, need_ids),
                           ("solution", match_lists.matches_for_solution, solution_ids)):
        paths = [f"/api/v1/{label}s/{i}/matches" for i in ids]
        captured, refused = capture_queries(app, paths)
        if refused:
            print(f"  {len(refused)} {label} match requests refused, first: {refused[0]}")
        full, cand, fts, hits = [], [], [], []
        deadline = time.perf_counter() + args.embedded_max_seconds / 2
        with app.app_context():
            # one untimed pass to open the index connection and warm SQLite's page cache
            for path, query in captured[:3]:
                fn(int(path.split("/")[-2]))
                db.session.remove()
            for n, (path, query) in enumerate(captured):
                if time.perf_counter() >= deadline:
                    break
                listing_id = int(path.split("/")[-2])
                match = emb._fts_or(query.text)
                weights = ", ".join(str(w) for w in TEXT_FIELDS[query.kind].values())

                def run_full():
                    result = fn(listing_id)
                    hits.append(len(result["items"]))

                def run_fts():
                    if match:  # FTS5's own top-N: ORDER BY rank with the same column weights
                        raw.execute(f"SELECT rowid, rank FROM {query.kind}_fts WHERE {query.kind}_fts MATCH ? "
                                    f"AND rank MATCH 'bm25({weights})' ORDER BY rank LIMIT ?",
                                    [match, query.size]).fetchall()

                steps = [(run_full, full), (lambda: backend.match_candidates(query), cand), (run_fts, fts)]
                for step, samples in steps[n % 3:] + steps[:n % 3]:  # rotated: none always pays the cold cache
                    with common.Timer() as t:
                        step()
                    samples.append(t.seconds * 1000)
                db.session.remove()
        out[label] = {"full": full, "candidates": cand, "fts": fts}
        target = TARGET_EMBEDDED_MATCH_P95_MS if label == "need" else None
        name = f"matches_for_{label}() in-process"
        rows.append([name, len(full), common.median(full), common.percentile(full, 95), common.percentile(full, 99),
                     ("yes" if common.percentile(full, 95) <= target else "NO") if target else "",
                     f"{common.median(hits):.0f} items"])
        rows.append(["  backend.match_candidates() alone", len(cand), common.median(cand),
                     common.percentile(cand, 95), common.percentile(cand, 99), "", "same queries"])
        rows.append(["  baseline: raw FTS5 top-N by rank, same MATCH", len(fts), common.median(fts),
                     common.percentile(fts, 95), common.percentile(fts, 99), "", "own connection"])
    raw.close()
    return rows, out


# --- the runs ------------------------------------------------------------------------------

def gunicorn_env(tmp_root: Path, url: str, **search) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_root / "instance"),
           "SECRET_KEY": os.environ["SECRET_KEY"], "SEARCH_SYNC": "worker",
           "EMBEDDED_SEARCH_PATH": str(tmp_root / "gunicorn-unused-search.db")}
    env.pop("ELASTICSEARCH_URL", None)
    env.update(search)
    return env


def http_rows(port: int, backend_name: str, endpoints, args, es_client=None, notes=None) -> list[list]:
    """For each client count and endpoint: the API under load, and its raw Elasticsearch twin if it has one."""
    rows = []
    # settle: the first worker to answer is not the last to finish booting
    run_clients(["/health"], lambda: HttpCaller(port, args.timeout), max(args.client_levels), 30, 3.0, 0, 0)
    for clients in args.client_levels:
        for name, pool, raw_ok, target in endpoints:
            seed = args.seed + zlib.crc32(name.encode()) % 1000
            before = args.cpu.snapshot()
            api = run_clients(pool, lambda: HttpCaller(port, args.timeout), clients, args.requests,
                              args.max_seconds, args.warmup, seed)
            raw = None
            if raw_ok and es_client is not None:
                raw = run_clients(pool, lambda: EsCaller(es_client), clients, args.requests, args.max_seconds,
                                  args.warmup, seed)
            other = args.cpu.other_share(before, args.cpu.snapshot())
            row = [backend_name, name, clients, len(api.ms), api.errors, api.p(50), api.p(95), api.p(99), api.rate]
            if raw is not None:
                row += [raw.p(50), raw.p(95), common.percentile(raw.took, 50), common.percentile(raw.took, 95),
                        f"{api.p(95) / raw.p(95):.1f}x" if raw.ms else "-"]
            else:
                row += [float("nan")] * 4 + ["-"]
            row.append(("yes" if api.p(95) <= target else "NO") if target and api.ms else "")
            note = [f"other CPU {_pct(other)}"]
            if api.capped:
                note.append("time cap")
            if api.connections:
                note.append(f"{api.connections} conns")
            row.append(", ".join(note))
            row.append(other)  # not printed in the table (the note says it); the summary reads it
            rows.append(row)
            print(f"  {backend_name} c={clients} {name}: {len(api.ms)} ok / {api.errors} err, "
                  f"p50 {api.p(50):.1f} p95 {api.p(95):.1f} ms"
                  + (f"; raw ES p50 {raw.p(50):.1f} p95 {raw.p(95):.1f} ms ({raw.errors} err)" if raw else ""),
                  flush=True)
            for load, what in ((api, "API"), (raw, "raw ES")):
                if load is not None and load.errors and notes is not None:
                    notes.append(f"{backend_name} c={clients} {name} ({what}): {load.errors} errors; "
                                 f"first: {load.first_error}")
    return rows


HTTP_HEADERS = ["backend", "endpoint", "clients", "ok", "err", "p50 ms", "p95 ms", "p99 ms", "req/s",
                "raw ES p50", "raw ES p95", "ES took p50", "ES took p95", "p95 ratio", "target", "note"]


def what_if_rows(es, items: list[Item], args) -> list[list]:
    """Variants of the raw need-match query, one client, to show where Elasticsearch's own time goes."""
    from search.documents import TEXT_FIELDS

    long_text = [f for f in TEXT_FIELDS["solution"] if f not in ("name", "organisation_name")]
    no_long_text = {"_source": {"excludes": long_text}}
    variants = {  # label -> (body, extra) from the API's (body, extra)
        "as the API sends it": lambda b, x: (b, x),
        "track_total_hits: false": lambda b, x: ({**b, "track_total_hits": False}, x),
        "_source without summary and description": lambda b, x: ({**b, **no_long_text}, x),
        "size 50 instead of 200": lambda b, x: ({**b, "size": 50}, x),
        "without include_named_queries_score": lambda b, x: (b, {}),
        "all four above": lambda b, x: ({**b, **no_long_text, "track_total_hits": False, "size": 50}, {}),
    }
    # Interleaved: each request is sent in every variant in turn, so drift touches them alike.
    rng = random.Random(args.seed + 77)
    ms = {label: [] for label in variants}
    took = {label: [] for label in variants}
    errors = {label: 0 for label in variants}
    deadline = time.perf_counter() + args.max_seconds * 2
    for n in range(args.requests + args.warmup):
        if time.perf_counter() >= deadline:
            break
        item = rng.choice(items)
        for label, change in variants.items():
            body, extra = change(item.body, item.extra)
            t0 = time.perf_counter()
            try:
                response = es.search(index=item.index, **body, **extra)
            except Exception:
                errors[label] += 1
                continue
            if n >= args.warmup:
                ms[label].append((time.perf_counter() - t0) * 1000)
                took[label].append(float(response.body["took"]))
    rows = []
    for label in variants:
        rows.append([label, len(ms[label]), errors[label], common.median(ms[label]), common.percentile(ms[label], 95),
                     common.median(took[label]), common.percentile(took[label], 95)])
    return rows


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def es_version(es) -> str:
    try:
        nodes = es.nodes.info(node_id="_local", metric="jvm").body["nodes"]
        node = next(iter(nodes.values()))
        heap = node.get("jvm", {}).get("mem", {}).get("heap_max_in_bytes", 0) / 2**20
        health = es.cluster.health().body
        return (f"{node.get('version', '?')} ({health['number_of_nodes']} node(s), heap {heap:,.0f} MiB, "
                f"status {health['status']})")
    except Exception as exc:  # the header must print whatever the cluster says
        return f"unknown ({type(exc).__name__}: {exc})"


def default_es_url() -> str:
    try:
        out = subprocess.run([str(ES_SCRIPT), "url"], capture_output=True, text=True, timeout=10).stdout.strip()
        if out.startswith("http"):
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return "http://127.0.0.1:9200"


def main(argv=None) -> int:
    args = parse_args(argv)
    args.es_url = args.es_url or default_es_url()  # read before prepare_environment clears ELASTICSEARCH_URL
    tmp_root = Path(tempfile.mkdtemp(prefix="bench-search-"))
    common.prepare_environment(tmp_root)
    common.quiet_logs()
    try:
        if args.postgres_url:
            with common.fresh_postgres_database(args.postgres_url, "search") as url:
                return run(args, tmp_root, url)
        return run(args, tmp_root, None)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def run(args, tmp_root: Path, postgres_url: str | None) -> int:
    from importlib.metadata import version

    es = None
    if not args.skip_es:
        from elasticsearch import Elasticsearch

        es = Elasticsearch(args.es_url, request_timeout=60)
        try:
            es.cluster.health()
        except Exception as exc:
            print(f"Elasticsearch at {args.es_url} does not answer ({type(exc).__name__}); start it with "
                  f"`scripts/services/elasticsearch.sh start` or pass --skip-es", file=sys.stderr)
            return 2
    args.cpu = CpuWatch(elasticsearch_pid(es, args.es_url) if es is not None else None)
    extra = {
        "elasticsearch": (es_version(es) + f" at {args.es_url}") if es is not None else "skipped",
        "es client": f"elasticsearch-py {version('elasticsearch')}",
        "gunicorn": f"{version('gunicorn')} (-w {args.workers}, sync workers)",
        "database": ("PostgreSQL " + common.postgres_server_version(postgres_url)) if postgres_url
        else "SQLite (cached file under bench/out/)",
    }
    print(common.machine_header("search_bench", extra), flush=True)
    print(f"workload   : {args.solutions:,} solutions, {args.needs:,} needs, {args.nhs_orgs} NHS organisations, "
          f"{args.innovators} innovators; seed {args.seed}{' (--quick)' if args.quick else ''}")
    print(f"load       : clients {args.client_levels} x up to {args.requests} requests per endpoint, capped at "
          f"{args.max_seconds:g}s; {args.warmup} warm-up requests per client; pool of {args.pool} distinct requests "
          f"per endpoint; client threads, gunicorn and Elasticsearch share the {common.nproc()} CPUs\n", flush=True)

    print("[data]", flush=True)
    if postgres_url:
        meta = import_data(postgres_url, args, tmp_root)
        url, source = postgres_url, (f"imported now into a fresh PostgreSQL database: {meta['records']:,} records in "
                                     f"{meta['import_seconds']:.0f}s")
    else:
        url, source = cached_sqlite(args, tmp_root)
    print(f"  database: {source}", flush=True)
    census_app = make_app(url, ELASTICSEARCH_URL="", EMBEDDED_SEARCH_PATH=str(tmp_root / "census-search.db"),
                          SEARCH_SYNC="worker")
    try:
        print("  holds: " + data_census(census_app), flush=True)
        ids = published_ids(census_app)
        paths = search_paths(census_app, ids, args.pool, args.seed)
    finally:
        common.dispose_app(census_app)
    rng = random.Random(args.seed)
    need_pool = rng.sample(ids["need"], min(args.pool, len(ids["need"])))
    solution_pool = rng.sample(ids["solution"], min(args.pool, len(ids["solution"])))

    summary: list[list] = []
    notes: list[str] = []
    problems: list[str] = []
    if es is not None:
        run_elasticsearch(args, tmp_root, url, es, paths, need_pool, solution_pool, summary, notes, problems)
    if not args.skip_embedded:
        run_embedded(args, tmp_root, url, ids, paths, summary, notes, problems)

    print("\n== summary ==")
    print(common.table(["measure", "figure", "baseline (same run)", "baseline figure", "ratio", "target", "met",
                        "other CPU"], summary, align="lrlrrllr"))
    print(f"\np95        : nearest-rank over each row's successful samples (the ok / n columns above); with "
          f"fewer than {common.P95_MIN_SAMPLES} samples it is simply the slowest one")
    print("ratio      : our time / the baseline's time, so above 1 is slower than the baseline (latency: p95 over "
          "p95; indexing: baseline docs/s over ours)")
    print(f"load avg   : {_load()} at the end (at the start: see the header)")
    print("other CPU  : share of the CPUs used by processes other than this benchmark, its gunicorn and "
          "Elasticsearch (plus steal) while the row was measured; above a few % the row is noisy: rerun it")
    for line in notes:
        print("NOTE: " + line)
    for line in problems:
        print("PROBLEM: " + line)
    return 1 if problems else 0


def run_elasticsearch(args, tmp_root, url, es, paths, need_pool, solution_pool, summary, notes, problems) -> None:
    prefix = f"bench-search-{os.getpid()}"
    app = make_app(url, ELASTICSEARCH_URL=args.es_url, SEARCH_INDEX_PREFIX=prefix, SEARCH_SYNC="worker",
                   ELASTICSEARCH_TIMEOUT=60)
    backend = app.extensions["search"]
    try:
        print(f"\n[elasticsearch: bulk indexing] (load avg {_load()})", flush=True)
        before = args.cpu.snapshot()
        index_rows, indexing = measure_indexing(app, backend, args)
        index_other = args.cpu.other_share(before, args.cpu.snapshot())
        problems += indexing["problems"]
        print()
        print(common.table(["case", "docs", "runs", "median s", "p95 s", "docs/s @median", "chunk p50 ms",
                            "chunk p95 ms", f">={TARGET_INDEX_DOCS_PER_S}/s"], index_rows, align="lrrrrrrrl"))
        print("chunk      : wall time per 500 documents taken from the stream (streaming_bulk's chunk), "
              f"over every run; {args.index_repeat} run(s) per case")
        print(f"other CPU  : {_pct(index_other)} of the machine was used by other processes during these runs")
        rates = indexing["rates"]
        rebuild_s = [s for s, _ in indexing["samples"]["rebuild_all"]]
        ours_p95 = indexing["total"] / common.percentile(rebuild_s, 95)
        summary.append([f"ES bulk indexing, rebuild_all ({indexing['total']:,} docs)",
                        f"{rates['rebuild_all']:,.0f} docs/s", "helpers.bulk, bare index (prepared docs)",
                        f"{rates['baseline']:,.0f} docs/s", f"{rates['baseline'] / rates['rebuild_all']:.1f}x",
                        f">={TARGET_INDEX_DOCS_PER_S:,} docs/s",
                        "yes" if ours_p95 >= TARGET_INDEX_DOCS_PER_S else "NO", _pct(index_other)])
        summary.append(["  ES part: backend.rebuild, prepared docs", f"{rates['prepared']:,.0f} docs/s",
                        "helpers.bulk, bare index", f"{rates['baseline']:,.0f} docs/s",
                        f"{rates['baseline'] / rates['prepared']:.1f}x", "", "", _pct(index_other)])

        print(f"\n[elasticsearch: capturing the queries the API builds] (load avg {_load()})", flush=True)
        pools = {}
        for name, request_paths in (("search", paths),
                                    ("need matches", [f"/api/v1/needs/{i}/matches" for i in need_pool]),
                                    ("solution matches", [f"/api/v1/solutions/{i}/matches" for i in solution_pool])):
            with common.Timer() as t:
                captured, refused = capture_queries(app, request_paths)
            pools[name] = elastic_items(backend, captured)
            print(f"  {name}: {len(captured)} requests captured in {t.seconds:.1f}s"
                  + (f"; {len(refused)} refused, first: {refused[0]}" if refused else ""), flush=True)
            if refused:
                notes.append(f"{len(refused)} {name} requests refused by the API and left out; first: {refused[0]}")
        # warm Elasticsearch's caches the same way for both sides: one pass over a slice of each pool
        for items in pools.values():
            for item in items[:100]:
                es.search(index=item.index, **item.body, **item.extra)

        print(f"\n[elasticsearch: API under gunicorn beside raw Elasticsearch] (load avg {_load()})", flush=True)
        port = free_port()
        env = gunicorn_env(tmp_root, url, ELASTICSEARCH_URL=args.es_url, SEARCH_INDEX_PREFIX=prefix)
        server = Gunicorn(port, args.workers, env, tmp_root / "gunicorn-es.log")
        try:
            server.wait_ready()
            endpoints = [
                ("GET /health (baseline)", ["/health"], False, None),
                ("GET /api/v1/solutions/?q=...", pools["search"], True, None),
                ("GET /api/v1/needs/{id}/matches", pools["need matches"], True, TARGET_ES_MATCH_P95_MS),
                ("GET /api/v1/solutions/{id}/matches", pools["solution matches"], True, TARGET_ES_MATCH_P95_MS),
            ]
            rows = http_rows(port, "elasticsearch", endpoints, args, es_client=backend.es, notes=notes)
        finally:
            server.stop()
        if server.proc.returncode not in (0, -signal.SIGTERM):
            notes.append(f"gunicorn (elasticsearch) exited with {server.proc.returncode}: {server.log_tail(5)}")
        print()
        print(common.table(HTTP_HEADERS, [r[:16] for r in rows], align="llrrrrrrrrrrrlll"))
        print("raw ES     : the same requests (same sequence per client) sent with es.search from Python, same "
              "client count; ES took = Elasticsearch's own time; p95 ratio = API p95 / raw ES p95")
        print("conns      : TCP connections opened in the timed part (gunicorn's sync workers close after each "
              "response, so keep-alive is asked for but not granted)")
        print("other CPU  : share of the machine's CPUs used by processes other than this benchmark, its gunicorn "
              "and Elasticsearch (plus steal) during the API run and its raw twin: above a few % the figures are noisy")
        for row in rows:
            name, clients = row[1], row[2]
            if "health" in name:
                summary.append([f"API {name} c={clients}", f"p50 {row[5]:.1f} / p95 {row[6]:.1f} ms", "", "", "",
                                "", "", _pct(row[16])])
                continue
            summary.append([f"ES {name} c={clients}", f"p50 {row[5]:.1f} / p95 {row[6]:.1f} ms",
                            "raw es.search, same body", f"p50 {row[9]:.1f} / p95 {row[10]:.1f} ms", row[13],
                            f"p95 <= {TARGET_ES_MATCH_P95_MS:.0f} ms" if "matches" in name else "", row[14],
                            _pct(row[16])])

        if args.what_if:
            print(f"\n[elasticsearch: what-if variants of the raw need-match query, 1 client] "
                  f"(load avg {_load()})", flush=True)
            before = args.cpu.snapshot()
            wrows = what_if_rows(backend.es, pools["need matches"], args)
            wi_other = args.cpu.other_share(before, args.cpu.snapshot())
            print()
            print(common.table(["raw need-match query", "ok", "err", "p50 ms", "p95 ms", "took p50", "took p95"],
                               wrows, align="lrrrrrr"))
            print("what-if    : diagnostic only (not what the API sends, except the first row); each request is sent "
                  f"in every variant in turn; other processes used {_pct(wi_other)} of the machine meanwhile")
    finally:
        try:
            backend.es.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True,
                                      expand_wildcards="all")
        except Exception as exc:
            notes.append(f"could not delete the benchmark's indexes {prefix}-*: {exc}")
        common.dispose_app(app)


def run_embedded(args, tmp_root, url, ids, paths, summary, notes, problems) -> None:
    print(f"\n[embedded: building the index] (load avg {_load()})", flush=True)
    search_path = tmp_root / "embedded-search.db"
    app_build = make_app(url, ELASTICSEARCH_URL="", EMBEDDED_SEARCH_PATH=str(tmp_root / "build-unused.db"),
                         SEARCH_SYNC="worker")
    try:
        counts, build_s = build_embedded(app_build, search_path, min(args.embedded_solutions, len(ids["solution"])))
    finally:
        common.dispose_app(app_build)
    docs = sum(counts.values())
    print(f"  built {search_path.name}: {counts} in {build_s:.1f}s ({docs / build_s:,.0f} docs/s), "
          f"{search_path.stat().st_size / 2**20:,.0f} MiB", flush=True)
    in_index = ids["solution"][:counts["solution"]]
    rng = random.Random(args.seed + 1)
    needs = rng.sample(ids["need"], min(args.embedded_needs, len(ids["need"])))
    sols = rng.sample(in_index, min(args.embedded_needs, len(in_index)))

    app = make_app(url, ELASTICSEARCH_URL="", EMBEDDED_SEARCH_PATH=str(search_path), SEARCH_SYNC="worker")
    try:
        print(f"\n[embedded: in-process, one at a time, {len(needs)} needs / {len(sols)} solutions, "
              f"capped at {args.embedded_max_seconds / 2:g}s each] (load avg {_load()})", flush=True)
        before = args.cpu.snapshot()
        rows, out = embedded_in_process(app, needs, sols, args)
        emb_other = args.cpu.other_share(before, args.cpu.snapshot())
        print()
        print(common.table(["in-process (embedded, " + f"{counts['solution']:,} solutions)", "n", "p50 ms", "p95 ms",
                            "p99 ms", f"p95<={TARGET_EMBEDDED_MATCH_P95_MS:.0f}", "note"], rows, align="lrrrrll"))
        print("order      : the three are timed on the same query one after another, in rotating order; "
              f"other processes used {_pct(emb_other)} of the machine meanwhile")
        for label in ("need", "solution"):
            full, fts = out[label]["full"], out[label]["fts"]
            p95, base = common.percentile(full, 95), common.percentile(fts, 95)
            summary.append([f"embedded matches_for_{label} in-process ({counts['solution']:,} solutions)",
                            f"p50 {common.median(full):.1f} / p95 {p95:.1f} ms", "raw FTS5 top-N by rank, same MATCH",
                            f"p50 {common.median(fts):.1f} / p95 {base:.1f} ms",
                            f"{p95 / base:.1f}x" if base else "-",
                            f"p95 <= {TARGET_EMBEDDED_MATCH_P95_MS:.0f} ms" if label == "need" else "",
                            ("yes" if p95 <= TARGET_EMBEDDED_MATCH_P95_MS else "NO") if label == "need" else "",
                            _pct(emb_other)])
    finally:
        common.dispose_app(app)

    if args.skip_embedded_http:
        return
    print(f"\n[embedded: API under gunicorn] (load avg {_load()})", flush=True)
    port = free_port()
    server = Gunicorn(port, args.workers, gunicorn_env(tmp_root, url, EMBEDDED_SEARCH_PATH=str(search_path)),
                      tmp_root / "gunicorn-embedded.log")
    emb_needs = rng.sample(ids["need"], min(args.pool, len(ids["need"])))
    emb_sols = rng.sample(in_index, min(args.pool, len(in_index)))
    try:
        server.wait_ready()
        endpoints = [
            ("GET /health (baseline)", ["/health"], False, None),
            ("GET /api/v1/solutions/?q=...", paths, False, None),
            ("GET /api/v1/needs/{id}/matches", [f"/api/v1/needs/{i}/matches" for i in emb_needs], False,
             TARGET_EMBEDDED_MATCH_P95_MS),
            ("GET /api/v1/solutions/{id}/matches", [f"/api/v1/solutions/{i}/matches" for i in emb_sols], False,
             TARGET_EMBEDDED_MATCH_P95_MS),
        ]
        rows = http_rows(port, "embedded", endpoints, args, notes=notes)
    finally:
        server.stop()
    if server.proc.returncode not in (0, -signal.SIGTERM):
        notes.append(f"gunicorn (embedded) exited with {server.proc.returncode}: {server.log_tail(5)}")
    print()
    print(common.table(HTTP_HEADERS[:9] + ["target", "note"], [r[:9] + r[14:16] for r in rows],
                       align="llrrrrrrrll"))
    print("baseline   : GET /health on the same server (the embedded backend's health is not a query)")
    health = {r[2]: r for r in rows if "health" in r[1]}
    for row in rows:
        name, clients = row[1], row[2]
        if "health" in name:
            continue
        base = health.get(clients)
        summary.append([f"embedded {name} c={clients} via gunicorn", f"p50 {row[5]:.1f} / p95 {row[6]:.1f} ms",
                        "GET /health, same server", f"p50 {base[5]:.1f} / p95 {base[6]:.1f} ms" if base else "-",
                        f"{row[6] / base[6]:.0f}x" if base and base[6] else "-",
                        f"p95 <= {TARGET_EMBEDDED_MATCH_P95_MS:.0f} ms" if "matches" in name else "", row[14],
                        _pct(row[16])])


if __name__ == "__main__":
    sys.exit(main())
