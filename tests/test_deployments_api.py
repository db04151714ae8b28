"""Deployments: where a solution is in use in the NHS, and what it achieved there."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.models import Deployment, db
from tests.factories import auth
from tests.support import assert_error, audit_events, count, db_state, outbox_rows, solution_body


@dataclass
class World:
    innovator: object
    member: str
    trust: object
    trust_member: str
    other_innovator_member: str
    admin: str
    solution: dict


@pytest.fixture
def world(client, factory) -> World:
    innovator = factory.organisation(kind="innovator")
    trust = factory.organisation(kind="nhs-trust", region="north-west")
    _, member = factory.user(innovator)
    _, trust_member = factory.user(trust, role="admin")
    _, other = factory.user(factory.organisation(kind="innovator"))
    _, admin = factory.user(platform_admin=True)
    r = client.post("/api/v1/solutions", json=solution_body(innovator.ref), headers=auth(member))
    solution = r.get_json()
    r = client.post(f"/api/v1/solutions/{solution['id']}/publish", headers=auth(member))
    return World(innovator, member, trust, trust_member, other, admin, r.get_json())


def url(world, deployment_id=None):
    base = f"/api/v1/solutions/{world.solution['id']}/deployments"
    return base if deployment_id is None else f"{base}/{deployment_id}"


def add(client, world, **fields):
    body = {"organisation": world.trust.ref, "since": "2024-05", "outcome": "Missed appointments fell by a fifth."}
    body.update(fields)
    r = client.post(url(world), json=body, headers=auth(world.member))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_record_a_deployment(client, world):
    d = add(client, world)
    assert d == {
        "id": d["id"], "organisation": world.trust.ref, "organisation_name": world.trust.name,
        "region": "north-west", "since": "2024-05", "outcome": "Missed appointments fell by a fifth.",
        "confirmation": "claimed", "outcome_report": None,
    }
    assert client.get(url(world)).get_json() == [d]
    solution = client.get(f"/api/v1/solutions/{world.solution['id']}").get_json()
    assert solution["deployments"] == [d]
    row = db.session.get(Deployment, d["id"])
    assert row.solution_id == world.solution["id"] and row.organisation_id == world.trust.id


def test_recording_is_audited_and_reindexes_the_solution(client, world):
    before = len(outbox_rows("solution", world.solution["id"]))
    d = add(client, world)
    event = audit_events("deployment.create")[-1]
    assert event.object_type == "deployment" and event.object_id == d["id"]
    assert event.details == {"solution": world.solution["ref"], "organisation": world.trust.ref}
    assert event.actor_label.startswith("user:")
    assert len(outbox_rows("solution", world.solution["id"])) == before + 1


@pytest.mark.parametrize("since", ["2024-05-17", "2024-05", None])
def test_since_may_be_a_month_or_a_day_or_absent(client, world, since):
    body = {"organisation": world.trust.ref}
    if since is not None:
        body["since"] = since
    r = client.post(url(world), json=body, headers=auth(world.member))
    assert r.status_code == 201
    assert r.get_json()["since"] == since


@pytest.mark.parametrize("body,field", [
    ({"organisation": "no-such-org"}, "organisation"),
    ({}, "organisation"),
    ({"organisation": "ORG 1"}, "organisation"),
    ({"since": "May 2024"}, "since"),
    ({"since": "24-05"}, "since"),
    ({"since": "2024-05\n"}, "since"),
    ({"since": 2024}, "since"),
    ({"outcome": "x" * 2001}, "outcome"),
    ({"outcome": "bad\x00byte"}, "outcome"),
    ({"solution": 3}, "solution"),
])
def test_invalid_deployments_are_refused_and_write_nothing(client, world, body, field):
    if "organisation" not in body and body:
        body = {"organisation": world.trust.ref, **body}
    before = db_state()
    assert_error(client.post(url(world), json=body, headers=auth(world.member)), 422, {field})
    assert db_state() == before


def test_a_deployment_is_at_an_nhs_organisation(client, world):
    before = db_state()
    body = assert_error(client.post(url(world), json={"organisation": world.innovator.ref},
                                    headers=auth(world.member)), 422, {"organisation"})
    assert body["errors"]["organisation"] == [f"{world.innovator.name} is not an NHS organisation"]
    assert db_state() == before


def test_the_same_site_is_recorded_once(client, world):
    add(client, world)
    before = db_state()
    body = assert_error(client.post(url(world), json={"organisation": world.trust.ref},
                                    headers=auth(world.member)), 422, {"organisation"})
    assert "already recorded" in body["errors"]["organisation"][0]
    assert db_state() == before


def test_only_the_innovator_records_deployments(client, world):
    before = db_state()
    body = {"organisation": world.trust.ref}
    assert_error(client.post(url(world), json=body), 401)
    # Not even the trust where it is deployed, nor another innovator.
    assert_error(client.post(url(world), json=body, headers=auth(world.trust_member)), 403)
    assert_error(client.post(url(world), json=body, headers=auth(world.other_innovator_member)), 403)
    assert db_state() == before
    r = client.post(url(world), json=body, headers=auth(world.admin))
    assert r.status_code == 201


def test_deployments_of_a_draft_are_hidden(client, world):
    draft = client.post("/api/v1/solutions", json=solution_body(world.innovator.ref, ref="draft-sol"),
                        headers=auth(world.member)).get_json()
    path = f"/api/v1/solutions/{draft['id']}/deployments"
    assert_error(client.get(path), 404)
    assert_error(client.post(path, json={"organisation": world.trust.ref},
                             headers=auth(world.other_innovator_member)), 404)
    assert client.get(path, headers=auth(world.member)).get_json() == []


def test_update_a_deployment(client, world):
    d = add(client, world)
    r = client.patch(url(world, d["id"]), json={"outcome": "Missed appointments halved.", "since": "2023-11"},
                     headers=auth(world.member))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["outcome"] == "Missed appointments halved." and r.get_json()["since"] == "2023-11"
    assert client.get(url(world)).get_json()[0]["outcome"] == "Missed appointments halved."
    event = audit_events("deployment.update")[-1]
    assert event.details["fields"] == ["outcome", "since"]
    # Clearing the outcome is allowed.
    r = client.patch(url(world, d["id"]), json={"outcome": None}, headers=auth(world.member))
    assert r.get_json()["outcome"] is None


def test_update_cannot_move_a_deployment_elsewhere(client, factory, world):
    d = add(client, world)
    other_trust = factory.organisation()
    before = db_state()
    body = assert_error(client.patch(url(world, d["id"]), json={"organisation": other_trust.ref},
                                     headers=auth(world.member)), 422, {"organisation"})
    assert body["errors"]["organisation"] == ["Unknown field."]
    assert db_state() == before


def test_update_or_delete_by_others_is_refused(client, world):
    d = add(client, world)
    before = db_state()
    assert_error(client.patch(url(world, d["id"]), json={"outcome": "Made up"}), 401)
    assert_error(client.patch(url(world, d["id"]), json={"outcome": "Made up"},
                              headers=auth(world.other_innovator_member)), 403)
    assert_error(client.delete(url(world, d["id"]), headers=auth(world.trust_member)), 403)
    assert db_state() == before


def test_a_deployment_of_another_solution_is_not_found_here(client, world):
    d = add(client, world)
    other = client.post("/api/v1/solutions", json=solution_body(world.innovator.ref, ref="other-sol"),
                        headers=auth(world.member)).get_json()
    wrong = f"/api/v1/solutions/{other['id']}/deployments/{d['id']}"
    body = assert_error(client.patch(wrong, json={"outcome": "x"}, headers=auth(world.member)), 404)
    assert body["message"] == f"No deployment with id {d['id']} on this solution."
    assert_error(client.delete(wrong, headers=auth(world.member)), 404)
    assert count(Deployment) == 1


def test_delete_a_deployment(client, world):
    d = add(client, world)
    r = client.delete(url(world, d["id"]), headers=auth(world.member))
    assert r.status_code == 204
    assert client.get(url(world)).get_json() == []
    assert count(Deployment) == 0
    event = audit_events("deployment.delete")[-1]
    assert event.object_id == d["id"] and event.details == {"solution": world.solution["ref"]}
    assert_error(client.delete(url(world, d["id"]), headers=auth(world.member)), 404)
