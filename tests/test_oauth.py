"""Machines: API clients, POST /oauth/token (client credentials), scopes, expiry, RFC 7009 revocation."""
from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from marketplace.models import ApiClient, Membership, Need, OAuthToken, db, utcnow
from tests.factories import auth, sign_in
from tests.support import assert_error, audit_events, count


@pytest.fixture
def trust(factory):
    return factory.organisation(ref="trust")


@pytest.fixture
def org_admin(factory, trust):
    return factory.user(trust, role="admin")[0]


def register_client(client, org_admin, trust, scopes=("listings:read", "listings:write"), name="Trust EPR"):
    csrf = sign_in(client, org_admin)
    r = client.post(f"/api/v1/organisations/{trust.id}/clients", json={"name": name, "scopes": list(scopes)},
                    headers=csrf)
    assert r.status_code == 201, r.get_json()
    client.delete("/api/v1/session", headers=csrf)
    return r.get_json()


def basic(client_id: str, secret: str) -> dict:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def get_token(client, registered, scope=None, method="basic"):
    form = {"grant_type": "client_credentials"}
    if scope is not None:
        form["scope"] = scope
    headers = {}
    if method == "basic":
        headers = basic(registered["client_id"], registered["client_secret"])
    else:
        form.update(client_id=registered["client_id"], client_secret=registered["client_secret"])
    return client.post("/oauth/token", data=form, headers=headers)


def test_the_secret_is_shown_once_and_stored_hashed(client, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    assert registered["client_secret"].startswith("mkts_")
    assert registered["scopes"] == ["listings:read", "listings:write"]
    row = db.session.execute(db.select(ApiClient).where(ApiClient.client_id == registered["client_id"])).scalar_one()
    assert registered["client_secret"] not in row.client_secret_hash
    csrf = sign_in(client, org_admin)
    listed = client.get(f"/api/v1/organisations/{trust.id}/clients", headers=csrf).get_json()
    assert [c["client_id"] for c in listed if c["name"] == "Trust EPR"] == [registered["client_id"]]
    assert all("client_secret" not in c for c in listed)
    assert audit_events("api_client.create")[0].details["scopes"] == ["listings:read", "listings:write"]


@pytest.mark.parametrize("method", ["basic", "post"])
def test_client_credentials_token_writes_for_its_organisation(client, org_admin, trust, method):
    registered = register_client(client, org_admin, trust)
    r = get_token(client, registered, method=method)
    assert r.status_code == 200, r.get_json()
    token = r.get_json()
    assert token["token_type"].lower() == "bearer" and token["expires_in"] == 3600
    assert token["scope"] == "listings:read listings:write"
    assert r.headers["Cache-Control"] == "no-store"
    stored = db.session.execute(db.select(OAuthToken)).scalars().all()
    assert all(token["access_token"] not in t.access_token_hash for t in stored)
    r = client.post("/api/v1/needs", json={"organisation": "trust", "title": "From the EPR"},
                    headers=auth(token["access_token"]))
    assert r.status_code == 201, r.get_json()
    event = audit_events("need.create")[0]
    assert event.actor_user_id == org_admin.id
    assert event.actor_label == f"user:{org_admin.id} via client:{registered['client_id']}"
    assert audit_events("oauth_token.issue")


def test_a_token_acts_only_for_its_clients_organisation(client, factory, org_admin, trust):
    elsewhere = factory.organisation(ref="elsewhere")
    db.session.add(Membership(user_id=org_admin.id, organisation_id=elsewhere.id, role="admin"))
    db.session.commit()
    access = get_token(client, register_client(client, org_admin, trust)).get_json()["access_token"]
    assert_error(client.post("/api/v1/needs", json={"organisation": "elsewhere", "title": "Not for this client"},
                             headers=auth(access)), 403)


def test_scopes_limit_what_a_token_may_do(client, factory, org_admin, trust):
    draft = factory.need(trust, status="draft")
    registered = register_client(client, org_admin, trust, scopes=["listings:read"])
    access = get_token(client, registered).get_json()["access_token"]
    assert client.get(f"/api/v1/needs/{draft.id}", headers=auth(access)).status_code == 200
    assert_error(client.post("/api/v1/needs", json={"organisation": "trust", "title": "No write scope"},
                             headers=auth(access)), 403)
    # Asking for more than the client holds is refused at the token endpoint.
    body = assert_error(get_token(client, registered, scope="listings:read listings:write"), 400)
    assert body["error"] == "invalid_scope"
    # Asking for less narrows the token.
    both = register_client(client, org_admin, trust, name="Both")
    narrow = get_token(client, both, scope="listings:read").get_json()
    assert narrow["scope"] == "listings:read"
    assert_error(client.post("/api/v1/needs", json={"organisation": "trust", "title": "Narrowed"},
                             headers=auth(narrow["access_token"])), 403)
    assert count(Need) == 1


def test_only_platform_admins_give_the_admin_scope(client, org_admin, trust):
    csrf = sign_in(client, org_admin)
    assert_error(client.post(f"/api/v1/organisations/{trust.id}/clients",
                             json={"name": "Sneaky", "scopes": ["admin"]}, headers=csrf), 422, {"scopes"})
    assert_error(client.post(f"/api/v1/organisations/{trust.id}/clients",
                             json={"name": "Typo", "scopes": ["listings:everything"]}, headers=csrf), 422)


@pytest.mark.parametrize("form,headers,error,status", [
    ({"grant_type": "client_credentials"}, {}, "invalid_client", 401),
    # Credentials in the body, not the Authorization header: RFC 6749 5.2 allows 400 here.
    ({"grant_type": "client_credentials", "client_id": "mktc_nope", "client_secret": "x"}, {}, "invalid_client", 400),
    ({"grant_type": "password", "username": "a", "password": "b"}, "basic", "unsupported_grant_type", 400),
    ({}, "basic", "unsupported_grant_type", 400),
])
def test_bad_token_requests_are_refused_in_rfc_6749_terms(client, org_admin, trust, form, headers, error, status):
    registered = register_client(client, org_admin, trust)
    if headers == "basic":
        headers = basic(registered["client_id"], registered["client_secret"])
    body = assert_error(client.post("/oauth/token", data=form, headers=headers), status)
    assert body["error"] == error and body["message"]


def test_a_wrong_secret_is_invalid_client(client, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    body = assert_error(client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                    headers=basic(registered["client_id"], "mkts_wrong")), 401)
    assert body["error"] == "invalid_client"


def test_expired_and_garbage_tokens_are_401_with_www_authenticate(client, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    access = get_token(client, registered).get_json()["access_token"]
    row = db.session.execute(db.select(OAuthToken).join(ApiClient)
                             .where(ApiClient.client_id == registered["client_id"])).scalar_one()
    row.issued_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    r = client.get("/api/v1/session", headers=auth(access))
    body = assert_error(r, 401)
    assert "expired" in body["message"]
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]
    for bad in ("mkta_garbage", access + "x", "' OR 1=1 --"):
        assert_error(client.get("/api/v1/session", headers=auth(bad)), 401)
    assert_error(client.get("/api/v1/session", headers={"Authorization": "Basic abc"}), 401)


def test_rfc_7009_revocation(client, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    access = get_token(client, registered).get_json()["access_token"]
    assert client.get("/api/v1/session", headers=auth(access)).status_code == 200
    creds = basic(registered["client_id"], registered["client_secret"])
    r = client.post("/oauth/revoke", data={"token": access, "token_type_hint": "access_token"}, headers=creds)
    assert r.status_code == 200
    assert_error(client.get("/api/v1/session", headers=auth(access)), 401)
    # Unknown tokens: 200 all the same (RFC 7009 section 2.2), nothing revealed.
    assert client.post("/oauth/revoke", data={"token": "mkta_unknown"}, headers=creds).status_code == 200
    # Revocation needs the client's own credentials, and a token param.
    assert_error(client.post("/oauth/revoke", data={"token": access}), 401)
    assert_error(client.post("/oauth/revoke", data={}, headers=creds), 400)
    assert audit_events("oauth_token.revoke")


def test_a_client_cannot_revoke_another_clients_token(client, org_admin, trust):
    first = register_client(client, org_admin, trust, name="First")
    second = register_client(client, org_admin, trust, name="Second")
    access = get_token(client, first).get_json()["access_token"]
    r = client.post("/oauth/revoke", data={"token": access},
                    headers=basic(second["client_id"], second["client_secret"]))
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_grant"
    assert client.get("/api/v1/session", headers=auth(access)).status_code == 200


def test_revoking_the_client_kills_its_tokens_and_its_credentials(client, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    access = get_token(client, registered).get_json()["access_token"]
    csrf = sign_in(client, org_admin)
    assert client.delete(f"/api/v1/clients/{registered['id']}", headers=csrf).status_code == 204
    client.delete("/api/v1/session", headers=csrf)
    assert_error(client.get("/api/v1/session", headers=auth(access)), 401)
    assert get_token(client, registered).status_code == 401


def test_tokens_stop_when_their_registrant_leaves_or_is_suspended(client, factory, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    access = get_token(client, registered).get_json()["access_token"]
    org_admin.is_suspended = True
    db.session.commit()
    assert "suspended" in assert_error(client.get("/api/v1/session", headers=auth(access)), 401)["message"]
    assert get_token(client, registered).status_code == 401
    org_admin.is_suspended = False
    db.session.execute(db.delete(Membership).where(Membership.user_id == org_admin.id))
    db.session.commit()
    body = assert_error(client.get("/api/v1/session", headers=auth(access)), 401)
    assert "no longer a member" in body["message"]


def test_the_token_endpoint_is_rate_limited(client, app, org_admin, trust):
    registered = register_client(client, org_admin, trust)
    limit = int(app.config["RATELIMIT_TOKEN"].split()[0])
    statuses = [get_token(client, registered).status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    r = get_token(client, registered)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_the_openapi_document_declares_the_security_schemes(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemes = document["components"]["securitySchemes"]
    flow = schemes["oauth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token"
    assert set(flow["scopes"]) == {"listings:read", "listings:write", "interests:write", "admin"}
    assert schemes["session"] == {**schemes["session"], "type": "apiKey", "in": "cookie"}
    assert document["paths"]["/api/v1/needs/"]["post"]["security"] == [{"oauth2": ["listings:write"]}, {"session": []}]
    assert document["paths"]["/api/v1/audit"]["get"]["security"][0] == {"oauth2": ["admin"]}
