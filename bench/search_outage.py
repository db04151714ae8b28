"""What an Elasticsearch fault costs: a hung node (SIGSTOP) and a stopped one.

    ES_PORT=9211 scripts/services/elasticsearch.sh start
    ES_PORT=9211 python -m bench.search_outage --requests 20 [--baseline]

Against the node that scripts/services/elasticsearch.sh started (its pid from ``pid``;
always SIGCONT in a finally), with the app in-process on a temporary SQLite database,
the background drain running (SEARCH_SYNC=background) and the test bundle imported:

* hung: the latency and status of ``--requests`` searches (median, p95), of /health,
  and of a write; then, after SIGCONT, how long until the index agrees with the database;
* stopped: writes during the outage; after ``start`` returns (the node answers), how long
  until the index agrees, with no further write or request that indexes.

Baseline (``--baseline``): main's client settings (10 s timeout, retry on timeout, 2
retries) for two searches against the hung node; without it, the figure from issue 11.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from . import common

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "services" / "elasticsearch.sh"


def _service(action: str) -> str:
    return subprocess.run([str(SCRIPT), action], check=True, capture_output=True, text=True, timeout=300).stdout


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _wait_for(condition, seconds: float = 60.0) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if condition():
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--baseline", action="store_true", help="measure main's client settings too (slow)")
    args = parser.parse_args()

    from auth.identity import cli_actor
    from marketplace import create_app
    from marketplace.models import Solution, db
    from marketplace.services import listings
    from marketplace.services.bundle import import_bundle
    from search import indexer
    from tests.conftest import make_config
    from tests.search.dataset import BUNDLE

    url = _service("url").strip()
    pid = int(_service("pid").strip())
    tmp = Path(tempfile.mkdtemp(prefix="outage-bench-"))
    app = create_app(make_config(f"sqlite:///{tmp / 'db.sqlite'}", tmp, ELASTICSEARCH_URL=url,
                                 SEARCH_INDEX_PREFIX=f"bench-outage-{os.getpid()}", SEARCH_SYNC="background"))
    actor = cli_actor("bench")
    client = app.test_client()
    print(common.machine_header("Elasticsearch faults: a hung node and a stopped one",
                                {"ELASTICSEARCH_TIMEOUT": str(app.config["ELASTICSEARCH_TIMEOUT"]),
                                 "breaker": f"{app.config['SEARCH_BREAKER_FAILURES']} failures, "
                                            f"{app.config['SEARCH_BREAKER_COOLDOWN_SECONDS']} s cool-down"}))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        backend = app.extensions["search"]
        backend.reset()
        import_bundle(actor, BUNDLE)
        app.extensions["indexer"].start()
        assert _wait_for(lambda: indexer.pending_count() == 0) is not None
        draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()

        def agrees(name):
            def check():
                try:
                    backend.refresh()
                except Exception:
                    return False
                r = client.get("/api/v1/solutions/?ref=s-draft")
                return r.status_code == 200 and [i["name"] for i in r.json["items"]] == [name] \
                    and indexer.pending_count() == 0
            return check

        def edit(name):
            sol = db.session.get(Solution, draft.id)
            if sol.status == "draft":
                listings.transition(listings.SOLUTION, actor, sol.id, "publish")
                sol = db.session.get(Solution, draft.id)
            listings.update(listings.SOLUTION, actor, sol.id, {"name": name, "version": sol.version})

        rows = []
        os.kill(pid, signal.SIGSTOP)
        try:
            samples, statuses = [], set()
            for _ in range(args.requests):
                seconds, r = _timed(lambda: client.get("/api/v1/solutions/?q=copd"))
                samples.append(seconds)
                statuses.add(r.status_code)
            health_s, health = _timed(lambda: client.get("/health"))
            write_s, _ = _timed(lambda: edit("Edited while hung"))
            baseline = None
            if args.baseline:
                from elasticsearch import Elasticsearch

                old = Elasticsearch(url, request_timeout=10, retry_on_timeout=True, max_retries=2)
                baseline = []
                for _ in range(2):
                    started = time.perf_counter()
                    try:
                        old.search(index=backend.alias("solution"), query={"match_all": {}})
                    except Exception:
                        pass
                    baseline.append(time.perf_counter() - started)
        finally:
            os.kill(pid, signal.SIGCONT)
        caught_up = _wait_for(agrees("Edited while hung"))
        rows.append(["search while hung (s)", f"{common.median(samples):.2f}", f"{common.percentile(samples, 95):.2f}",
                     "/".join(map(str, sorted(statuses))),
                     f"{common.median(baseline):.1f} (measured)" if baseline else "30 (issue 11)"])
        rows.append(["/health while hung (s)", f"{health_s:.2f}", "", f"{health.status_code} "
                     f"{health.json['status']}", "30 (issue 11)"])
        rows.append(["write while hung (s)", f"{write_s:.2f}", "", "committed", "30 (issue 11, inline)"])
        rows.append(["index agrees after SIGCONT (s)", f"{caught_up:.2f}" if caught_up else "not in 60 s", "", "",
                     "next write (issue 11)"])

        _service("stop")
        try:
            edit("Edited while stopped")
        finally:
            _service("start")
        caught_up = _wait_for(agrees("Edited while stopped"))
        rows.append(["index agrees after restart (s)", f"{caught_up:.2f}" if caught_up else "not in 60 s", "", "",
                     "next write (issue 11)"])
        app.extensions["indexer"].stop()
        backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True, allow_no_indices=True)
    print(common.table(["measure", "median", "p95", "answer", "baseline"], rows))
    print(common.p95_note(args.requests))


if __name__ == "__main__":
    main()
