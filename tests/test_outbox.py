"""The outbox is derived from what a flush changed, on every database: no write path can
forget a row, and a rolled-back write leaves none. Also the rebuild lock and /health's
database half, which need a database but no search server."""
from __future__ import annotations

import pytest

from config import Config
from marketplace import create_app
from marketplace.models import Deployment, OutboxEvent, db
from search.cli import RebuildRunning, rebuild_lock
from tests.conftest import make_config


def pending() -> list[tuple[str, int]]:
    rows = db.session.execute(db.select(OutboxEvent).order_by(OutboxEvent.id)).scalars()
    return [(r.kind, r.object_id) for r in rows if r.processed_at is None]


def test_a_plain_orm_write_queues_its_record(app, factory):
    """No service, no enqueue call: the listener sees the flush."""
    app.config["SEARCH_SYNC"] = "worker"  # keep the rows pending to look at them
    try:
        org = factory.organisation(kind="innovator")
        solution = factory.solution(org, status="draft")
        before = len(pending())
        solution.name = "Renamed without the service layer"
        db.session.commit()
        assert pending()[before:] == [("solution", solution.id)]
    finally:
        app.config["SEARCH_SYNC"] = "inline"


def test_an_unchanged_record_and_a_rollback_queue_nothing(app, factory):
    app.config["SEARCH_SYNC"] = "worker"
    try:
        org = factory.organisation(kind="innovator")
        solution = factory.solution(org, status="draft")
        before = pending()
        solution.name = solution.name  # set to what it was: no change
        db.session.commit()
        solution.name = "Never committed"
        db.session.flush()
        db.session.rollback()
        assert pending() == before
    finally:
        app.config["SEARCH_SYNC"] = "inline"


def test_deployments_queue_their_solution_and_a_moved_organisation_its_deployed_solutions(app, factory):
    app.config["SEARCH_SYNC"] = "worker"
    try:
        trust = factory.organisation(kind="nhs-trust", region="london")
        innovator = factory.organisation(kind="innovator")
        deployed = factory.solution(innovator, deployments=[trust])
        factory.solution(innovator)  # deployed nowhere: not re-indexed
        start = len(pending())
        trust.region = "north-east"  # solution documents carry deployment regions
        db.session.commit()
        assert pending()[start:] == [("solution", deployed.id), ("organisation", trust.id)]
        start = len(pending())
        trust.description = "A description is not in any solution's document."
        db.session.commit()
        assert pending()[start:] == [("organisation", trust.id)]
        start = len(pending())
        deployment = db.session.execute(db.select(Deployment).where(Deployment.solution_id == deployed.id)).scalar_one()
        db.session.delete(deployment)
        db.session.commit()
        # The solution, and the organisation's own document (it names the solutions used there).
        assert pending()[start:] == [("organisation-doc", trust.id), ("solution", deployed.id)]
    finally:
        app.config["SEARCH_SYNC"] = "inline"


def test_a_second_rebuild_is_refused_while_one_runs(app):
    with rebuild_lock(db.engine, "test"):
        with pytest.raises(RebuildRunning, match="already running"):
            with rebuild_lock(db.engine, "test"):
                pass
        with rebuild_lock(db.engine, "another-prefix"):  # another index: its own lock
            pass
    with rebuild_lock(db.engine, "test"):  # released
        pass


def test_search_reindex_says_a_rebuild_is_running(app):
    with rebuild_lock(db.engine, app.config["SEARCH_INDEX_PREFIX"]):
        result = app.test_cli_runner().invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 1
    assert "A rebuild of the search index is already running" in result.output
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 0, result.output


def test_health_reports_the_database_and_the_outbox(client):
    r = client.get("/health")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["outbox_pending"] == 0
    assert body["search"]["status"] == "ok" and body["search"]["breaker"] == "closed"


@pytest.mark.only_database("sqlite")
def test_health_is_503_when_the_database_does_not_answer(tmp_path):
    """A PostgreSQL that refuses connections (nothing listens on the port)."""
    config: Config = make_config("postgresql+psycopg://nobody@127.0.0.1:9/none", tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 2}}
    app = create_app(config)
    r = app.test_client().get("/health")
    assert r.status_code == 503
    body = r.get_json()
    assert (body["status"], body["database"], body["outbox_pending"]) == ("unavailable", "unavailable", None)


def test_a_deployment_added_through_its_solution_queues_the_solution(app, factory):
    """Added by relationship (no solution_id given): the flush fills it in, and the row follows."""
    app.config["SEARCH_SYNC"] = "worker"
    try:
        trust = factory.organisation(kind="nhs-trust")
        solution = factory.solution(factory.organisation(kind="innovator"))
        start = len(pending())
        db.session.add(Deployment(solution=solution, organisation_id=trust.id))
        db.session.flush()
        db.session.commit()
        assert pending()[start:] == [("organisation-doc", trust.id), ("solution", solution.id)]
    finally:
        app.config["SEARCH_SYNC"] = "inline"
