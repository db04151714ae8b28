"""Idempotency-Key on API creates: a retried create returns the first answer, never a duplicate."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.models import CodesignOffer, CodesignRequest, IdempotencyKey, Interest, Need, db, utcnow
from tests.factories import auth, sign_in
from tests.support import assert_error, count, db_state, need_body

API = "/api/v1"
NEEDS = f"{API}/needs"
KEY = "Idempotency-Key"


@pytest.fixture
def trust(factory):
    return factory.organisation(ref="trust-1")


@pytest.fixture
def token(factory, trust):
    return factory.user(trust)[1]


def test_a_retried_create_returns_the_first_answer(client, trust, token):
    headers = {**auth(token), KEY: "3f1c0a9e-need-1"}
    first = client.post(NEEDS, json=need_body(trust.ref), headers=headers)
    assert first.status_code == 201
    again = client.post(NEEDS, json=need_body(trust.ref), headers=headers)
    assert again.status_code == 201
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(Need) == 1
    # The same document with its keys in another order is the same request.
    reordered = dict(reversed(list(need_body(trust.ref).items())))
    assert client.post(NEEDS, json=reordered, headers=headers).get_json()["id"] == first.get_json()["id"]
    # Without a key, or with another, it is a new create.
    assert client.post(NEEDS, json=need_body(trust.ref), headers=auth(token)).status_code == 201
    assert client.post(NEEDS, json=need_body(trust.ref), headers={**auth(token), KEY: "another"}).status_code == 201
    assert count(Need) == 3


def test_the_same_key_with_another_body_is_refused_naming_the_header(client, trust, token):
    headers = {**auth(token), KEY: "k-1"}
    assert client.post(NEEDS, json=need_body(trust.ref), headers=headers).status_code == 201
    before = db_state()
    r = client.post(NEEDS, json=need_body(trust.ref, title="Something else entirely"), headers=headers)
    body = assert_error(r, 422, {KEY})
    assert KEY in body["message"]
    assert db_state() == before
    # ...and so is the same key on another operation.
    r = client.post(f"{API}/solutions", json=need_body(trust.ref), headers=headers)
    assert_error(r, 422, {KEY})


def test_keys_belong_to_their_caller(client, factory, trust, token):
    _, other = factory.user(trust)
    headers = {KEY: "shared-key"}
    a = client.post(NEEDS, json=need_body(trust.ref), headers={**auth(token), **headers})
    b = client.post(NEEDS, json=need_body(trust.ref), headers={**auth(other), **headers})
    assert a.status_code == b.status_code == 201
    assert a.get_json()["id"] != b.get_json()["id"]
    assert count(Need) == 2


def test_a_browser_session_can_use_a_key_too(client, factory, trust):
    user, _ = factory.user(trust)
    csrf = sign_in(client, user)
    headers = {**csrf, KEY: "form-retry-1"}
    first = client.post(NEEDS, json=need_body(trust.ref), headers=headers)
    again = client.post(NEEDS, json=need_body(trust.ref), headers=headers)
    assert first.status_code == again.status_code == 201 and first.get_data() == again.get_data()
    assert count(Need) == 1


def test_a_failed_create_stores_no_key_and_can_be_retried(client, trust, token):
    headers = {**auth(token), KEY: "retry-after-fixing"}
    r = client.post(NEEDS, json=need_body(trust.ref, title="x"), headers=headers)
    assert_error(r, 422, {"title"})
    assert count(IdempotencyKey) == 0
    assert client.post(NEEDS, json=need_body(trust.ref, title="x"), headers=headers).status_code == 422
    assert client.post(NEEDS, json=need_body(trust.ref), headers=headers).status_code == 201


@pytest.mark.parametrize("bad", ["", " ", "has space", "é-not-ascii", "x" * 256])
def test_a_malformed_key_is_refused_naming_the_header(client, trust, token, bad):
    before = db_state()
    r = client.post(NEEDS, json=need_body(trust.ref), headers={**auth(token), KEY: bad.encode().decode("latin-1")})
    assert_error(r, 422, {KEY})
    assert db_state() == before


def test_keys_expire_and_expired_keys_are_cleaned(app, client, trust, token):
    headers = {**auth(token), KEY: "old-key"}
    first = client.post(NEEDS, json=need_body(trust.ref), headers=headers).get_json()
    db.session.execute(sa.update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    # Expired: the key no longer answers, so this is a new create...
    second = client.post(NEEDS, json=need_body(trust.ref), headers=headers).get_json()
    assert second["id"] != first["id"]
    # ...and the expired row has gone, replaced by the new one, kept for 24 hours.
    rows = db.session.execute(sa.select(IdempotencyKey)).scalars().all()
    assert len(rows) == 1 and rows[0].expires_at - rows[0].created_at == timedelta(hours=24)
    db.session.execute(sa.update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.post(NEEDS, json=need_body(trust.ref), headers={**auth(token), KEY: "new"}).status_code == 201
    assert [r.key for r in db.session.execute(sa.select(IdempotencyKey)).scalars()] == ["new"]


def test_every_create_operation_documents_the_header(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    documented = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "post" or "201" not in operation.get("responses", {}):
                continue
            security = operation.get("security")
            if security == [] or {} in (security or []):
                continue  # registration: no caller to keep keys for
            names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "header"]
            assert KEY in names, path
            documented.add(path)
    assert {f"{API}/needs/", f"{API}/solutions/", f"{API}/organisations/",
            f"{API}/solutions/{{listing_id}}/deployments"} <= documented



def test_every_documented_create_honours_the_key(app, client, factory, trust):
    """Each create that documents the header answers a retry from the first answer."""
    from marketplace.models import Membership

    innovator = factory.organisation(ref="innovator-1", kind="innovator")
    user, _ = factory.user(trust, role="admin")
    db.session.add(Membership(user_id=user.id, organisation_id=innovator.id, role="admin"))
    db.session.commit()
    solution = factory.solution(innovator)
    other_trust = factory.organisation(kind="nhs-trust")
    db.session.add(Membership(user_id=user.id, organisation_id=other_trust.id, role="admin"))
    need, closing_need = factory.need(trust), factory.need(trust)
    interest = Interest(need_id=need.id, solution_id=factory.solution(innovator).id, message="Hello")
    offer = CodesignOffer(organisation_id=trust.id, title="Panel", offerings=["patient-panels"], status="open")
    db.session.add_all([interest, offer])
    db.session.flush()
    request = CodesignRequest(direction="request", offer_id=offer.id, organisation_id=trust.id,
                              solution_id=interest.solution_id, message="Hi", status="open")
    db.session.add(request)
    db.session.commit()
    csrf = sign_in(client, user)
    # The acting-on-a-match creates, each with the record its path names.
    ids = {"{need_id}": need.id, "{interest_id}": interest.id, "{request_id}": request.id,
           "{solution_id}": solution.id}
    urls = {"/needs/{need_id}/outcome": f"/needs/{closing_need.id}/outcome"}
    bodies = {
        "/needs/": need_body(trust.ref),
        "/solutions/": {"organisation": innovator.ref, "name": "Remindly"},
        "/organisations/": {"name": "Brand New Trust", "kind": "nhs-trust"},
        "/solutions/{listing_id}/deployments": {"organisation": trust.ref},
        "/organisations/{organisation_id}/clients": {"name": "Robot", "scopes": ["listings:read"]},
        "/organisations/{organisation_id}/invitations": {"email": "new.person@example.nhs.uk"},
        "/interests/": {"need_id": need.id, "solution_id": solution.id, "message": "We can help."},
        "/interests/{interest_id}/messages": {"body": "Hello again"},
        "/needs/{need_id}/supporters": {"organisation": other_trust.ref},
        "/needs/{need_id}/shortlist": {"solution_id": solution.id},
        "/needs/{need_id}/outcome": {"outcome": "not-progressed"},
        "/codesign-offers/": {"organisation": trust.ref, "title": "Test bed", "offerings": ["test-environment"]},
        "/codesign-requests/": {"direction": "request", "offer_id": offer.id, "solution_id": solution.id,
                                "message": "Shall we?"},
        "/codesign-requests/{request_id}/messages": {"body": "Hello"},
        "/solutions/{solution_id}/claims": {"kind": "regulatory", "code": "dtac", "reference": "DTAC-1"},
        "/saved-searches/": {"name": "Lungs", "kind": "solution", "filters": {"clinical_areas": ["respiratory"]}},
    }
    spec = client.get(f"{API}/openapi.json").get_json()
    tried = 0
    for path, operations in spec["paths"].items():
        post = operations.get("post", {})
        if not any(p.get("name") == KEY for p in post.get("parameters", [])):
            continue
        short = path[len(API):]
        url = urls.get(short, short).replace("{listing_id}", str(solution.id)).replace("{organisation_id}", str(trust.id))
        for name, value in ids.items():
            url = url.replace(name, str(value))
        url = API + url
        headers = {**csrf, KEY: f"key-{tried}"}
        before = db_state()
        first = client.post(url, json=bodies[short], headers=headers)
        assert first.status_code == 201, (path, first.get_json())
        after = db_state()
        again = client.post(url, json=bodies[short], headers=headers)
        assert (again.status_code, again.get_data()) == (201, first.get_data()), path
        assert db_state() == after != before, path
        tried += 1
    assert tried == len(bodies)


@pytest.mark.only_database("postgresql")
def test_two_concurrent_retries_create_once(app, database, trust, token):
    """Both attempts run at once; the one that loses the race is undone and gets the winner's answer."""
    results = []
    barrier = threading.Barrier(4)

    def send():
        client = database["app"].test_client()
        barrier.wait()
        with database["app"].app_context():
            r = client.post(NEEDS, json=need_body(trust.ref), headers={**auth(token), KEY: "race"})
            results.append((r.status_code, r.get_data()))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and {s for s, _ in results} == {201}
    assert len({body for _, body in results}) == 1
    assert count(Need) == 1
    assert re.search(rb'"id":\s*\d+', results[0][1])
