"""How fast the API answers reads under gunicorn, beside GET /health on the same server.

    python -m bench.read_bench                                   # SQLite, quick defaults
    python -m bench.read_bench --postgres-url "$(scripts/services/postgres.sh url)"

For each database: a fresh database is migrated and loaded with the demo bundle
(marketplace/demo/listings.json when it exists, else a generated one) with
inline indexing into a fresh embedded index; then the app runs under

    .venv/bin/gunicorn -w 2 -b 127.0.0.1:PORT wsgi:app

and concurrent clients (threads, http.client, loopback only) send a bounded
number of requests to each endpoint, within a time cap:

* GET /health                              the baseline: routing and WSGI only
* GET /api/v1/solutions/{id}               one listing from the database
* GET /api/v1/solutions/?q=...             full-text search with facets (the index)
* GET /api/v1/needs/{id}/matches           matching (database + index + scoring)

gunicorn is always stopped at the end, whatever happens.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import common, synthetic

DEMO_BUNDLE = common.ROOT / "marketplace" / "demo" / "listings.json"
GUNICORN = common.ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # loopback only


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.read_bench",
        description="Benchmark API reads under gunicorn (by id, search, matches) beside GET /health.",
    )
    p.add_argument("--database", action="append", choices=["sqlite", "postgresql"],
                   help="database(s) to measure (repeatable). Default: sqlite, plus postgresql when a URL is given")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""),
                   help="PostgreSQL server to use (default: $BENCH_POSTGRES_URL); a fresh database is created "
                        "on it and dropped afterwards")
    p.add_argument("--bundle", default="auto",
                   help="'auto' (the demo bundle if marketplace/demo/listings.json exists, else generated), "
                        "'demo', 'generated', or a path to a bundle JSON file (default auto)")
    p.add_argument("--solutions", type=int, default=2000, help="solutions in a generated bundle (default 2000)")
    p.add_argument("--needs", type=int, default=200, help="needs in a generated bundle (default 200)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated bundle and of the request mix")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients (threads) (default 8)")
    p.add_argument("--requests", type=int, default=300, help="requests per client per endpoint (default 300)")
    p.add_argument("--max-seconds", type=float, default=15.0,
                   help="time cap per endpoint; clients stop early when it is reached (default 15)")
    p.add_argument("--warmup", type=int, default=4, help="warm-up requests per client per endpoint (default 4)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--timeout", type=float, default=30.0, help="client timeout per request, seconds (default 30)")
    p.add_argument("--port", type=int, default=0, help="port for gunicorn on 127.0.0.1 (default: a free one)")
    args = p.parse_args(argv)
    if not args.database:
        args.database = ["sqlite"] + (["postgresql"] if args.postgres_url else [])
    if "postgresql" in args.database and not args.postgres_url:
        p.error("--database postgresql needs --postgres-url or BENCH_POSTGRES_URL")
    if args.clients < 1 or args.requests < 1:
        p.error("--clients and --requests must be at least 1")
    return args


# --- the bundle --------------------------------------------------------------

def load_bundle(args) -> tuple[dict, str]:
    choice = args.bundle
    if choice == "auto":
        choice = "demo" if DEMO_BUNDLE.exists() else "generated"
    if choice == "generated":
        bundle = synthetic.generate(args.solutions, needs=args.needs, seed=args.seed)
        return bundle, f"generated (seed {args.seed}; {DEMO_BUNDLE.name} absent)" if args.bundle == "auto" \
            else f"generated (seed {args.seed})"
    path = DEMO_BUNDLE if choice == "demo" else Path(choice)
    return json.loads(path.read_text(encoding="utf-8")), str(path)


def load_database(url: str, search_path: Path, bundle: dict) -> tuple[dict, float]:
    """Migrate, import with inline indexing; returns published ids per kind and the import time."""
    from auth.policy.identity import cli_actor
    from marketplace.models import Need, Solution, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle

    app = common.make_app(url, search_path, SEARCH_SYNC="inline")
    try:
        with app.app_context():
            with common.Timer() as t:
                import_bundle(cli_actor("read_bench"), parse_bundle(bundle))
            ids = {
                kind: list(db.session.execute(
                    db.select(model.id).where(model.status == "published").order_by(model.id)
                ).scalars())
                for kind, model in (("solution", Solution), ("need", Need))
            }
            pending = db.session.execute(db.text("SELECT COUNT(*) FROM search_outbox WHERE processed_at IS NULL")).scalar()
            if pending:
                raise SystemExit(f"inline indexing left {pending} outbox rows pending: the index is incomplete")
    finally:
        common.dispose_app(app)
    return ids, t.seconds


# --- the server --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """``gunicorn -w N -b 127.0.0.1:PORT wsgi:app`` in its own process group; stop() always ends it."""

    def __init__(self, port: int, workers: int, env: dict, log_path: Path):
        self.port, self.log_path = port, log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [str(GUNICORN), "-w", str(workers), "-b", f"{HOST}:{port}", "wsgi:app"],
            cwd=common.ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
            try:
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()  # also when refused: an unclosed socket is a ResourceWarning
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /health within {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """SIGTERM to the master (graceful), then SIGKILL to its process group if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:  # workers left behind by a master that died: same group, which only we started
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=5)
        self._log.close()


# --- the load ----------------------------------------------------------------

@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    first_error: str = ""
    connections: int = 0
    wall: float = 0.0
    capped: bool = False


def run_load(port: int, paths, clients: int, per_client: int, max_seconds: float, timeout: float,
             warmup: int) -> LoadResult:
    """``clients`` threads, each with its own keep-alive connection, ``per_client`` requests each at most."""
    result = LoadResult()
    lock = threading.Lock()
    deadline_box = [0.0, 0.0]  # deadline, start time: set once every client has warmed up

    def open_the_gate():
        deadline_box[1] = time.perf_counter()
        deadline_box[0] = deadline_box[1] + max_seconds

    start = threading.Barrier(clients + 1, action=open_the_gate)

    def client(index: int):
        rng = random.Random(index)
        conn = None
        local: list[float] = []
        errors, first_error, connections = 0, "", 0

        def one(path: str, timed: bool):
            nonlocal conn, errors, first_error, connections
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
                connections += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/json"})
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - t0
                if response.status != 200:
                    errors += 1
                    first_error = first_error or f"{response.status} {path}: {body[:200]!r}"
                elif timed:
                    local.append(elapsed)
                if response.will_close:  # gunicorn's sync workers close after every response
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                errors += 1
                first_error = first_error or f"{type(exc).__name__} {path}: {exc}"
                conn.close()
                conn = None

        for _ in range(warmup):
            one(paths(rng), timed=False)
        errors, first_error = 0, ""  # warm-up failures show again in the timed part
        local.clear()
        timed_connections_from = connections
        start.wait()
        for _ in range(per_client):
            if time.perf_counter() >= deadline_box[0]:
                break
            one(paths(rng), timed=True)
        if conn is not None:
            conn.close()
        with lock:
            result.latencies.extend(local)
            result.errors += errors
            result.first_error = result.first_error or first_error
            result.connections += connections - timed_connections_from

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    for t in threads:
        t.join(max_seconds + timeout + 30)
    result.wall = time.perf_counter() - deadline_box[1]
    result.capped = len(result.latencies) + result.errors < clients * per_client
    return result


def endpoints(ids: dict, queries: list[str]):
    """(name, path chooser) for each endpoint measured, the baseline first and last."""
    solutions, needs = ids["solution"], ids["need"]
    return [
        ("GET /health (baseline)", lambda rng: "/health"),
        ("GET /api/v1/solutions/{id}", lambda rng: f"/api/v1/solutions/{rng.choice(solutions)}"),
        ("GET /api/v1/solutions/?q=...", lambda rng: "/api/v1/solutions/?q=" + quote(rng.choice(queries))),
        ("GET /api/v1/needs/{id}/matches", lambda rng: f"/api/v1/needs/{rng.choice(needs)}/matches"),
        ("GET /health (again, drift check)", lambda rng: "/health"),
    ]


# --- the run -----------------------------------------------------------------

def main(argv=None) -> int:
    args = parse_args(argv)
    tmp_root = Path(tempfile.mkdtemp(prefix="bench-read-"))
    common.prepare_environment(tmp_root)
    try:
        return run(args, tmp_root)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def run(args, tmp_root: Path) -> int:
    extra = {}
    if "postgresql" in args.database:
        extra["postgresql"] = common.postgres_server_version(args.postgres_url)
    print(common.machine_header("read_bench", extra), flush=True)
    bundle, source = load_bundle(args)
    size = synthetic.sizes(bundle)
    print(f"bundle     : {source}: {size['organisations']} organisations, {size['needs']} needs, "
          f"{size['solutions']} solutions, {size['deployments']} deployments")
    print(f"load       : {args.clients} clients x {args.requests} requests per endpoint, capped at "
          f"{args.max_seconds:g}s each; {args.warmup} warm-up requests per client (not timed); "
          f"gunicorn -w {args.workers} (sync workers); client and server share the {common.nproc()} CPUs\n",
          flush=True)
    queries = synthetic.query_words(bundle, 200, seed=args.seed)

    rows, notes, failed = [], [], False
    for database in args.database:
        with common.fresh_database(database, tmp_root, args.postgres_url, "read") as url:
            search_path = tmp_root / f"search-{database}.db"
            ids, import_s = load_database(url, search_path, bundle)
            print(f"  {database}: imported with inline indexing in {import_s:.1f}s "
                  f"({len(ids['solution'])} published solutions, {len(ids['need'])} published needs)", flush=True)
            if not ids["solution"] or not ids["need"]:
                raise SystemExit("the bundle has no published solutions or needs to read")
            port = args.port or free_port()
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(tmp_root / "instance"),
                "EMBEDDED_SEARCH_PATH": str(search_path),
                "SECRET_KEY": os.environ["SECRET_KEY"],
                "SEARCH_SYNC": "worker",  # reads write nothing; never index from a request here
            }
            env.pop("ELASTICSEARCH_URL", None)
            server = Gunicorn(port, args.workers, env, tmp_root / f"gunicorn-{database}.log")
            try:
                server.wait_ready()
                # The first worker to answer is not the last to finish booting: settle before timing.
                run_load(port, lambda rng: "/health", args.clients, 50, 3.0, args.timeout, 0)
                for name, paths in endpoints(ids, queries):
                    r = run_load(port, paths, args.clients, args.requests, args.max_seconds, args.timeout,
                                 args.warmup)
                    ok = len(r.latencies)
                    ms = [x * 1000 for x in r.latencies]
                    rows.append([
                        database, name, ok, r.errors,
                        common.percentile(ms, 50), common.percentile(ms, 95), common.percentile(ms, 99),
                        (ok / r.wall) if r.wall else float("nan"), r.wall,
                        ("time cap" if r.capped else "") + (f" {r.connections} conns" if r.connections else ""),
                    ])
                    print(f"  {database}: {name}: {ok} ok, {r.errors} errors in {r.wall:.1f}s", flush=True)
                    if r.errors:
                        failed = True
                        notes.append(f"{database} {name}: {r.errors} errors; first: {r.first_error}")
            finally:
                server.stop()
            if server.proc.returncode not in (0, -signal.SIGTERM):
                notes.append(f"{database}: gunicorn exited with {server.proc.returncode}")

    print()
    print(common.table(
        ["database", "endpoint", "ok", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s", "wall s", "note"],
        rows, align="llrrrrrrrl",
    ))
    print("\nreq/s      : successful requests / wall time of the timed part, all clients together")
    print("conns      : TCP connections opened in the timed part; gunicorn's sync worker closes the "
          "connection after each response, so keep-alive is not used (one connect per request, on loopback)")
    for line in notes:
        print("NOTE: " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
