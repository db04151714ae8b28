"""Migrations are the only way a schema is made: they must build exactly what the models describe.

Runs on each database (SQLite always, PostgreSQL when TEST_DATABASE_URL is set), each
time on a database of its own, so the shared test database is never downgraded.
"""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from config import ROOT
from marketplace import create_app
from marketplace.models import db
from tests.conftest import DATABASES, POSTGRES_URL, make_config

MIGRATIONS = ROOT / "migrations"


@pytest.fixture(params=DATABASES)
def empty_app(request, tmp_path):
    """An app on a brand-new, empty database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
        yield _app(url, tmp_path)
        return
    server = sa.make_url(POSTGRES_URL)
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield _app(server.set(database=name).render_as_string(hide_password=False), tmp_path)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _app(url, tmp_path):
    app = create_app(make_config(url, tmp_path))
    return app


def _tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def _differences(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, db.metadata)


def _revision(app) -> str | None:
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_exactly_one_head():
    script = ScriptDirectory(str(MIGRATIONS))
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads: {heads}; merge them"
    # Every revision but the first has a parent that exists.
    revisions = list(script.walk_revisions())
    assert sum(1 for r in revisions if r.down_revision is None) == 1


def test_upgrade_downgrade_upgrade_and_models_match(empty_app):
    app = empty_app
    model_tables = {t.name for t in db.metadata.sorted_tables}
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    try:
        assert _tables(app) == set()
        with app.app_context():
            upgrade()
        assert _tables(app) == model_tables | {"alembic_version"}
        assert _revision(app) == head
        # `flask db check`: autogenerate finds nothing to do.
        assert _differences(app) == []

        with app.app_context():
            downgrade(revision="-1")
        previous = ScriptDirectory(str(MIGRATIONS)).get_revision(head).down_revision
        assert _revision(app) == previous
        if previous is None:
            assert _tables(app) <= {"alembic_version"}

        with app.app_context():
            upgrade()
        assert _revision(app) == head
        assert _tables(app) == model_tables | {"alembic_version"}
        assert _differences(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()


def test_the_migrated_schema_keeps_its_promises(empty_app):
    """What the database itself enforces, whatever the code above it does."""
    app = empty_app
    try:
        with app.app_context():
            upgrade()
            with db.engine.begin() as conn:
                conn.execute(sa.text(
                    "INSERT INTO organisations (ref, name, kind, open_to_codesign, codesign_areas, verified, version,"
                    " created_at, updated_at) VALUES ('o', 'O', 'nhs-trust', false, '[]', false, 1,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            insert_need = (
                "INSERT INTO needs (ref, organisation_id, title, problem, clinical_areas, care_settings,"
                " min_evidence_level, required_regulatory, open_to_codesign, status, version, created_at, updated_at)"
                " VALUES (:ref, (SELECT id FROM organisations), 't', 'p', '[]', '[]', 'concept', '[]', false,"
                " :status, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
            with db.engine.begin() as conn:
                conn.execute(sa.text(insert_need), {"ref": "n1", "status": "draft"})
            for ref, status in (("n1", "draft"), ("n2", "deleted")):  # a repeated ref; an unknown status
                with pytest.raises(sa.exc.IntegrityError):
                    with db.engine.begin() as conn:
                        conn.execute(sa.text(insert_need), {"ref": ref, "status": status})
    finally:
        with app.app_context():
            db.engine.dispose()
