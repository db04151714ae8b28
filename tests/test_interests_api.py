"""Responses to needs: an innovator responds, the trust ranks, shortlists or declines, both talk.

Each side sees only its own records; every decision and message reaches the other side as a
notification; bad input is refused with the failing field and writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from marketplace.models import Interest, Notification, db
from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@dataclass
class World:
    trust: object
    trust_member: str
    innovator: object
    innovator_member: str
    other_innovator_member: str
    other_trust_member: str
    admin: str
    need: object
    solution: object
    other_solution: object


@pytest.fixture
def world(client, factory) -> World:
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    other_innovator = factory.organisation(kind="innovator")
    _, trust_member = factory.user(trust)
    _, innovator_member = factory.user(innovator)
    _, other_innovator_member = factory.user(other_innovator)
    _, other_trust_member = factory.user(factory.organisation(kind="nhs-trust"))
    _, admin = factory.user(platform_admin=True)
    need = factory.need(trust, title="Patients miss outpatient appointments",
                        problem="Too many patients miss outpatient appointments; we want reminders.")
    solution = factory.solution(innovator, name="Brightpath Reminders",
                                summary="Text message reminders that cut missed outpatient appointments.")
    other_solution = factory.solution(other_innovator)
    return World(trust, trust_member, innovator, innovator_member, other_innovator_member, other_trust_member,
                 admin, need, solution, other_solution)


def respond(client, w, token=None, **fields):
    body = {"need_id": w.need.id, "solution_id": w.solution.id, "message": "We cut missed appointments by 20%."}
    body.update(fields)
    return client.post("/api/v1/interests", json=body, headers=auth(token or w.innovator_member))


def test_an_innovator_responds_and_the_trust_is_told(client, world):
    r = respond(client, world)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["status"] == "open" and body["overdue"] is False
    assert body["need"]["id"] == world.need.id and body["solution"]["name"] == "Brightpath Reminders"
    assert body["solution"]["organisation_name"] == "Brightpath Health"
    event = audit_events("interest.create")[-1]
    assert event.object_id == body["id"] and event.details == {"need": world.need.ref, "solution": world.solution.ref}
    notes = client.get("/api/v1/notifications", headers=auth(world.trust_member)).get_json()
    # (Alerts of solutions newly matching the need may be there too: the owner is alerted by default.)
    assert [n["kind"] for n in notes if n["kind"] != "alert.match"] == ["interest.new"]
    assert "Brightpath Health responded" in notes[0]["text"] and notes[0]["interest_id"] == body["id"]
    # The innovator's own organisation is not notified of its own response.
    assert client.get("/api/v1/notifications", headers=auth(world.innovator_member)).get_json() == []


def test_each_side_sees_only_its_own_responses(client, world, factory):
    mine = respond(client, world).get_json()
    other = respond(client, world, token=world.other_innovator_member, solution_id=world.other_solution.id).get_json()
    trust_view = client.get(f"/api/v1/interests?need_id={world.need.id}", headers=auth(world.trust_member)).get_json()
    assert {i["id"] for i in trust_view} == {mine["id"], other["id"]}
    innovator_view = client.get("/api/v1/interests", headers=auth(world.innovator_member)).get_json()
    assert [i["id"] for i in innovator_view] == [mine["id"]]
    assert client.get("/api/v1/interests", headers=auth(world.other_trust_member)).get_json() == []
    for token in (world.other_trust_member, world.other_innovator_member):
        assert_error(client.get(f"/api/v1/interests/{mine['id']}", headers=auth(token)), 404)
        assert_error(client.get(f"/api/v1/interests/{mine['id']}/messages", headers=auth(token)), 404)
    assert_error(client.get("/api/v1/interests"), 401)
    assert_error(client.get(f"/api/v1/interests/{mine['id']}"), 404)
    assert client.get(f"/api/v1/interests/{mine['id']}", headers=auth(world.admin)).status_code == 200


def test_the_trust_sees_responses_ranked_by_match_with_reasons_and_gaps(app, client, world, factory):
    weak = factory.solution(world.innovator, name="Ward bed tracker", summary="Tracks beds on wards.",
                            clinical_areas=["respiratory"])
    # The factory writes rows directly: rebuild the index from the database, as an operator would.
    assert app.test_cli_runner().invoke(args=["search", "reindex", "--quiet"]).exit_code == 0
    respond(client, world, solution_id=weak.id, message="Maybe useful.")
    respond(client, world)
    r = client.get(f"/api/v1/interests/ranked?need_id={world.need.id}", headers=auth(world.trust_member))
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["ranked"] is True
    names = [item["interest"]["solution"]["name"] for item in body["items"]]
    assert names == ["Brightpath Reminders", "Ward bed tracker"]
    best = body["items"][0]
    assert best["eligible"] is True and best["reasons"] and best["score"] > body["items"][1]["score"]
    assert_error(client.get("/api/v1/interests/ranked", headers=auth(world.trust_member)), 422, {"need_id"})


def test_shortlist_then_decline_with_a_reason_reaches_the_innovator(client, world):
    interest = respond(client, world).get_json()
    r = client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world.trust_member))
    assert r.status_code == 200 and r.get_json()["status"] == "shortlisted"
    r = client.post(f"/api/v1/interests/{interest['id']}/decline", json={"reason": "cost"},
                    headers=auth(world.trust_member))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "declined" and r.get_json()["decline_reason"] == "cost"
    texts = [n["text"] for n in client.get("/api/v1/notifications", headers=auth(world.innovator_member)).get_json()]
    assert any("declined Brightpath Reminders" in t and ": cost." in t for t in texts)
    assert any("shortlisted Brightpath Reminders" in t for t in texts)
    assert [e.details["status"] for e in audit_events("interest.decline")] == [{"from": "shortlisted", "to": "declined"}]
    # Declined is final for the trust; the innovator cannot withdraw it either.
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world.trust_member)),
                 409, {"status"})
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/withdraw", headers=auth(world.innovator_member)),
                 409, {"status"})


def test_only_the_right_side_takes_each_action(client, world):
    interest = respond(client, world).get_json()
    before = db_state()
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world.innovator_member)), 403)
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/withdraw", headers=auth(world.trust_member)), 403)
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world.other_trust_member)),
                 404)
    assert db_state() == before
    r = client.post(f"/api/v1/interests/{interest['id']}/withdraw", headers=auth(world.innovator_member))
    assert r.status_code == 200 and r.get_json()["status"] == "withdrawn"
    assert any("withdrew" in n["text"] for n in
               client.get("/api/v1/notifications", headers=auth(world.trust_member)).get_json())


@pytest.mark.parametrize("body,field", [
    ({}, "reason"),
    ({"reason": "too-expensive"}, "reason"),
    ({"reason": "other"}, "note"),
    ({"reason": "other", "note": "   "}, "note"),
    ({"reason": "cost", "note": "x" * 2001}, "note"),
    ({"reason": "cost", "colour": "red"}, "colour"),
])
def test_a_decline_needs_a_known_reason(client, world, body, field):
    interest = respond(client, world).get_json()
    before = db_state()
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/decline", json=body,
                             headers=auth(world.trust_member)), 422, {field})
    assert db_state() == before


def test_the_two_sides_talk_in_the_thread_without_email_addresses(client, world, factory):
    interest = respond(client, world).get_json()
    thread = f"/api/v1/interests/{interest['id']}/messages"
    r = client.post(thread, json={"body": "Could you share your evaluation?"}, headers=auth(world.trust_member))
    assert r.status_code == 201, r.get_json()
    r = client.post(thread, json={"body": "Yes: attached to our listing."}, headers=auth(world.innovator_member))
    assert r.status_code == 201
    messages = client.get(thread, headers=auth(world.trust_member)).get_json()
    assert [m["organisation_name"] for m in messages] == ["Northfield Trust", "Brightpath Health"]
    assert all("@" not in str(m) for m in messages)
    innovator_notes = client.get("/api/v1/notifications?unread=true", headers=auth(world.innovator_member)).get_json()
    assert [n["kind"] for n in innovator_notes] == ["message.new"]
    r = client.post(f"/api/v1/notifications/{innovator_notes[0]['id']}/read", headers=auth(world.innovator_member))
    assert r.status_code == 200 and r.get_json()["read_at"]
    assert client.get("/api/v1/notifications?unread=true", headers=auth(world.innovator_member)).get_json() == []
    # Someone else's notification does not exist for the caller.
    trust_note = client.get("/api/v1/notifications", headers=auth(world.trust_member)).get_json()[0]
    assert_error(client.post(f"/api/v1/notifications/{trust_note['id']}/read", headers=auth(world.innovator_member)),
                 404)


def test_a_message_to_a_thread_the_caller_is_not_part_of_is_refused(client, world):
    interest = respond(client, world).get_json()
    before = db_state()
    for token in (world.other_trust_member, world.other_innovator_member):
        assert_error(client.post(f"/api/v1/interests/{interest['id']}/messages", json={"body": "Hello"},
                                 headers=auth(token)), 404)
    # A platform administrator may read, but does not speak for either organisation.
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/messages", json={"body": "Hello"},
                             headers=auth(world.admin)), 403)
    assert db_state() == before


@pytest.mark.parametrize("body,field", [
    ({}, "body"), ({"body": ""}, "body"), ({"body": "x" * 5001}, "body"), ({"body": "a\x00b"}, "body"),
    ({"body": 3}, "body"),
])
def test_bad_messages_are_refused(client, world, body, field):
    interest = respond(client, world).get_json()
    before = db_state()
    assert_error(client.post(f"/api/v1/interests/{interest['id']}/messages", json=body,
                             headers=auth(world.trust_member)), 422, {field})
    assert db_state() == before


def test_interest_in_a_draft_or_closed_need_is_refused(client, world, factory):
    closed = factory.need(world.trust, status="closed")
    draft = factory.need(world.trust, status="draft")
    before = db_state()
    # Not published: to the innovator they do not exist.
    assert_error(respond(client, world, need_id=closed.id), 404)
    assert_error(respond(client, world, need_id=draft.id), 404)
    assert db_state() == before


def test_interest_with_a_solution_the_caller_does_not_own_or_has_not_published(client, world, factory):
    draft = factory.solution(world.innovator, status="draft")
    before = db_state()
    assert_error(respond(client, world, solution_id=world.other_solution.id), 422, {"solution_id"})
    assert_error(respond(client, world, solution_id=999999), 422, {"solution_id"})
    assert_error(respond(client, world, solution_id=draft.id), 422, {"solution_id"})
    assert db_state() == before
    assert db.session.query(Notification).filter(Notification.kind != "alert.match").count() == 0  # no response told


def test_interest_twice_for_the_same_solution_and_need_is_refused(client, world):
    assert respond(client, world).status_code == 201
    before = db_state()
    assert_error(respond(client, world), 409, {"solution_id"})
    assert db_state() == before


@pytest.mark.parametrize("body,field", [
    ({"message": ""}, "message"),
    ({"message": "x" * 2001}, "message"),
    ({"need_id": "1"}, "need_id"),
    ({"need_id": 0}, "need_id"),
    ({"solution_id": 2**40}, "solution_id"),
    ({"extra": True}, "extra"),
])
def test_bad_responses_are_refused_with_the_field(client, world, body, field):
    before = db_state()
    assert_error(respond(client, world, **body), 422, {field})
    assert db_state() == before


def test_a_response_untouched_for_30_days_is_overdue(client, world):
    interest = respond(client, world).get_json()
    row = db.session.get(Interest, interest["id"])
    row.created_at = row.created_at - timedelta(days=31)
    db.session.commit()
    assert client.get(f"/api/v1/interests/{interest['id']}", headers=auth(world.trust_member)).get_json()["overdue"]
    client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world.trust_member))
    assert not client.get(f"/api/v1/interests/{interest['id']}", headers=auth(world.trust_member)).get_json()["overdue"]
