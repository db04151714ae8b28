"""Co-design: NHS offers, innovators' requests, NHS invitations, decisions and threads."""
from __future__ import annotations

import pytest

from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust", region="midlands")
    other_trust = factory.organisation(kind="nhs-trust", region="london")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    _, trust_member = factory.user(trust)
    _, other_member = factory.user(other_trust)
    _, innovator_member = factory.user(innovator)
    solution = factory.solution(innovator, name="Brightpath Reminders", seeking_codesign=True)
    plain = factory.solution(innovator, name="Not seeking", seeking_codesign=False)
    return dict(trust=trust, other_trust=other_trust, trust_member=trust_member, other_member=other_member,
                innovator_member=innovator_member, solution=solution, plain=plain)


def offer(client, w, **fields):
    body = {"organisation": w["trust"].ref, "title": "Maternity co-design panel", "offerings": ["patient-panels",
            "staff-time"], "clinical_areas": ["maternity-neonatal"], "available_from": "2027-01-04"}
    body.update(fields)
    return client.post("/api/v1/codesign-offers", json=body, headers=auth(w["trust_member"]))


def test_an_innovator_finds_an_offer_and_asks_to_co_design_and_the_trust_accepts(client, world):
    r = offer(client, world)
    assert r.status_code == 201, r.get_json()
    offer_id = r.get_json()["id"]
    found = client.get("/api/v1/codesign-offers?clinical_areas=maternity-neonatal&region=midlands").get_json()
    assert [o["id"] for o in found] == [offer_id]
    assert client.get("/api/v1/codesign-offers?offerings=test-environment").get_json() == []
    r = client.post("/api/v1/codesign-requests", json={"direction": "request", "offer_id": offer_id,
                                                        "solution_id": world["solution"].id, "message": "Shall we?"},
                    headers=auth(world["innovator_member"]))
    assert r.status_code == 201, r.get_json()
    request_id = r.get_json()["id"]
    notes = client.get("/api/v1/notifications", headers=auth(world["trust_member"])).get_json()
    assert notes[0]["kind"] == "codesign.new" and notes[0]["codesign_request_id"] == request_id
    # The sender cannot accept its own request; the receiver can.
    assert_error(client.post(f"/api/v1/codesign-requests/{request_id}/accept", headers=auth(world["innovator_member"])),
                 403)
    r = client.post(f"/api/v1/codesign-requests/{request_id}/accept", headers=auth(world["trust_member"]))
    assert r.status_code == 200 and r.get_json()["status"] == "accepted"
    assert audit_events("codesign.accept")
    thread = f"/api/v1/codesign-requests/{request_id}/messages"
    assert client.post(thread, json={"body": "When can we start?"}, headers=auth(world["innovator_member"])).status_code == 201
    assert [m["body"] for m in client.get(thread, headers=auth(world["trust_member"])).get_json()] == ["When can we start?"]
    assert_error(client.get(thread, headers=auth(world["other_member"])), 404)


def test_a_trust_invites_a_solution_that_seeks_co_design_and_is_declined_with_a_reason(client, world):
    body = {"direction": "invitation", "organisation": world["trust"].ref, "solution_id": world["solution"].id,
            "message": "Design it with our midwives?"}
    r = client.post("/api/v1/codesign-requests", json=body, headers=auth(world["trust_member"]))
    assert r.status_code == 201, r.get_json()
    request_id = r.get_json()["id"]
    assert_error(client.post(f"/api/v1/codesign-requests/{request_id}/decline", json={},
                             headers=auth(world["innovator_member"])), 422, {"reason"})
    r = client.post(f"/api/v1/codesign-requests/{request_id}/decline", json={"reason": "No capacity until spring"},
                    headers=auth(world["innovator_member"]))
    assert r.status_code == 200 and r.get_json()["decline_reason"] == "No capacity until spring"
    notes = client.get("/api/v1/notifications", headers=auth(world["trust_member"])).get_json()
    assert any("No capacity until spring" in n["text"] for n in notes)


def test_a_request_to_an_organisation_with_no_open_offer_is_refused(client, world):
    offer_id = offer(client, world).get_json()["id"]
    client.post(f"/api/v1/codesign-offers/{offer_id}/close", headers=auth(world["trust_member"]))
    before = db_state()
    for target in (offer_id, 99999):
        r = client.post("/api/v1/codesign-requests", json={"direction": "request", "offer_id": target,
                                                            "solution_id": world["solution"].id, "message": "Hi"},
                        headers=auth(world["innovator_member"]))
        assert_error(r, 422, {"offer_id"})
    assert db_state() == before
    # A closed offer is no longer listed, nor readable by others.
    assert client.get("/api/v1/codesign-offers").get_json() == []
    assert_error(client.get(f"/api/v1/codesign-offers/{offer_id}"), 404)


@pytest.mark.parametrize("body,field", [
    ({"direction": "request", "solution_id": 1, "message": "Hi"}, "offer_id"),
    ({"direction": "invitation", "solution_id": 1, "message": "Hi"}, "organisation"),
    ({"direction": "sideways", "solution_id": 1, "message": "Hi"}, "direction"),
    ({"direction": "request", "offer_id": 1, "solution_id": 1, "message": ""}, "message"),
])
def test_bad_requests_name_the_field(client, world, body, field):
    before = db_state()
    assert_error(client.post("/api/v1/codesign-requests", json=body, headers=auth(world["innovator_member"])), 422,
                 {field})
    assert db_state() == before


def test_inviting_a_solution_that_does_not_seek_co_design_or_for_another_organisation(client, world):
    before = db_state()
    body = {"direction": "invitation", "organisation": world["trust"].ref, "solution_id": world["plain"].id,
            "message": "Hi"}
    assert_error(client.post("/api/v1/codesign-requests", json=body, headers=auth(world["trust_member"])), 422,
                 {"solution_id"})
    body["solution_id"] = world["solution"].id
    assert_error(client.post("/api/v1/codesign-requests", json=body, headers=auth(world["other_member"])), 403)
    assert db_state() == before


@pytest.mark.parametrize("fields,field", [
    ({"offerings": []}, "offerings"), ({"offerings": ["free-lunch"]}, "offerings[0]"),
    ({"clinical_areas": ["astrology"]}, "clinical_areas"), ({"available_from": "soon"}, "available_from"),
    ({"title": "x" * 201}, "title"),
])
def test_bad_offers_name_the_field(client, world, fields, field):
    before = db_state()
    assert_error(offer(client, world, **fields), 422, {field})
    assert db_state() == before


def test_only_nhs_members_publish_offers(client, world):
    r = client.post("/api/v1/codesign-offers", json={"organisation": world["trust"].ref, "title": "Panel",
                                                      "offerings": ["staff-time"]},
                    headers=auth(world["other_member"]))
    assert_error(r, 403)
    assert_error(client.post("/api/v1/codesign-offers", json={"title": "Panel", "offerings": ["staff-time"],
                                                               "organisation": world["trust"].ref}), 401)
