"""Organisations: profiles, co-design offers, verification, and who may change them."""
from __future__ import annotations

import re

import pytest

from marketplace.models import Membership, Organisation, db
from tests.factories import auth
from tests.support import assert_error, audit_events, count, db_state, need_body

ORGS = "/api/v1/organisations"


@pytest.fixture
def admin(factory) -> str:
    return factory.user(platform_admin=True)[1]


def test_platform_admin_adds_an_organisation(client, admin):
    body = {
        "ref": "lancs-teaching", "name": "Lancashire Teaching Hospitals NHS Foundation Trust", "kind": "nhs-trust",
        "ods_code": "RXN", "region": "north-west", "description": "A large teaching trust.",
        "open_to_codesign": True, "codesign_areas": ["cardiovascular", "stroke"],
    }
    r = client.post(ORGS, json=body, headers=auth(admin))
    assert r.status_code == 201, r.get_json()
    got = r.get_json()
    for key, value in body.items():
        assert got[key] == value, key
    assert got["verified"] is False and got["version"] == 1
    assert client.get(f"{ORGS}/{got['id']}").get_json() == got
    event = audit_events("organisation.create")[-1]
    assert event.object_ref == "lancs-teaching"
    assert event.details["fields"] == sorted(set(body) - {"ref"})


def test_a_ref_is_made_from_the_name_when_not_given(client, admin):
    r = client.post(ORGS, json={"name": "Café Health Ltd", "kind": "innovator"}, headers=auth(admin))
    assert r.status_code == 201
    assert re.fullmatch(r"caf-health-ltd-[0-9a-f]{6}", r.get_json()["ref"])


@pytest.mark.parametrize("body,field", [
    ({"name": "X", "kind": "hospital"}, "kind"),
    ({"name": "X", "kind": "nhs-trust", "ods_code": "rxn"}, "ods_code"),
    ({"name": "X", "kind": "nhs-trust", "ods_code": "RXNRXNR"}, "ods_code"),
    ({"name": "X", "kind": "nhs-trust", "ods_code": "RX"}, "ods_code"),
    ({"name": "X", "kind": "nhs-trust", "ods_code": "RXN\n"}, "ods_code"),
    ({"name": "X", "kind": "nhs-trust", "region": "wales"}, "region"),
    ({"name": "X", "kind": "nhs-trust", "codesign_areas": ["cancer", "cancer"]}, "codesign_areas"),
    ({"name": "X", "kind": "nhs-trust", "open_to_codesign": "yes"}, "open_to_codesign"),
    ({"name": "", "kind": "nhs-trust"}, "name"),
    ({"kind": "nhs-trust"}, "name"),
    ({"name": "X", "kind": "nhs-trust", "verified": True}, "verified"),
    ({"name": "X", "kind": "nhs-trust", "ref": "-starts-with-dash"}, "ref"),
])
def test_invalid_organisations_are_refused(client, admin, body, field):
    before = db_state()
    assert_error(client.post(ORGS, json=body, headers=auth(admin)), 422, {field})
    assert db_state() == before


def test_ods_code_and_ref_are_unique(client, factory, admin):
    trust = factory.organisation(ods_code="RXN")
    before = db_state()
    body = assert_error(client.post(ORGS, json={"name": "Copy", "kind": "icb", "ods_code": "RXN"},
                                    headers=auth(admin)), 422, {"ods_code"})
    assert body["errors"]["ods_code"] == [f"already used by {trust.name}"]
    body = assert_error(client.post(ORGS, json={"name": "Copy", "kind": "icb", "ref": trust.ref},
                                    headers=auth(admin)), 422, {"ref"})
    assert db_state() == before


def test_only_platform_admins_add_organisations(client, factory):
    trust = factory.organisation()
    _, org_admin = factory.user(trust, role="admin")
    before = db_state()
    assert_error(client.post(ORGS, json={"name": "New", "kind": "icb"}), 401)
    assert_error(client.post(ORGS, json={"name": "New", "kind": "icb"}, headers=auth(org_admin)), 403)
    assert db_state() == before


def test_profiles_are_public(client, factory):
    trust = factory.organisation(description="We welcome co-design.")
    r = client.get(f"{ORGS}/{trust.id}")
    assert r.status_code == 200
    assert r.get_json()["ref"] == trust.ref and r.get_json()["description"] == "We welcome co-design."
    assert_error(client.get(f"{ORGS}/{trust.id + 1000}"), 404)


def test_organisation_admin_edits_the_profile(client, factory):
    trust = factory.organisation()
    _, org_admin = factory.user(trust, role="admin")
    r = client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "open_to_codesign": True,
                                                 "codesign_areas": ["dementia"]}, headers=auth(org_admin))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["open_to_codesign"] is True and r.get_json()["codesign_areas"] == ["dementia"]
    assert r.get_json()["version"] == 2


def test_who_may_not_edit_a_profile(client, factory):
    trust = factory.organisation()
    _, plain_member = factory.user(trust, role="member")
    _, other_admin = factory.user(factory.organisation(), role="admin")
    before = db_state()
    patch = {"version": 1, "name": "Hijacked"}
    assert_error(client.patch(f"{ORGS}/{trust.id}", json=patch), 401)
    body = assert_error(client.patch(f"{ORGS}/{trust.id}", json=patch, headers=auth(plain_member)), 403)
    assert body["message"] == f"Only admins of {trust.name} can change its profile."
    assert_error(client.patch(f"{ORGS}/{trust.id}", json=patch, headers=auth(other_admin)), 403)
    assert db_state() == before


def test_profile_edit_with_a_stale_version_is_409(client, factory, admin):
    trust = factory.organisation()
    assert client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "name": "First"},
                        headers=auth(admin)).status_code == 200
    before = db_state()
    assert_error(client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "name": "Second"}, headers=auth(admin)),
                 409, {"version"})
    assert db_state() == before
    assert client.get(f"{ORGS}/{trust.id}").get_json()["name"] == "First"


def test_the_ref_never_changes(client, factory, admin):
    trust = factory.organisation()
    assert_error(client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "ref": "new-ref"}, headers=auth(admin)),
                 422, {"ref"})


def test_changing_identity_clears_verification(client, factory, admin):
    trust = factory.organisation(verified=True)
    r = client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "description": "New words"}, headers=auth(admin))
    assert r.get_json()["verified"] is True
    r = client.patch(f"{ORGS}/{trust.id}", json={"version": 2, "ods_code": "RZZ"}, headers=auth(admin))
    assert r.get_json()["verified"] is False and r.get_json()["ods_code"] == "RZZ"


def test_an_ods_code_taken_by_another_is_refused_on_update(client, factory, admin):
    one = factory.organisation()
    two = factory.organisation()
    before = db_state()
    assert_error(client.patch(f"{ORGS}/{two.id}", json={"version": 1, "ods_code": one.ods_code},
                              headers=auth(admin)), 422, {"ods_code"})
    assert db_state() == before
    # Restating its own code is fine.
    assert client.patch(f"{ORGS}/{two.id}", json={"version": 1, "ods_code": two.ods_code},
                        headers=auth(admin)).status_code == 200


def test_kind_cannot_change_while_it_owns_listings(client, factory, admin):
    trust = factory.organisation()
    factory.need(trust)
    before = db_state()
    body = assert_error(client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "kind": "innovator"},
                                     headers=auth(admin)), 422, {"kind"})
    assert "owns listings" in body["errors"]["kind"][0]
    assert db_state() == before
    # An NHS kind for an NHS kind is still a change of kind, and also refused.
    assert_error(client.patch(f"{ORGS}/{trust.id}", json={"version": 1, "kind": "icb"}, headers=auth(admin)), 422)


def test_verification_is_for_platform_admins(client, factory, admin):
    trust = factory.organisation()
    _, org_admin = factory.user(trust, role="admin")
    assert_error(client.post(f"{ORGS}/{trust.id}/verify", headers=auth(org_admin)), 403)
    assert_error(client.post(f"{ORGS}/{trust.id}/verify"), 401)
    r = client.post(f"{ORGS}/{trust.id}/verify", headers=auth(admin))
    assert r.status_code == 200 and r.get_json()["verified"] is True
    assert [e.action for e in audit_events()] == ["organisation.verify"]
    # Verifying again changes nothing and records nothing.
    before = db_state()
    assert client.post(f"{ORGS}/{trust.id}/verify", headers=auth(admin)).get_json()["verified"] is True
    assert db_state() == before
    r = client.post(f"{ORGS}/{trust.id}/verify", json={"verified": False}, headers=auth(admin))
    assert r.get_json()["verified"] is False
    assert_error(client.post(f"{ORGS}/{trust.id}/verify", json={"verified": "no"}, headers=auth(admin)), 422,
                 {"verified"})


def test_delete_an_organisation_without_listings(client, factory, admin):
    trust = factory.organisation()
    factory.user(trust)
    _, org_admin = factory.user(trust, role="admin")
    trust_id, trust_ref = trust.id, trust.ref
    assert_error(client.delete(f"{ORGS}/{trust_id}", headers=auth(org_admin)), 403)
    r = client.delete(f"{ORGS}/{trust_id}", headers=auth(admin))
    assert r.status_code == 204
    assert count(Organisation) == 0
    assert count(Membership) == 0
    assert audit_events("organisation.delete")[-1].object_ref == trust_ref
    assert_error(client.get(f"{ORGS}/{trust_id}"), 404)


def test_an_organisation_with_listings_or_deployments_cannot_be_deleted(client, factory, admin):
    trust = factory.organisation()
    innovator = factory.organisation(kind="innovator")
    factory.solution(innovator, deployments=[trust])
    for org in (trust, innovator):
        before = db_state()
        body = assert_error(client.delete(f"{ORGS}/{org.id}", headers=auth(admin)), 409)
        assert "first" in body["message"]
        assert db_state() == before


def test_an_organisation_that_posts_a_need_through_the_api(client, factory):
    """Profile and listings fit together: a need shows its organisation's ref and name."""
    trust = factory.organisation(name="Leeds Teaching Hospitals")
    _, member = factory.user(trust)
    r = client.post("/api/v1/needs", json=need_body(trust.ref), headers=auth(member))
    assert r.get_json()["organisation_name"] == "Leeds Teaching Hospitals"
    db.session.expire_all()
    assert db.session.get(Organisation, trust.id).version == 1  # posting a need does not touch the profile
