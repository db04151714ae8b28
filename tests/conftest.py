"""Fixtures: the whole suite runs on every database we ship against.

SQLite always; PostgreSQL when TEST_DATABASE_URL is set (``make test`` starts
one). With REQUIRE_SERVICES=1 a missing PostgreSQL fails the run instead of
narrowing it.
"""
from __future__ import annotations

import contextlib

import os

import hypothesis
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from config import Config
from marketplace import create_app
from marketplace.models import db

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# In CI the generated cases are the same on every run, so a result can be reproduced;
# developers' runs keep exploring new cases.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")

if REQUIRE_SERVICES and not POSTGRES_URL:
    raise pytest.UsageError("REQUIRE_SERVICES=1 but TEST_DATABASE_URL is not set: PostgreSQL did not start")

DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _url(name: str, tmp_dir) -> str:
    if name == "sqlite":
        return f"sqlite:///{tmp_dir / 'test.db'}"
    return POSTGRES_URL


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def make_config(database_url: str, tmp_dir, **overrides) -> Config:
    return Config(
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY="test-secret-not-for-production",
        TESTING=True,
        # Cheap argon2 so the suite stays quick; the production parameters are tested on their own.
        ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=1024, ARGON2_PARALLELISM=1,
        OAUTH2_ALLOW_HTTP=True,
        SESSION_COOKIE_SECURE=False,
        EMBEDDED_SEARCH_PATH=str(tmp_dir / "search.db"),
        # Writes are searchable when they return (config.py: inline is for tests only); the
        # background drain has tests of its own (tests/search/test_index_sync.py).
        **{"SEARCH_SYNC": "inline", **overrides},
    )


@pytest.fixture(scope="session", params=DATABASES)
def database(request, tmp_path_factory):
    """One migrated database per kind, made once per test session."""
    from flask_migrate import upgrade

    tmp_dir = tmp_path_factory.mktemp(request.param)
    url = _url(request.param, tmp_dir)
    if request.param == "postgresql":
        _reset_postgres(url)
    app = create_app(make_config(url, tmp_dir))
    app.test_client_class = RequestScopedClient
    with app.app_context():
        if request.param == "sqlite":
            # Like the test PostgreSQL (fsync off): no waiting for the disk after each commit.
            # Transactions and locking behave exactly as before; only crash-durability goes.
            sa.event.listen(db.engine, "connect", _sqlite_no_sync)
        upgrade()
    yield {"name": request.param, "url": url, "tmp": tmp_dir, "app": app}
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter does


def _sqlite_no_sync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous = OFF")


class RequestScopedClient(FlaskClient):
    """Each request runs in an application context of its own, as under a real server.

    So each request has its own database session, ended (rolled back if it did not
    commit) when the request ends: what one request leaves uncommitted can never be
    committed by the next one, nor by the test. Afterwards the test's own session
    forgets what it had loaded, so it reads what the request committed.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(database):
    from auth.http.limits import limiter

    app = database["app"]
    with app.app_context():
        limiter.reset()  # every test starts with fresh rate-limit counters
        yield app
        db.session.remove()
        _empty_tables()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(app):
    from tests.factories import Factory

    return Factory()


@pytest.fixture(scope="session")
def _smtp_server():
    from tests.mailbox import Mailbox

    box = Mailbox()
    box.start()
    yield box
    box.stop()


@contextlib.contextmanager
def mail_caught(app, smtp_server):
    """``app`` sends its mail to ``smtp_server`` (emptied first) inside the block."""
    smtp_server.messages.clear()
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", smtp_server.port
    try:
        yield smtp_server
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved


@pytest.fixture
def mailbox(app, _smtp_server):
    """Mail the app sends in this test, caught by a real SMTP server on 127.0.0.1."""
    with mail_caught(app, _smtp_server) as box:
        yield box


def pytest_collection_modifyitems(config, items):
    """A test marked only_database("x") exists only in its variant for database x (deselected, not skipped)."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_database")
        param = getattr(getattr(item, "callspec", None), "params", {}).get("database")
        (drop if marker and param != marker.args[0] else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
