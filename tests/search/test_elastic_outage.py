"""Against the real server: stop Elasticsearch, write, start it, and every change arrives.

Runs only where the suite controls the server (``make test`` started it with
scripts/services/elasticsearch.sh); it takes about ten seconds to restart.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from auth.policy.identity import cli_actor
from marketplace.models import OutboxEvent, Solution, db
from marketplace.services import listings
from search import indexer
from tests.factories import import_bundle
from tests.search.dataset import BUNDLE

pytestmark = pytest.mark.only_backend("elastic")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "services" / "elasticsearch.sh"
ACTOR = cli_actor("test")


def _service(action: str) -> None:
    subprocess.run([str(SCRIPT), action], check=True, capture_output=True, timeout=300)


@pytest.fixture
def elastic_app(search_app):
    if os.environ.get("TEST_ELASTICSEARCH_CONTROL") != "1":
        pytest.skip("the suite did not start this Elasticsearch, so it must not stop it")
    return search_app


def test_writes_during_an_outage_arrive_in_order_once_it_is_back(elastic_app, api, backend):
    import_bundle(ACTOR, BUNDLE)
    draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
    inhaler = db.session.execute(db.select(Solution).where(Solution.ref == "s-inhaler")).scalar_one()
    _service("stop")
    try:
        listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
        for n in range(1, 4):  # three edits in a row: only the last may be in the index
            sol = db.session.get(Solution, draft.id)
            listings.update(listings.SOLUTION, ACTOR, sol.id, {"name": f"Outage edit {n}", "version": sol.version})
        listings.transition(listings.SOLUTION, ACTOR, inhaler.id, "archive")
        pending = db.session.execute(
            db.select(OutboxEvent).where(OutboxEvent.processed_at.is_(None)).order_by(OutboxEvent.id)
        ).scalars().all()
        assert len(pending) == 5
        # The first write found the index down; the breaker spared the others the wait.
        assert pending[0].attempts >= 1 and "did not answer" in pending[0].last_error
        assert api.get("/api/v1/solutions/").status_code == 503
    finally:
        _service("start")
    db.session.execute(db.update(OutboxEvent).values(next_attempt_at=None))  # their retry time has come
    db.session.commit()
    assert indexer.drain(backend) == 5
    items = api.get("/api/v1/solutions/?ref=s-draft").json["items"]
    assert [i["name"] for i in items] == ["Outage edit 3"]
    assert api.get("/api/v1/solutions/?ref=s-inhaler").json["items"] == []
    assert indexer.pending_count() == 0
