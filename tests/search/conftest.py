"""Search fixtures: every search test runs on each backend we ship.

The embedded backend always; Elasticsearch when TEST_ELASTICSEARCH_URL is set
(``make test`` starts one). With REQUIRE_SERVICES=1 a missing Elasticsearch
fails the run.
"""
from __future__ import annotations

import os

import pytest

from marketplace import create_app
from tests.conftest import REQUIRE_SERVICES, _empty_tables, make_config

ES_URL = os.environ.get("TEST_ELASTICSEARCH_URL", "")
if REQUIRE_SERVICES and not ES_URL:
    raise pytest.UsageError("REQUIRE_SERVICES=1 but TEST_ELASTICSEARCH_URL is not set: Elasticsearch did not start")

BACKENDS = ["embedded"] + (["elastic"] if ES_URL else [])


@pytest.fixture(scope="session", params=BACKENDS)
def search_database(request, tmp_path_factory):
    from flask_migrate import upgrade

    tmp = tmp_path_factory.mktemp(f"search-{request.param}")
    overrides = {}
    if request.param == "elastic":
        overrides = {"ELASTICSEARCH_URL": ES_URL, "SEARCH_INDEX_PREFIX": f"test{os.getpid()}"}
    app = create_app(make_config(f"sqlite:///{tmp / 'db.sqlite'}", tmp, **overrides))
    with app.app_context():
        upgrade()
    yield {"name": request.param, "app": app}
    if request.param == "elastic":
        backend = app.extensions["search"]
        backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True, allow_no_indices=True)


@pytest.fixture
def search_app(search_database):
    app = search_database["app"]
    with app.app_context():
        app.extensions["search"].reset()
        app.extensions["search"].breaker.reset()  # no test inherits another's outage
        yield app
        app.extensions["indexer"].stop()  # a test that started the background drain
        app.config["SEARCH_SYNC"] = "inline"
        from marketplace.models import db

        db.session.remove()
        _empty_tables()


@pytest.fixture
def backend(search_app):
    return search_app.extensions["search"]


@pytest.fixture
def api(search_app):
    return search_app.test_client()


def pytest_collection_modifyitems(config, items):
    """A test marked only_backend("x") exists only in its variant for backend x (deselected, not skipped)."""
    keep, drop = [], []
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("search_database")
        marker = item.get_closest_marker("only_backend")
        if marker and param != marker.args[0]:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
