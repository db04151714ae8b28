"""Every operation of /api/v1/openapi.json, fuzzed by schemathesis against the WSGI app:
anonymously and with a bearer token (client credentials). No answer may be a 5xx, and
every answer must match the document's schema for its status.

Bounded in time: a few examples per operation (SCHEMATHESIS_EXAMPLES, default 6), so the
run takes about a minute per database on a small machine; raise it for a deeper search
(40 per operation: no failure either, 8.5 minutes for both databases).

Operations are driven through schemathesis's Python API (``as_strategy`` and hypothesis)
rather than its pytest plugin: ``schemathesis.pytest.from_fixture`` in 4.32.5 fails under
pytest 9.2 ('Function' object has no attribute '_nodeid').
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import _empty_tables

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def api_app(database):
    """The app with no application context open: each call runs in a context of its own, as served."""
    from auth.limits import limiter

    app = database["app"]
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        from marketplace.models import db

        db.session.remove()
        _empty_tables()


@pytest.fixture
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


@pytest.fixture
def bearer(api_app) -> dict:
    """A token from client credentials for an admin of a trust who is also a platform administrator."""
    from tests.factories import Factory

    with api_app.app_context():
        factory = Factory()
        org = factory.organisation(ref="trust-fuzz")
        factory.organisation(ref="innovator-fuzz", kind="innovator")
        _, token = factory.user(org, role="admin", platform_admin=True)
    return {"Authorization": f"Bearer {token}"}


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def fuzz(schema, headers: dict | None = None) -> list[str]:
    """Fuzz each operation in turn (valid and invalid input); the failures, one line per operation."""
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                             operation.as_strategy(GenerationMode.NEGATIVE))

        @FUZZ
        @given(case=strategy)
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}")
    assert operations > 40, operations
    return failures


def test_every_operation_anonymously(api_schema):
    failures = fuzz(api_schema)
    assert not failures, "\n\n".join(failures)


def test_every_operation_with_a_bearer_token(api_schema, bearer):
    failures = fuzz(api_schema, bearer)
    assert not failures, "\n\n".join(failures)
