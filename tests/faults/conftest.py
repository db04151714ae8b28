"""The fault suite's site: gunicorn (2 workers) serving the app on PostgreSQL and a real Elasticsearch.

PostgreSQL is a throwaway cluster of the suite's own (scripts/services/postgres.sh with
its own port and data dir), so stopping it disturbs no other test. Elasticsearch is the
suite's node, which ``make test`` starts and lets tests stop (TEST_ELASTICSEARCH_CONTROL=1);
every scenario leaves it running again. Where either is missing the scenarios are
skipped, and with REQUIRE_SERVICES=1 (CI) they fail instead.

The figures each scenario observes are printed at the end of the run (and at once under -s).
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
import requests
import sqlalchemy as sa

from bench.read_bench import Gunicorn
from tests.conftest import REQUIRE_SERVICES

from .services import ROOT, ElasticControl, PostgresCluster, ServiceError, free_port
from .traffic import Api, Ledger

WORKERS = 2
FIGURES: dict[str, dict[str, object]] = {}


def _unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def elastic():
    url = os.environ.get("TEST_ELASTICSEARCH_URL", "")
    if not url:
        _unavailable("TEST_ELASTICSEARCH_URL is not set: the fault suite needs a real Elasticsearch")
    if os.environ.get("TEST_ELASTICSEARCH_CONTROL") != "1":
        _unavailable("the suite did not start this Elasticsearch (TEST_ELASTICSEARCH_CONTROL!=1), so it must not stop it")
    control = ElasticControl(url)
    try:
        control.pid()
    except ServiceError as exc:
        _unavailable(str(exc))
    yield control
    # Whatever a scenario did, the rest of the suite gets its node back.
    control.resume()
    if not control.healthy():
        control.start()


@pytest.fixture(scope="module")
def postgres():
    port = os.environ.get("FAULTS_PGPORT")
    cluster = PostgresCluster(int(port) if port else None)
    try:
        cluster.start()
    except ServiceError as exc:
        cluster.destroy()
        _unavailable(f"the fault suite's own PostgreSQL cluster did not start: {exc}")
    yield cluster
    cluster.destroy()


@dataclass
class Site:
    port: int
    token: str
    organisation: str
    need_id: int
    engine: sa.Engine
    elastic: ElasticControl
    postgres: PostgresCluster
    server: Gunicorn
    index_prefix: str

    def api(self) -> Api:
        return Api(self.port, self.token)

    def wait_serving(self, timeout: float = 120) -> None:
        """Until a search and a database read both answer 200 (the precondition of each scenario)."""
        api, deadline = Api(self.port), time.monotonic() + timeout
        while True:
            search = api.call("probe", "GET", "/api/v1/needs/?q=copd")
            read = api.call("probe", "GET", f"/api/v1/needs/{self.need_id}")
            if search.status == read.status == 200:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the site is not serving: {search.describe()}; {read.describe()}\n"
                                     f"{self.server.log_tail()}")
            time.sleep(0.5)

    def needs_in_database(self, word: str) -> dict[str, list[tuple[int, str]]]:
        """title -> [(id, status)] of the needs whose title holds ``word``, as committed (two: a duplicate)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT title, id, status FROM needs WHERE title LIKE :p"),
                                {"p": f"%{word}%"}).all()
        out: dict[str, list[tuple[int, str]]] = {}
        for title, need_id, status in rows:
            out.setdefault(title, []).append((need_id, status))
        return out

    def first_traceback(self) -> str:
        """The first error a request met, as the server logged it (to explain a 500 in a failure's
        message): gunicorn's "Error handling request" or Flask's "Exception on"."""
        text = self.server.log_path.read_text(errors="replace")
        starts = [i for i in (text.find("Error handling request"), text.find("Exception on /")) if i >= 0]
        if not starts:
            return "(no request's error in the server's log)"
        lines = text[min(starts):].splitlines()[:80]
        return "\n".join(lines[:2] + ["..."] + lines[-40:])

    def outbox_pending(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.text("SELECT COUNT(*) FROM search_outbox WHERE processed_at IS NULL")).scalar_one()

    def found_by_search(self, api: Api, word: str) -> set[int] | None:
        """Ids of needs the public search finds for ``word`` (None: search did not answer 200)."""
        found, page = set(), 1
        while True:
            answer = api.call("consistency", "GET", f"/api/v1/needs/?q={word}&per_page=100&page={page}&sort=newest")
            if answer.status != 200:
                return None
            items = answer.body["items"]
            found |= {i["id"] for i in items if word in i.get("title", "")}
            if page * 100 >= answer.body["total"] or not items:
                return found
            page += 1

    def wait_consistent(self, api: Api, ledger: Ledger, since: float, limit: float = 30.0) -> dict:
        """Poll the search API until it finds exactly the needs the database holds as published.

        Returns the seconds after ``since`` at which it first did ("consistent", None if not
        within ``limit``), at which the outbox was first empty ("drained"), and the last difference.
        """
        expected = {i for rows in self.needs_in_database(ledger.token).values()
                    for i, status in rows if status == "published"}
        out = {"consistent": None, "drained": None, "diff": "search never answered"}
        while True:
            found = self.found_by_search(api, ledger.token)
            now = time.monotonic()
            if out["drained"] is None and self.outbox_pending() == 0:
                out["drained"] = now - since
            if found is not None and out["consistent"] is None and found == expected:
                out["consistent"] = now - since
            elif found is not None and found != expected:
                out["consistent"] = None  # agreed, then not: it must hold until the outbox is empty
            if out["consistent"] is not None and out["drained"] is not None:
                return out
            if found is not None and found != expected:
                out["diff"] = (f"{len(expected)} published, {len(found)} found; missing {sorted(expected - found)[:10]}, "
                               f"extra {sorted(found - expected)[:10]}; {self.outbox_pending()} outbox rows pending; "
                               + self.explain(sorted(expected ^ found)[:3]))
            if now - since > limit:
                return out
            time.sleep(0.1)

    def first_applied_after(self, since: float) -> float | None:
        """Seconds from ``since`` (time.monotonic()) to the first outbox row the app applied after it."""
        wall = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=time.monotonic() - since)
        with self.engine.connect() as conn:
            first = conn.execute(sa.text("SELECT MIN(processed_at) FROM search_outbox WHERE processed_at >= :w"),
                                 {"w": wall}).scalar()
        return None if first is None else (first - wall).total_seconds()

    def explain(self, ids: list[int]) -> str:
        """What the database, the outbox and the index each say of these needs (for a failure's message)."""
        lines = []
        with self.engine.connect() as conn:
            for need_id in ids:
                status = conn.execute(sa.text("SELECT status FROM needs WHERE id = :i"), {"i": need_id}).scalar()
                rows = conn.execute(sa.text(
                    "SELECT id, created_at, processed_at, attempts, last_error FROM search_outbox "
                    "WHERE kind = 'need' AND object_id = :i ORDER BY id"), {"i": need_id}).all()
                doc = requests.get(f"{self.elastic.url}/{self.index_prefix}-needs/_doc/{need_id}", timeout=10)
                indexed = doc.json().get("_source", {}).get("status") if doc.status_code == 200 else doc.status_code
                lines.append(f"need {need_id}: database {status}, index {indexed}, outbox "
                             + "; ".join(f"#{r.id} made {r.created_at:%H:%M:%S.%f} done {r.processed_at and f'{r.processed_at:%H:%M:%S.%f}'} "
                                         f"tries {r.attempts} {(r.last_error or '')[:80]}" for r in rows))
        return " | ".join(lines)


@pytest.fixture(scope="module")
def site(elastic, postgres, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    prefix = f"faults{os.getpid()}"
    env = {**os.environ,
           "DATABASE_URL": postgres.url, "ELASTICSEARCH_URL": elastic.url, "SEARCH_INDEX_PREFIX": prefix,
           "SECRET_KEY": secrets.token_urlsafe(32), "INSTANCE_PATH": str(tmp / "instance"),
           "OAUTH2_ALLOW_HTTP": "1", "SESSION_COOKIE_SECURE": "0"}
    env.pop("SEARCH_SYNC", None)  # the default (inline), which the issue is about
    elastic.wait_healthy()
    seeded = subprocess.run([sys.executable, "-m", "tests.faults.seed"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600, check=False)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    server = Gunicorn(port, WORKERS, env, tmp / "gunicorn.log")
    engine = sa.create_engine(postgres.url, pool_pre_ping=True)
    try:
        server.wait_ready(timeout=180)
        token = Api(port).token_for(seed["client_id"], seed["client_secret"])
        yield Site(port, token, seed["organisation"], seed["need_id"], engine, elastic, postgres, server, prefix)
    finally:
        server.stop()
        engine.dispose()
        if elastic.healthy():
            requests.delete(f"{elastic.url}/{prefix}-*", timeout=60)


@pytest.fixture
def figures(request):
    """The figures a scenario observed: printed now (seen under -s) and in the run's summary."""
    observed: dict[str, object] = {}
    FIGURES[request.node.name] = observed
    yield observed
    print(f"\n[faults] {request.node.name}: " + _format(observed))


def _format(observed: dict[str, object]) -> str:
    return ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in observed.items())


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("fault suite figures")
    for name, observed in FIGURES.items():
        terminalreporter.write_line(f"{name}: {_format(observed)}")
