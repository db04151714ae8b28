"""Keeping the index true: the outbox, the indexer and rebuilds, on each backend."""
from __future__ import annotations

import threading

import pytest

from auth.identity import cli_actor
from marketplace.models import Need, Organisation, Solution, db
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
    listings.delete(listings.SOLUTION, ACTOR, copd.id)
    assert "s-copd" not in refs(api, "/api/v1/solutions/?per_page=100")
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
    writes commit, the outbox keeps them, the breaker opens after SEARCH_BREAKER_FAILURES
    failures and spares later writers, and the drain applies them all once the lock is gone."""
    import sqlite3

    from marketplace.models import OutboxEvent
    # (Elasticsearch's counterpart is test_elastic_outage.py, against the real server.)
    import_bundle(ACTOR, BUNDLE)
    failures = search_app.config["SEARCH_BREAKER_FAILURES"]
    backend._db.execute("PRAGMA busy_timeout = 100")
    holder = sqlite3.connect(backend.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
        listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
        for n in range(failures):
            sol = db.session.get(Solution, draft.id)
            listings.update(listings.SOLUTION, ACTOR, sol.id, {"name": f"Published while locked {n}",
                                                               "version": sol.version})
        rows = db.session.execute(
            db.select(OutboxEvent).where(OutboxEvent.processed_at.is_(None)).order_by(OutboxEvent.id)
        ).scalars().all()
        assert len(rows) == failures + 1
        assert all(r.attempts == 1 and "locked" in r.last_error for r in rows[:failures])
        assert rows[-1].attempts == 0  # the open breaker skipped inline indexing for the last write
        assert backend.breaker.state == "open"
        assert api.get("/api/v1/solutions/").status_code == 503  # searches fail at once too
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # The drain waits for the breaker's probe time, probes, and applies every row.
    assert search_app.extensions["indexer"].run(once=True) == failures + 1
    assert backend.breaker.state == "closed"
    items = api.get("/api/v1/solutions/?ref=s-draft").json["items"]
    assert [i["name"] for i in items] == [f"Published while locked {failures - 1}"]


def _wait_for(condition, seconds: float) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass (a promise with a deadline, not a timing)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_deploying_organisations_new_region_reaches_the_solution(api, search_app):
    """A solution's document carries the regions of its deployments: an organisation that
    moves region re-indexes the solutions deployed there."""
    import_bundle(ACTOR, BUNDLE)
    assert "s-spiro" not in refs(api, "/api/v1/solutions/?region=north-east-yorkshire")
    gp = organisations.get(ACTOR, db.session.execute(
        db.select(Organisation.id).where(Organisation.ref == "gp-east")).scalar_one())
    organisations.update(ACTOR, gp.id, {"region": "north-east-yorkshire", "version": gp.version})
    assert refs(api, "/api/v1/solutions/?region=north-east-yorkshire") == ["s-spiro"]
    assert "s-spiro" not in refs(api, "/api/v1/solutions/?region=london")


def test_an_organisations_care_settings_follow_its_published_needs(api, search_app):
    """An organisation's document carries the care settings of its published needs: a need
    that changes them, or is closed, re-indexes the organisation (not all its listings)."""
    import_bundle(ACTOR, BUNDLE)
    url = "/api/v1/organisations/?care_settings=ambulance"
    assert refs(api, url) == []
    need = db.session.execute(db.select(Need).where(Need.ref == "n-ae")).scalar_one()
    listings.update(listings.NEED, ACTOR, need.id, {"care_settings": ["ambulance"], "version": need.version})
    assert refs(api, url) == ["t-south"]
    listings.transition(listings.NEED, ACTOR, need.id, "close")
    assert refs(api, url) == []


def test_inline_applies_only_the_commits_own_rows(api, search_app):
    """A request never drains others' rows: what another writer left pending stays for the drain."""
    search_app.config["SEARCH_SYNC"] = "worker"
    import_bundle(ACTOR, BUNDLE)  # left pending, as if another process wrote it
    left = indexer.pending_count()
    search_app.config["SEARCH_SYNC"] = "inline"
    draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
    listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
    assert indexer.pending_count() == left
    assert refs(api, "/api/v1/solutions/?per_page=100") == ["s-draft"]


def test_the_background_drain_catches_up_with_no_request(api, search_app):
    """The default mode: a commit wakes this process's drain thread, which indexes the write;
    rows another process left are found by its poll."""
    drain = search_app.extensions["indexer"]
    search_app.config["SEARCH_SYNC"] = "worker"
    import_bundle(ACTOR, BUNDLE)  # another process's rows, no wake-up here
    search_app.config["SEARCH_SYNC"] = "background"
    assert not drain.running
    api.get("/health")  # the first request a process serves starts its drain (flask run; gunicorn: post_worker_init)
    assert drain.running
    assert _wait_for(lambda: indexer.pending_count() == 0, 10)
    draft = db.session.execute(db.select(Solution).where(Solution.ref == "s-draft")).scalar_one()
    listings.transition(listings.SOLUTION, ACTOR, draft.id, "publish")
    assert _wait_for(lambda: indexer.pending_count() == 0, 10)
    search_app.extensions["search"].refresh()
    assert "s-draft" in refs(api, "/api/v1/solutions/?per_page=100")
    drain.stop()
    assert not drain.running


def test_each_app_has_its_own_indexer_and_breaker(search_app, tmp_path):
    from marketplace import create_app
    from search.indexer import Indexer
    from tests.conftest import make_config

    other = create_app(make_config(f"sqlite:///{tmp_path / 'other.db'}", tmp_path))
    mine = search_app.extensions["indexer"]
    assert isinstance(mine, Indexer) and mine is not other.extensions["indexer"]
    breaker = search_app.extensions["search"].breaker
    for _ in range(breaker.threshold):
        breaker.failed()
    assert breaker.state == "open"
    assert other.extensions["search"].breaker.state == "closed"
    breaker.reset()
