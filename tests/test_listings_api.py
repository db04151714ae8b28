"""Needs and solutions over HTTP: create, read, update, delete, lifecycle, locking, permissions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest
import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.models import ApiClient, Deployment, Need, OAuthToken, Solution, User, db, utcnow
from marketplace.services import listings as listing_service
from marketplace.services.errors import Conflict
from tests.factories import auth
from tests.support import assert_error, audit_events, count, db_state, need_body, solution_body


@dataclass
class Kind:
    name: str
    path: str
    model: type
    owner_kind: str
    wrong_owner_kind: str
    title_field: str
    body: object
    required_to_publish: frozenset
    closing_action: str
    closed_status: str
    reopening_action: str


NEED = Kind("need", "/api/v1/needs", Need, "nhs-trust", "innovator", "title", need_body,
            frozenset({"problem", "clinical_areas"}), "close", "closed", "reopen")
SOLUTION = Kind("solution", "/api/v1/solutions", Solution, "innovator", "icb", "name", solution_body,
                frozenset({"summary", "clinical_areas"}), "archive", "archived", "restore")


@pytest.fixture(params=[NEED, SOLUTION], ids=["need", "solution"])
def kind(request) -> Kind:
    return request.param


@dataclass
class World:
    owner: object
    member: str
    other_org: object
    outsider: str
    admin: str


@pytest.fixture
def world(factory, kind) -> World:
    owner = factory.organisation(kind=kind.owner_kind)
    other = factory.organisation(kind=kind.owner_kind)
    _, member = factory.user(owner)
    _, outsider = factory.user(other)
    _, admin = factory.user(platform_admin=True)
    return World(owner, member, other, outsider, admin)


def create(client, kind, world, token=None, **fields):
    r = client.post(kind.path, json=kind.body(world.owner.ref, **fields), headers=auth(token or world.member))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def published(client, kind, world, **fields):
    listing = create(client, kind, world, **fields)
    r = client.post(f"{kind.path}/{listing['id']}/publish", headers=auth(world.member))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


# --- create ------------------------------------------------------------------

def test_create_a_minimal_draft(client, kind, world):
    r = client.post(kind.path, json={"organisation": world.owner.ref, kind.title_field: "Missed appointments"},
                    headers=auth(world.member))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["published_at"] is None
    assert body["organisation"] == world.owner.ref
    assert body["organisation_name"] == world.owner.name
    assert body[kind.title_field] == "Missed appointments"
    assert body["clinical_areas"] == [] and body["care_settings"] == []
    assert re.fullmatch(rf"{kind.name}-[0-9a-f]{{10}}", body["ref"])
    row = db.session.get(kind.model, body["id"])
    assert row.organisation_id == world.owner.id and row.status == "draft" and row.ref == body["ref"]


def test_create_the_collection_path_without_a_trailing_slash(client, kind, world):
    # api.md writes POST /needs: no redirect, no lost body.
    r = client.post(kind.path, json=kind.body(world.owner.ref), headers=auth(world.member))
    assert r.status_code == 201
    r2 = client.post(kind.path + "/", json=kind.body(world.owner.ref), headers=auth(world.member))
    assert r2.status_code == 201
    assert count(kind.model) == 2


def test_create_with_every_field_reads_back_the_same(client, kind, world):
    extra = (
        {"ref": "LTH:need.2024-07", "outcomes": "Fewer missed slots.", "required_regulatory": ["dtac", "dspt"],
         "budget_gbp": 250000, "closes_on": "2027-03-31", "open_to_codesign": True}
        if kind is NEED else
        {"ref": "remindly-v2", "description": "Longer text.", "device_class": "class-i", "seeking_codesign": True,
         "care_settings": ["home", "primary-care"], "price_model": "subscription"}
    )
    sent = kind.body(world.owner.ref, **extra)
    r = client.post(kind.path, json=sent, headers=auth(world.member))
    assert r.status_code == 201, r.get_json()
    got = client.get(f"{kind.path}/{r.get_json()['id']}", headers=auth(world.member)).get_json()
    for key, value in sent.items():
        assert got[key] == value, key
    assert got["ref"] == extra["ref"]


def test_create_with_a_taken_ref_is_refused_and_writes_nothing(client, kind, world):
    create(client, kind, world, ref="taken-ref")
    before = db_state()
    r = client.post(kind.path, json=kind.body(world.owner.ref, ref="taken-ref"), headers=auth(world.member))
    body = assert_error(r, 422, {"ref"})
    assert "taken-ref" in body["errors"]["ref"][0]
    assert db_state() == before


def test_create_for_an_unknown_organisation(client, kind, world):
    before = db_state()
    r = client.post(kind.path, json=kind.body("no-such-org"), headers=auth(world.admin))
    body = assert_error(r, 422, {"organisation"})
    assert body["errors"]["organisation"] == ["no organisation with ref 'no-such-org'"]
    assert db_state() == before


def test_create_for_the_wrong_kind_of_organisation(client, factory, kind, world):
    wrong = factory.organisation(kind=kind.wrong_owner_kind)
    _, token = factory.user(wrong)
    before = db_state()
    r = client.post(kind.path, json=kind.body(wrong.ref), headers=auth(token))
    body = assert_error(r, 422, {"organisation"})
    expected = "needs are posted by NHS organisations" if kind is NEED else "solutions are listed by innovators"
    assert expected in body["errors"]["organisation"][0]
    assert db_state() == before


def test_create_without_required_fields(client, kind, world):
    before = db_state()
    r = client.post(kind.path, json={"organisation": world.owner.ref}, headers=auth(world.member))
    assert_error(r, 422, {kind.title_field})
    r = client.post(kind.path, json={kind.title_field: "Something"}, headers=auth(world.member))
    assert_error(r, 422, {"organisation"})
    assert db_state() == before


# --- who may write -------------------------------------------------------------

def test_anonymous_create_is_401(client, kind, world):
    before = db_state()
    r = client.post(kind.path, json=kind.body(world.owner.ref))
    assert_error(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert db_state() == before


def test_member_of_another_organisation_cannot_create(client, kind, world):
    before = db_state()
    r = client.post(kind.path, json=kind.body(world.owner.ref), headers=auth(world.outsider))
    body = assert_error(r, 403)
    assert world.owner.name in body["message"]
    assert db_state() == before


def test_platform_admin_may_create_for_any_organisation(client, kind, world):
    listing = create(client, kind, world, token=world.admin)
    assert listing["organisation"] == world.owner.ref


@pytest.mark.parametrize("header", ["Bearer mkt_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_bad_credentials_are_401_even_for_reading(client, kind, world, header):
    listing = published(client, kind, world)
    r = client.get(f"{kind.path}/{listing['id']}", headers={"Authorization": header})
    assert_error(r, 401)
    r = client.post(kind.path, json=kind.body(world.owner.ref), headers={"Authorization": header})
    assert_error(r, 401)


def test_revoked_token_and_suspended_account_are_401(client, factory, kind, world):
    user, token = factory.user(world.owner)
    row = db.session.execute(db.select(OAuthToken).join(ApiClient).where(ApiClient.created_by_user_id == user.id)).scalar_one()
    row.revoked_at = utcnow()
    db.session.commit()
    assert_error(client.post(kind.path, json=kind.body(world.owner.ref), headers=auth(token)), 401)
    user2, token2 = factory.user(world.owner)
    user2.is_suspended = True
    db.session.commit()
    body = assert_error(client.post(kind.path, json=kind.body(world.owner.ref), headers=auth(token2)), 401)
    assert "suspended" in body["message"]
    assert count(kind.model) == 0


# --- read ----------------------------------------------------------------------

def test_published_listing_is_public(client, kind, world):
    listing = published(client, kind, world)
    r = client.get(f"{kind.path}/{listing['id']}")
    assert r.status_code == 200
    assert r.get_json()["ref"] == listing["ref"]
    assert r.get_json()["status"] == "published"


def test_draft_is_visible_only_to_its_organisation_and_platform_admins(client, kind, world):
    draft = create(client, kind, world)
    url = f"{kind.path}/{draft['id']}"
    assert client.get(url, headers=auth(world.member)).status_code == 200
    assert client.get(url, headers=auth(world.admin)).status_code == 200
    # Others cannot tell it exists: the same answer as for an absent id.
    absent = assert_error(client.get(f"{kind.path}/999999"), 404)
    anon = assert_error(client.get(url), 404)
    outsider = assert_error(client.get(url, headers=auth(world.outsider)), 404)
    assert anon["message"] == outsider["message"] == f"No {kind.name} with id {draft['id']}."
    assert absent["message"] == f"No {kind.name} with id 999999."


def test_closed_or_archived_listing_is_hidden_from_others(client, kind, world):
    listing = published(client, kind, world)
    r = client.post(f"{kind.path}/{listing['id']}/{kind.closing_action}", headers=auth(world.member))
    assert r.get_json()["status"] == kind.closed_status
    assert_error(client.get(f"{kind.path}/{listing['id']}"), 404)
    assert client.get(f"{kind.path}/{listing['id']}", headers=auth(world.member)).status_code == 200


def test_lookup_by_ref(client, kind, world):
    listing = published(client, kind, world, ref=f"lookup-{kind.name}-1")
    published(client, kind, world, ref=f"lookup-{kind.name}-2")
    create(client, kind, world, ref=f"lookup-{kind.name}-draft")
    r = client.get(kind.path, query_string={"ref": f"lookup-{kind.name}-1"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["total"] == 1
    assert [item["id"] for item in body["items"]] == [listing["id"]]
    assert body["items"][0]["ref"] == f"lookup-{kind.name}-1"
    # A draft is not found by its ref, and nor is a ref nobody uses.
    for ref in (f"lookup-{kind.name}-draft", "nobody-uses-this"):
        body = client.get(kind.path, query_string={"ref": ref}).get_json()
        assert body["total"] == 0 and body["items"] == []


# --- update --------------------------------------------------------------------

def test_patch_changes_fields_and_bumps_the_version(client, kind, world):
    listing = create(client, kind, world)
    url = f"{kind.path}/{listing['id']}"
    r = client.patch(url, json={"version": 1, kind.title_field: "A better title", "care_settings": ["home"]},
                     headers=auth(world.member))
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["version"] == 2
    assert body[kind.title_field] == "A better title"
    assert body["care_settings"] == ["home"]
    assert datetime.fromisoformat(body["updated_at"]) >= datetime.fromisoformat(listing["updated_at"])
    got = client.get(url, headers=auth(world.member)).get_json()
    assert got[kind.title_field] == "A better title" and got["version"] == 2
    assert got["clinical_areas"] == listing["clinical_areas"]  # untouched fields stay


def test_patch_that_changes_nothing_keeps_the_version(client, kind, world):
    listing = create(client, kind, world)
    before = db_state()
    r = client.patch(f"{kind.path}/{listing['id']}",
                     json={"version": 1, kind.title_field: listing[kind.title_field]}, headers=auth(world.member))
    assert r.status_code == 200
    assert r.get_json()["version"] == 1
    assert db_state() == before


def test_patch_with_a_stale_version_is_409_and_loses_no_update(client, kind, world):
    listing = create(client, kind, world)
    url = f"{kind.path}/{listing['id']}"
    # Alice and Bob both read version 1; Alice saves first.
    r = client.patch(url, json={"version": 1, kind.title_field: "Alice's title"}, headers=auth(world.member))
    assert r.status_code == 200
    before = db_state()
    r = client.patch(url, json={"version": 1, kind.title_field: "Bob's title"}, headers=auth(world.member))
    body = assert_error(r, 409, {"version"})
    assert body["errors"]["version"] == ["stale: the current version is 2"]
    assert "Reload" in body["message"]
    assert db_state() == before
    got = client.get(url, headers=auth(world.member)).get_json()
    assert got[kind.title_field] == "Alice's title" and got["version"] == 2
    # Bob reloads and applies his change on top.
    r = client.patch(url, json={"version": 2, kind.title_field: "Bob's title"}, headers=auth(world.member))
    assert r.status_code == 200 and r.get_json()["version"] == 3


def test_patch_from_a_future_version_is_409(client, kind, world):
    listing = create(client, kind, world)
    assert_error(client.patch(f"{kind.path}/{listing['id']}", json={"version": 7, kind.title_field: "x" * 5},
                              headers=auth(world.member)), 409, {"version"})


def test_lost_race_at_the_database_is_409_and_writes_nothing(client, kind, world):
    """Two writers both passed the version check; the one that commits second must lose."""
    listing = create(client, kind, world)
    admin = db.session.execute(db.select(User).where(User.is_platform_admin.is_(True))).scalar_one()
    actor = Actor(user=admin, label=f"user:{admin.id}")
    # This session has read version 1 ...
    assert db.session.get(kind.model, listing["id"]).version == 1
    # ... then someone else commits version 2 on another connection.
    table = kind.model.__table__
    with db.engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.id == listing["id"])
                     .values({kind.title_field: "Their title", "version": 2}))
    audit_before = len(audit_events())
    with pytest.raises(Conflict):
        listing_service.update(listing_service.LISTING_KINDS[kind.name], actor, listing["id"],
                               {"version": 1, kind.title_field: "My title"})
    db.session.expire_all()
    row = db.session.get(kind.model, listing["id"])
    assert getattr(row, kind.title_field) == "Their title"
    assert row.version == 2
    assert len(audit_events()) == audit_before


def test_patch_needs_the_version(client, kind, world):
    listing = create(client, kind, world)
    body = assert_error(client.patch(f"{kind.path}/{listing['id']}", json={kind.title_field: "No version given"},
                                     headers=auth(world.member)), 422, {"version"})
    assert body["errors"]["version"] == ["Missing data for required field."]


@pytest.mark.parametrize("field,value", [("ref", "new-ref"), ("organisation", "org-x"), ("status", "published"),
                                         ("id", 5), ("published_at", "2024-01-01T00:00:00")])
def test_patch_cannot_change_identity_or_status(client, kind, world, field, value):
    listing = create(client, kind, world)
    before = db_state()
    body = assert_error(client.patch(f"{kind.path}/{listing['id']}", json={"version": 1, field: value},
                                     headers=auth(world.member)), 422, {field})
    assert body["errors"][field] == ["Unknown field."]
    assert db_state() == before


def test_patch_cannot_make_a_published_listing_incomplete(client, kind, world):
    listing = published(client, kind, world)
    before = db_state()
    body = assert_error(client.patch(f"{kind.path}/{listing['id']}", json={"version": listing["version"],
                                                                              "clinical_areas": []},
                                     headers=auth(world.member)), 422, {"clinical_areas"})
    assert body["errors"]["clinical_areas"] == ["required to publish"]
    assert db_state() == before


# --- delete --------------------------------------------------------------------

def test_delete(client, factory, kind, world):
    listing = create(client, kind, world)
    if kind is SOLUTION:
        trust = factory.organisation()
        r = client.post(f"{kind.path}/{listing['id']}/deployments", json={"organisation": trust.ref},
                        headers=auth(world.member))
        assert r.status_code == 201
    r = client.delete(f"{kind.path}/{listing['id']}", headers=auth(world.member))
    assert r.status_code == 204
    assert r.get_data() == b""
    assert_error(client.get(f"{kind.path}/{listing['id']}", headers=auth(world.member)), 404)
    assert count(kind.model) == 0
    assert count(Deployment) == 0
    assert_error(client.delete(f"{kind.path}/{listing['id']}", headers=auth(world.member)), 404)


def test_only_drafts_are_deleted(client, kind, world):
    """Issue 11 item 4: the API deleted published listings while the pages refused."""
    listing = published(client, kind, world)
    before = db_state()
    r = client.delete(f"{kind.path}/{listing['id']}", headers=auth(world.member))
    body = assert_error(r, 409, {"status"})
    instead = "close" if kind is NEED else "archive"
    assert body["message"] == f"Only drafts can be deleted. This {kind.name} is published: {instead} it instead."
    assert db_state() == before
    assert client.get(f"{kind.path}/{listing['id']}").status_code == 200


# --- permissions on existing listings -------------------------------------------

def _writes(kind, listing):
    url = f"{kind.path}/{listing['id']}"
    return [
        ("patch", url, {"version": listing["version"], kind.title_field: "Changed by someone"}),
        ("delete", url, None),
        ("post", f"{url}/{kind.closing_action if listing['status'] == 'published' else 'publish'}", None),
    ]


def test_anonymous_writes_are_401_on_published_and_on_drafts(client, kind, world):
    # Authentication comes first on every write (issue 11): an anonymous caller learns
    # only that they must sign in, the same for a draft as for a published listing.
    public = published(client, kind, world)
    draft = create(client, kind, world)
    before = db_state()
    for method, url, body in _writes(kind, public):
        r = getattr(client, method)(url, json=body)
        assert_error(r, 401)
    for method, url, body in _writes(kind, draft):
        assert_error(getattr(client, method)(url, json=body), 401)
    assert db_state() == before


def test_other_organisation_gets_403_on_published_and_404_on_drafts(client, kind, world):
    public = published(client, kind, world)
    draft = create(client, kind, world)
    before = db_state()
    for method, url, body in _writes(kind, public):
        r = getattr(client, method)(url, json=body, headers=auth(world.outsider))
        body = assert_error(r, 403)
        assert world.owner.name in body["message"]
    for method, url, body in _writes(kind, draft):
        assert_error(getattr(client, method)(url, json=body, headers=auth(world.outsider)), 404)
    assert db_state() == before


def test_platform_admin_may_change_any_listing(client, kind, world):
    draft = create(client, kind, world)
    url = f"{kind.path}/{draft['id']}"
    r = client.patch(url, json={"version": 1, kind.title_field: "Fixed by the admins"}, headers=auth(world.admin))
    assert r.status_code == 200 and r.get_json()[kind.title_field] == "Fixed by the admins"
    assert client.post(f"{url}/publish", headers=auth(world.admin)).get_json()["status"] == "published"
    assert client.delete(url, headers=auth(world.admin)).status_code == 409
    assert client.delete(f"{kind.path}/{create(client, kind, world)['id']}", headers=auth(world.admin)).status_code == 204


def test_member_of_the_innovator_cannot_touch_the_trust_listing(client, factory, kind, world):
    stranger_org = factory.organisation(kind=kind.wrong_owner_kind)
    _, stranger = factory.user(stranger_org, role="admin")
    listing = published(client, kind, world)
    assert_error(client.patch(f"{kind.path}/{listing['id']}", json={"version": 2, kind.title_field: "Mine now"},
                              headers=auth(stranger)), 403)


# --- lifecycle -------------------------------------------------------------------

def test_the_whole_lifecycle(client, kind, world):
    listing = create(client, kind, world)
    url = f"{kind.path}/{listing['id']}"
    h = auth(world.member)
    r = client.post(f"{url}/publish", headers=h)
    assert r.status_code == 200
    first = r.get_json()
    assert first["status"] == "published" and first["published_at"] and first["version"] == 2
    r = client.post(f"{url}/{kind.closing_action}", headers=h)
    assert r.get_json()["status"] == kind.closed_status and r.get_json()["version"] == 3
    r = client.post(f"{url}/{kind.reopening_action}", headers=h)
    back = r.get_json()
    assert back["status"] == "published"
    # Reopening keeps the first publication date.
    assert back["published_at"] == first["published_at"]
    assert [e.action for e in audit_events()] == [
        f"{kind.name}.create", f"{kind.name}.publish", f"{kind.name}.{kind.closing_action}",
        f"{kind.name}.{kind.reopening_action}",
    ]


@pytest.mark.parametrize("status,action", [
    ("draft", "closing"), ("draft", "reopening"), ("published", "publish"), ("published", "reopening"),
    ("closed", "publish"), ("closed", "closing"),
])
def test_illegal_transitions_are_409(client, kind, world, status, action):
    listing = create(client, kind, world)
    url = f"{kind.path}/{listing['id']}"
    h = auth(world.member)
    if status != "draft":
        assert client.post(f"{url}/publish", headers=h).status_code == 200
    if status == "closed":
        assert client.post(f"{url}/{kind.closing_action}", headers=h).status_code == 200
    current = {"closed": kind.closed_status}.get(status, status)
    name = {"closing": kind.closing_action, "reopening": kind.reopening_action}.get(action, action)
    before = db_state()
    body = assert_error(client.post(f"{url}/{name}", headers=h), 409, {"status"})
    assert body["errors"]["status"] == [f"is {current}"]
    assert body["message"] == f"Cannot {name} a {kind.name} that is {current}."
    assert db_state() == before


def test_an_action_of_the_other_kind_is_not_a_route(client, kind, world):
    listing = create(client, kind, world)
    other_action = "archive" if kind is NEED else "close"
    assert_error(client.post(f"{kind.path}/{listing['id']}/{other_action}", headers=auth(world.member)), 404)


def test_publish_names_every_missing_field_and_writes_nothing(client, kind, world):
    draft = client.post(kind.path, json={"organisation": world.owner.ref, kind.title_field: "Just a title"},
                        headers=auth(world.member)).get_json()
    before = db_state()
    body = assert_error(client.post(f"{kind.path}/{draft['id']}/publish", headers=auth(world.member)), 422,
                        kind.required_to_publish)
    assert all(msgs == ["required to publish"] for msgs in body["errors"].values())
    assert db_state() == before
    # Filling them in makes it publishable.
    fill = {f: kind.body(world.owner.ref)[f] for f in kind.required_to_publish}
    r = client.patch(f"{kind.path}/{draft['id']}", json={"version": 1, **fill}, headers=auth(world.member))
    assert r.status_code == 200
    assert client.post(f"{kind.path}/{draft['id']}/publish", headers=auth(world.member)).status_code == 200


def test_transition_checks_the_version_when_given(client, kind, world):
    listing = create(client, kind, world)
    url = f"{kind.path}/{listing['id']}"
    client.patch(url, json={"version": 1, kind.title_field: "Second version"}, headers=auth(world.member))
    before = db_state()
    assert_error(client.post(f"{url}/publish", json={"version": 1}, headers=auth(world.member)), 409, {"version"})
    assert db_state() == before
    r = client.post(f"{url}/publish", json={"version": 2}, headers=auth(world.member))
    assert r.status_code == 200 and r.get_json()["status"] == "published"


def test_an_unknown_price_model_is_refused_with_the_field(client, kind, world):
    """A solution's price model is a taxonomy code (price_models); a need has none at all."""
    before = db_state()
    r = client.post(kind.path, json=kind.body(world.owner.ref, price_model="pay-what-you-like"),
                    headers=auth(world.member))
    assert_error(r, 422, {"price_model"})
    assert db_state() == before
