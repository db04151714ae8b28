"""Against the real server: stop or hang Elasticsearch, write, bring it back, and every
change arrives by itself (the background drain), with no further write or request.

Runs only where the suite controls the server (``make test`` started it with
scripts/services/elasticsearch.sh); a restart takes ten seconds or more.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from auth.policy.identity import cli_actor
from marketplace.models import Need, OutboxEvent, Solution, db
from marketplace.services import listings
from search import indexer
from search.backend import SearchUnavailable
from tests.factories import import_bundle
from tests.search.dataset import BUNDLE

pytestmark = pytest.mark.only_backend("elastic")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "services" / "elasticsearch.sh"
ACTOR = cli_actor("test")
CATCH_UP_SECONDS = 5  # the promise: the index agrees with the database this soon after the node answers
BUDGET_SECONDS = 2  # the promise: search and match answer 503 this soon when the node hangs


def _service(action: str) -> str:
    return subprocess.run([str(SCRIPT), action], check=True, capture_output=True, text=True, timeout=300).stdout


@pytest.fixture
def elastic_app(search_app):
    if os.environ.get("TEST_ELASTICSEARCH_CONTROL") != "1":
        pytest.skip("the suite did not start this Elasticsearch, so it must not stop it")
    return search_app


def _by_ref(model, ref):
    return db.session.execute(db.select(model).where(model.ref == ref)).scalar_one()


def _index_agrees(api, backend) -> bool:
    """The writes made during the outage are what the index answers."""
    try:
        backend.refresh()
    except Exception:
        return False
    draft = api.get("/api/v1/solutions/?ref=s-draft")
    if draft.status_code != 200:
        return False
    return ([i["name"] for i in draft.json["items"]] == ["Outage edit 3"]
            and api.get("/api/v1/solutions/?ref=s-inhaler").json["items"] == []
            and api.get("/api/v1/solutions/?ref=s-copd").json["items"] == []
            and indexer.pending_count() == 0)


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _write_during_outage():
    """Publish a draft and edit it three times, archive two solutions (only drafts are deleted)."""
    draft, inhaler, copd = (_by_ref(Solution, r) for r in ("s-draft", "s-inhaler", "s-copd"))
    listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
    for n in range(1, 4):  # three edits in a row: only the last may be in the index
        sol = db.session.get(Solution, draft.id)
        listings.update(listings.SOLUTION, ACTOR, sol.id, {"name": f"Outage edit {n}", "version": sol.version})
    listings.transition(listings.SOLUTION, ACTOR, inhaler.id, "archive")
    listings.transition(listings.SOLUTION, ACTOR, copd.id, "archive")


def test_after_an_outage_the_index_catches_up_by_itself(elastic_app, api, backend):
    import_bundle(ACTOR, BUNDLE)
    elastic_app.config["SEARCH_SYNC"] = "background"  # the default: a drain thread in this process
    assert elastic_app.extensions["indexer"].start()
    _service("stop")
    try:
        _write_during_outage()  # every write is committed and answered
        assert db.session.execute(
            db.select(db.func.count()).select_from(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
        ).scalar() >= 6
        assert api.get("/api/v1/solutions/").status_code == 503
        assert api.get("/health").json["status"] == "degraded"
    finally:
        _service("start")  # returns once the node answers
    # No further write, no request that indexes: the drain's probe finds the node and applies the rows.
    assert _wait_for(lambda: _index_agrees(api, backend), CATCH_UP_SECONDS)


def test_a_hung_node_costs_a_request_the_budget_then_nothing(elastic_app, api, backend):
    import_bundle(ACTOR, BUNDLE)
    need = _by_ref(Need, "n-copd")
    elastic_app.config["SEARCH_SYNC"] = "background"
    assert elastic_app.extensions["indexer"].start()
    pid = int(_service("pid").strip())
    # The page's templates compile on first use: not what is measured here.
    assert api.get("/solutions?q=copd").status_code == 200
    os.kill(pid, signal.SIGSTOP)
    try:
        timings = []
        for url in ["/api/v1/solutions/?q=copd", f"/api/v1/needs/{need.id}/matches",
                    "/api/v1/solutions/?q=inhaler", "/api/v1/needs/?q=crowding", "/solutions?q=copd"]:
            started = time.monotonic()
            r = api.get(url)
            timings.append(time.monotonic() - started)
            assert r.status_code == 503, (url, r.status_code)
            assert int(r.headers["Retry-After"]) >= 1
            # One message for the API and the pages.
            assert SearchUnavailable.public_message in (r.json["message"] if url.startswith("/api/") else r.text)
        assert max(timings) < BUDGET_SECONDS, timings
        assert backend.breaker.state == "open"  # the later ones failed at once
        started = time.monotonic()
        health = api.get("/health")
        assert time.monotonic() - started < BUDGET_SECONDS
        assert health.status_code == 200
        assert (health.json["status"], health.json["database"], health.json["search"]["status"]) == (
            "degraded", "ok", "unavailable")
        started = time.monotonic()
        _write_during_outage()  # writes never wait on the index
        assert time.monotonic() - started < BUDGET_SECONDS
    finally:
        os.kill(pid, signal.SIGCONT)
    assert _wait_for(lambda: _index_agrees(api, backend), CATCH_UP_SECONDS)
    assert api.get("/health").json["status"] == "ok"
