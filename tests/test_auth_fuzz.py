"""Generated input for the identity endpoints: never a 500, always the error shape, never a stray write."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auth.http.limits import limiter
from marketplace.models import User
from tests.support import count, db_state
from tests.test_fuzz import EDGE_STRINGS, json_values

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
SETTINGS = dict(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                deadline=None, database=None)

texts = st.one_of(st.text(max_size=60), st.sampled_from(EDGE_STRINGS + [
    "' OR '1'='1", "<script>alert(1)</script>", "a@b.c", "x@example.nhs.uk", "Bearer", "Basic Og==",
]))
# A form or header cannot carry lone surrogates at all (the client cannot encode them).
encodable = texts.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t))
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={"email": st.one_of(texts, json_values), "password": st.one_of(texts, json_values),
                                        "name": st.one_of(texts, json_values), "token": st.one_of(texts, json_values),
                                        "extra": json_values}),
)
ENDPOINTS = ["/api/v1/session", "/api/v1/users", "/api/v1/password-reset", "/api/v1/password-reset/complete",
             "/api/v1/invitations/accept"]


def _check(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        body = response.get_json()
        assert body["status"] == response.status_code and body["message"], body


@settings(max_examples=40 * SCALE, **SETTINGS)
@given(path=st.sampled_from(ENDPOINTS), body=bodies)
def test_identity_endpoints_take_any_json(client, path, body):
    limiter.reset()
    users = count(User)
    response = client.post(path, json=body)
    _check(response)
    if response.status_code != 201:
        assert count(User) == users


@settings(max_examples=40 * SCALE, **SETTINGS)
@given(header=st.one_of(encodable, st.builds(lambda t: f"Bearer {t}", encodable),
                        st.builds(lambda t: f"Basic {t}", encodable)))
def test_any_authorization_header_is_refused_cleanly(client, header):
    try:
        response = client.get("/api/v1/session", headers={"Authorization": header})
    except ValueError:
        return  # werkzeug refuses to send a header with a newline: nothing reaches the app
    _check(response)
    if header.strip():
        assert response.status_code == 401


@settings(max_examples=40 * SCALE, **SETTINGS)
@given(form=st.dictionaries(st.sampled_from(["grant_type", "client_id", "client_secret", "scope", "token",
                                              "token_type_hint"]), encodable, max_size=5),
       path=st.sampled_from(["/oauth/token", "/oauth/revoke"]))
def test_oauth_endpoints_take_any_form(client, form, path):
    limiter.reset()
    before = db_state()
    response = client.post(path, data=form)
    _check(response)
    assert response.status_code in (400, 401), response.get_json()
    # Failed attempts write nothing (only successes are audited here).
    after = db_state()
    assert after == before, {table: (before.get(table), rows) for table, rows in after.items() if before.get(table) != rows}
