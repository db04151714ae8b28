"""Keeping the index true: the outbox, the indexer and rebuilds, on each backend."""
from __future__ import annotations

import threading

import pytest

from auth.identity import cli_actor
from marketplace.models import Solution, db
from marketplace.services import listings, organisations
from marketplace.services.bundle import import_bundle
from search import indexer
from search.cli import rebuild_all
from tests.search.dataset import BUNDLE

ACTOR = cli_actor("test")


def refs(api, url):
    return sorted(i["ref"] for i in api.get(url).json["items"])


def test_every_change_reaches_the_index_after_commit(api, search_app):
    import_bundle(ACTOR, BUNDLE)
    draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
    assert "s-draft" not in refs(api, "/api/v1/solutions/?per_page=100")
    listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
    assert "s-draft" in refs(api, "/api/v1/solutions/?q=secret")
    listings.transition(listings.SOLUTION, ACTOR, draft.id, "archive")
    assert refs(api, "/api/v1/solutions/?q=secret") == []
    copd = db.session.execute(db.select(Solution).where(Solution.ref == "s-copd")).scalar_one()
    listings.transition(listings.SOLUTION, ACTOR, copd.id, "archive")  # published ones are archived, not deleted
    assert "s-copd" not in refs(api, "/api/v1/solutions/?per_page=100")
    draft = listings.create(listings.SOLUTION, ACTOR, {"organisation": copd.organisation.ref, "name": "Gone soon"})
    listings.delete(listings.SOLUTION, ACTOR, draft.id)
    assert indexer.pending_count() == 0


def test_organisation_changes_refresh_their_listings(api, search_app):
    import_bundle(ACTOR, BUNDLE)
    org = organisations.get(ACTOR, db.session.execute(
        db.select(Solution.organisation_id).where(Solution.ref == "s-spiro")).scalar_one())
    organisations.update(ACTOR, org.id, {"name": "Renamed Diagnostics Ltd", "version": org.version})
    items = api.get("/api/v1/solutions/?ref=s-spiro").json["items"]
    assert items[0]["organisation_name"] == "Renamed Diagnostics Ltd"


def test_reindex_rebuilds_and_keeps_answering(api, search_app, backend):
    import_bundle(ACTOR, BUNDLE)
    before = api.get("/api/v1/solutions/?per_page=100").json
    errors, totals = [], []
    stop = threading.Event()

    def search_meanwhile():
        client = search_app.test_client()
        while not stop.is_set():
            with search_app.app_context():
                r = client.get("/api/v1/solutions/?per_page=100")
            if r.status_code != 200:
                errors.append(r.status_code)
            else:
                totals.append(r.json["total"])

    thread = threading.Thread(target=search_meanwhile)
    thread.start()
    try:
        for _ in range(3):
            rebuild_all(backend, show_progress=False)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert totals and set(totals) == {before["total"]}
    after = api.get("/api/v1/solutions/?per_page=100").json
    assert sorted(i["ref"] for i in after["items"]) == sorted(i["ref"] for i in before["items"])
    assert after["facets"] == before["facets"]


def test_reindex_command_prints_counts(search_app):
    import_bundle(ACTOR, BUNDLE)
    result = search_app.test_cli_runner().invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "6 solutions, 3 needs, 5 organisations indexed" in result.output


def test_worker_mode_leaves_changes_to_the_worker(api, search_app):
    search_app.config["SEARCH_SYNC"] = "worker"
    try:
        import_bundle(ACTOR, BUNDLE)
        assert api.get("/api/v1/solutions/").json["total"] == 0
        assert indexer.pending_count() > 0
        result = search_app.test_cli_runner().invoke(args=["search", "worker", "--once"])
        assert result.exit_code == 0, result.output
    finally:
        search_app.config["SEARCH_SYNC"] = "inline"
    assert indexer.pending_count() == 0
    assert api.get("/api/v1/solutions/").json["total"] == 6
    status = search_app.test_cli_runner().invoke(args=["search", "status"])
    assert "solutions: 6 in the index" in status.output and "outbox: 0 pending" in status.output


@pytest.mark.only_backend("embedded")
def test_a_locked_embedded_index_loses_nothing(api, search_app, backend):
    """A real failure of the embedded index (another process holds its write lock): the
    writes commit, the outbox keeps them, the breaker spares later writers, and one drain
    applies them all once the lock is gone."""
    import sqlite3

    from marketplace.models import OutboxEvent
    # (Elasticsearch's counterpart is test_elastic_outage.py, against the real server.)
    import_bundle(ACTOR, BUNDLE)
    backend._db.execute("PRAGMA busy_timeout = 100")
    holder = sqlite3.connect(backend.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
        listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
        sol = db.session.get(Solution, draft.id)
        listings.update(listings.SOLUTION, ACTOR, sol.id, {"name": "Published while locked", "version": sol.version})
        rows = db.session.execute(
            db.select(OutboxEvent).where(OutboxEvent.processed_at.is_(None)).order_by(OutboxEvent.id)
        ).scalars().all()
        assert len(rows) == 2
        assert rows[0].attempts == 1 and "locked" in rows[0].last_error
        assert rows[1].attempts == 0  # the breaker skipped inline indexing for the second write
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db.session.execute(db.update(OutboxEvent).values(next_attempt_at=None))
    db.session.commit()
    assert indexer.drain(backend) == 2
    assert [i["name"] for i in api.get("/api/v1/solutions/?ref=s-draft").json["items"]] == ["Published while locked"]
    assert indexer._inline_paused_until is None
