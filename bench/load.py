"""Load under gunicorn on PostgreSQL and Elasticsearch: search, match and a mixed read/write workload.

    .venv/bin/python -m bench.load                              # 20 clients x 30 s per workload
    .venv/bin/python -m bench.load --clients 10 --seconds 10    # a busy machine: shorter
    .venv/bin/python -m bench.load --postgres-url URL --elasticsearch-url URL

Without URLs (nor BENCH_POSTGRES_URL / BENCH_ELASTICSEARCH_URL) it starts PostgreSQL and
Elasticsearch with scripts/services/*.sh (PGPORT_TEST, ES_PORT as for the tests) and stops
afterwards what it started. On the PostgreSQL server a fresh database is made (and dropped
at the end), migrated and loaded with the demo bundle, indexed into fresh Elasticsearch
indexes (prefix bench-load-<pid>, deleted at the end); then

    .venv/bin/gunicorn -w 2 -b 127.0.0.1:PORT wsgi:app     (and the project's gunicorn.conf.py)

serves it, and N concurrent clients (threads, each with a keep-alive connection, loopback
only) send requests back to back for the given time, one workload after another:

* GET /health                      the baseline, measured in the same run
* search   GET /api/v1/solutions/?q=...      (words drawn from the bundle)
* match    GET /api/v1/needs/{id}/matches
* mixed    per request: 45% GET /api/v1/solutions/{id}, 25% search, 10% match,
           20% writes with a bearer token (POST a need; the client's next write publishes it)
* GET /health again (drift check)

For each: requests answered 2xx, errors (any other status or no answer), throughput,
p50/p95/p99. The clients share the machine's CPUs with the server: the figures are the
whole machine's, and a busy machine lowers them (the header prints the load average).
"""
from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import common, synthetic
from .read_bench import DEMO_BUNDLE, HOST, Gunicorn, free_port

SERVICES = common.ROOT / "scripts" / "services"
WRITER_ORG = "org-northfield-teaching-ft"  # an NHS trust in the demo bundle: the writers' organisation
WRITE_SHARE, MATCH_SHARE, SEARCH_SHARE = 0.20, 0.10, 0.25  # of the mixed workload; the rest reads by id


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    p.add_argument("--seconds", type=float, default=30.0, help="duration of each workload (default 30)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                   help="PostgreSQL server (a fresh database is made on it); default: start one")
    p.add_argument("--elasticsearch-url", default=os.environ.get("BENCH_ELASTICSEARCH_URL", ""),
                   help="Elasticsearch node (fresh indexes are made on it); default: start one")
    p.add_argument("--workloads", default="search,match,mixed",
                   help="comma-separated, in order, from search, match, mixed (default all three)")
    p.add_argument("--seed", type=int, default=1, help="seed of the request mix")
    p.add_argument("--timeout", type=float, default=30.0, help="client timeout per request, seconds")
    args = p.parse_args(argv)
    args.workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    if unknown := set(args.workloads) - {"search", "match", "mixed"}:
        p.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    if args.clients < 1 or args.seconds <= 0:
        p.error("--clients must be at least 1 and --seconds positive")
    return args


# --- services ------------------------------------------------------------------

class Services:
    """The URLs given, or servers started with scripts/services/*.sh (stopped afterwards if we started them)."""

    def __init__(self, args):
        self.started: list[str] = []
        self.postgres = args.postgres_url or self._start("postgres")
        self.elasticsearch = args.elasticsearch_url or self._start("elasticsearch")

    def _start(self, name: str) -> str:
        script = str(SERVICES / f"{name}.sh")
        running = subprocess.run([script, "status"], capture_output=True).returncode == 0
        if not running:
            print(f"starting {name} with scripts/services/{name}.sh ...", flush=True)
            subprocess.run([script, "start"], check=True, capture_output=True, timeout=900)
            self.started.append(name)
        return subprocess.run([script, "url"], check=True, capture_output=True, text=True).stdout.strip()

    def stop(self) -> None:
        for name in reversed(self.started):
            subprocess.run([str(SERVICES / f"{name}.sh"), "stop"], capture_output=True, timeout=300)


# --- the data --------------------------------------------------------------------

@dataclass
class Loaded:
    solutions: list[int]
    needs: list[int]
    client_id: str
    client_secret: str
    seconds: float


def load(database_url: str, es_url: str, prefix: str, bundle: dict) -> Loaded:
    """Migrate, import the bundle (indexed inline), and register an API client for the writers."""
    from flask_migrate import upgrade

    from auth.services.clients import register_client
    from auth.policy.identity import Actor, cli_actor
    from config import Config
    from marketplace import create_app
    from marketplace.models import Membership, Need, Organisation, Solution, User, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle

    app = create_app(Config(SQLALCHEMY_DATABASE_URI=database_url, ELASTICSEARCH_URL=es_url,
                            SEARCH_INDEX_PREFIX=prefix, SEARCH_SYNC="inline"))
    try:
        with app.app_context():
            logging.disable(logging.INFO)  # alembic's "Running upgrade" lines
            try:
                upgrade()
            finally:
                logging.disable(logging.NOTSET)
            with common.Timer() as t:
                import_bundle(cli_actor("bench load"), parse_bundle(bundle))
            pending = db.session.execute(db.text("SELECT COUNT(*) FROM search_outbox WHERE processed_at IS NULL")).scalar()
            if pending:
                raise SystemExit(f"indexing left {pending} outbox rows pending: the index is incomplete")
            org = db.session.execute(db.select(Organisation).where(Organisation.ref == WRITER_ORG)).scalar_one()
            user = User(email="bench-load@example.nhs.uk", name="Load benchmark", password_hash=None)
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, organisation_id=org.id, role="admin"))
            db.session.commit()
            client, secret = register_client(Actor(user=user, label="cli:bench load", via="session"), org.id,
                                             "load benchmark", ["listings:read", "listings:write"])
            ids = {model: list(db.session.execute(db.select(model.id).where(model.status == "published")).scalars())
                   for model in (Solution, Need)}
            return Loaded(ids[Solution], ids[Need], client.client_id, secret, t.seconds)
    finally:
        common.dispose_app(app)


def bearer_token(port: int, loaded: Loaded) -> str:
    import requests

    r = requests.post(f"http://{HOST}:{port}/oauth/token", data={"grant_type": "client_credentials"},
                      auth=(loaded.client_id, loaded.client_secret), timeout=30)
    r.raise_for_status()
    return r.json()["access_token"]


# --- the load ----------------------------------------------------------------------

@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # operation -> seconds (2xx only)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str = ""
    wall: float = 0.0

    def add(self, other: Result) -> None:
        for op, xs in other.latencies.items():
            self.latencies.setdefault(op, []).extend(xs)
        for op, n in other.errors.items():
            self.errors[op] = self.errors.get(op, 0) + n
        self.first_error = self.first_error or other.first_error


def run_workload(port: int, choose, clients: int, seconds: float, timeout: float, seed: int) -> Result:
    """``clients`` threads send ``choose(rng, state) -> (operation, method, path, body)`` back to back."""
    total, lock = Result(), threading.Lock()
    gate = threading.Barrier(clients + 1)
    window = [0.0]

    def client(index: int) -> None:
        rng, state, mine = random.Random(seed * 1000 + index), {}, Result()
        conn = None
        gate.wait()
        while time.perf_counter() < window[0]:
            op, method, path, body = choose(rng, state)
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
            headers = {"Accept": "application/json", **state.get("headers", {})}
            payload = None
            if body is not None:
                payload = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - t0
                if 200 <= response.status < 300:
                    mine.latencies.setdefault(op, []).append(elapsed)
                    if op == "create need":
                        state["publish"] = json.loads(data)["id"]
                else:
                    mine.errors[op] = mine.errors.get(op, 0) + 1
                    mine.first_error = mine.first_error or f"{response.status} {method} {path}: {data[:200]!r}"
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                mine.errors[op] = mine.errors.get(op, 0) + 1
                mine.first_error = mine.first_error or f"{type(exc).__name__} {method} {path}: {exc}"
                conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            total.add(mine)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    start = time.perf_counter()
    window[0] = start + seconds
    gate.wait()
    for t in threads:
        t.join(seconds + timeout + 30)
    total.wall = time.perf_counter() - start
    return total


def workloads(loaded: Loaded, queries: list[str], token: str):
    auth = {"Authorization": f"Bearer {token}"}

    def health(rng, state):
        return "health", "GET", "/health", None

    def search(rng, state):
        return "search", "GET", "/api/v1/solutions/?q=" + quote(rng.choice(queries)), None

    def match(rng, state):
        return "match", "GET", f"/api/v1/needs/{rng.choice(loaded.needs)}/matches", None

    def mixed(rng, state):
        state["headers"] = {}
        x = rng.random()
        if x < WRITE_SHARE:
            state["headers"] = auth
            if need_id := state.pop("publish", None):
                return "publish need", "POST", f"/api/v1/needs/{need_id}/publish", None
            body = {"organisation": WRITER_ORG, "title": f"Load test need {rng.randrange(10**9)}",
                    "problem": "Patients wait too long for a diagnosis.", "clinical_areas": ["respiratory"],
                    "care_settings": ["home"], "min_evidence_level": "pilot"}
            return "create need", "POST", "/api/v1/needs/", body
        if x < WRITE_SHARE + MATCH_SHARE:
            return match(rng, state)
        if x < WRITE_SHARE + MATCH_SHARE + SEARCH_SHARE:
            return search(rng, state)
        return "read solution", "GET", f"/api/v1/solutions/{rng.choice(loaded.solutions)}", None

    return {"health": health, "search": search, "match": match, "mixed": mixed}


# --- the run -------------------------------------------------------------------------

def main(argv=None) -> int:
    args = parse_args(argv)
    tmp_root = Path(tempfile.mkdtemp(prefix="bench-load-"))
    common.prepare_environment(tmp_root)
    common.quiet_logs()
    services = Services(args)
    try:
        return run(args, services, tmp_root)
    finally:
        services.stop()
        shutil.rmtree(tmp_root, ignore_errors=True)


def run(args, services: Services, tmp_root: Path) -> int:
    import requests

    print(common.machine_header("load", {
        "postgresql": common.postgres_server_version(services.postgres),
        "elasticsearch": services.elasticsearch,
    }), flush=True)
    bundle = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    size = synthetic.sizes(bundle)
    queries = synthetic.query_words(bundle, 200, seed=args.seed)
    prefix = f"bench-load-{os.getpid()}"
    config_file = common.ROOT / "gunicorn.conf.py"
    print(f"bundle     : {DEMO_BUNDLE}: {size['organisations']} organisations, {size['needs']} needs, "
          f"{size['solutions']} solutions")
    print(f"load       : {args.clients} clients x {args.seconds:g}s per workload, back to back, keep-alive; "
          f"gunicorn -w {args.workers} ({'with ' + config_file.name if config_file.exists() else 'no gunicorn.conf.py: sync workers'}); "
          f"client and server share the {common.nproc()} CPUs\n", flush=True)
    rows, notes, failed = [], [], False
    with common.fresh_postgres_database(services.postgres, "load") as url:
        try:
            loaded = load(url, services.elasticsearch, prefix, bundle)
            print(f"  imported and indexed in {loaded.seconds:.1f}s ({len(loaded.solutions)} published solutions, "
                  f"{len(loaded.needs)} published needs)", flush=True)
            port = free_port()
            env = {**os.environ, "DATABASE_URL": url, "ELASTICSEARCH_URL": services.elasticsearch,
                   "SEARCH_INDEX_PREFIX": prefix, "INSTANCE_PATH": str(tmp_root / "instance"),
                   "SECRET_KEY": os.environ["SECRET_KEY"], "OAUTH2_ALLOW_HTTP": "1"}
            env.pop("EMBEDDED_SEARCH_PATH", None)
            env.pop("SEARCH_SYNC", None)  # the project's default
            server = Gunicorn(port, args.workers, env, tmp_root / "gunicorn.log")
            try:
                server.wait_ready(timeout=180)
                plans = workloads(loaded, queries, bearer_token(port, loaded))
                run_workload(port, plans["health"], args.clients, min(3.0, args.seconds), args.timeout, 0)  # warm up
                order = ["health", *args.workloads, "health"]
                for n, name in enumerate(order):
                    label = {0: "health (baseline)", len(order) - 1: "health (again, drift check)"}.get(n, name)
                    r = run_workload(port, plans[name], args.clients, args.seconds, args.timeout, args.seed + n)
                    rows += _rows(label, r)
                    ok, errors = sum(map(len, r.latencies.values())), sum(r.errors.values())
                    print(f"  {label}: {ok} ok, {errors} errors in {r.wall:.1f}s", flush=True)
                    if errors:
                        failed = True
                        notes.append(f"{label}: {errors} errors; first: {r.first_error}")
            finally:
                server.stop()
        finally:
            requests.delete(f"{services.elasticsearch}/{prefix}-*", timeout=60)

    print()
    print(common.table(["workload", "operation", "ok", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"],
                       rows, align="llrrrrrr"))
    print("\nreq/s      : requests answered 2xx / wall time of the workload, all clients together")
    print("percentiles: nearest-rank over the 2xx answers; errors are any other status or no answer")
    for line in notes:
        print("NOTE: " + line)
    return 1 if failed else 0


def _rows(label: str, r: Result) -> list[list]:
    def row(name, op, xs, errors):
        ms = [x * 1000 for x in xs]
        return [name, op, len(xs), errors, len(xs) / r.wall if r.wall else float("nan"),
                common.percentile(ms, 50), common.percentile(ms, 95), common.percentile(ms, 99)]

    every = [x for xs in r.latencies.values() for x in xs]
    out = [row(label, "all", every, sum(r.errors.values()))]
    ops = sorted(set(r.latencies) | set(r.errors))
    if len(ops) > 1:
        out += [row("", op, r.latencies.get(op, []), r.errors.get(op, 0)) for op in ops]
    return out


if __name__ == "__main__":
    sys.exit(main())
