"""A need's organisation closes it with an outcome; the adopted solution's organisation is told."""
from __future__ import annotations

import pytest

from marketplace.models import Need, db
from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator")
    _, trust_member = factory.user(trust)
    _, innovator_member = factory.user(innovator)
    return dict(need=factory.need(trust, title="Missed appointments"), solution=factory.solution(innovator),
                draft=factory.need(trust, status="draft"), trust_member=trust_member,
                innovator_member=innovator_member)


def test_close_a_need_as_adopted(client, world):
    url = f"/api/v1/needs/{world['need'].id}/outcome"
    r = client.post(url, json={"outcome": "adopted", "solution_id": world["solution"].id,
                               "note": "Live across outpatients"}, headers=auth(world["trust_member"]))
    assert r.status_code == 201, r.get_json()
    assert db.session.get(Need, world["need"].id).status == "closed"
    assert client.get(url, headers=auth(world["trust_member"])).get_json()["outcome"] == "adopted"
    assert audit_events("need.outcome")[-1].details["outcome"] == "adopted"
    assert audit_events("need.close")
    notes = client.get("/api/v1/notifications", headers=auth(world["innovator_member"])).get_json()
    assert any("adopted with" in n["text"] for n in notes)


@pytest.mark.parametrize("body,field", [
    ({"outcome": "adopted"}, "solution_id"),
    ({"outcome": "not-progressed", "solution_id": 1}, "solution_id"),
    ({"outcome": "won"}, "outcome"),
    ({}, "outcome"),
    ({"outcome": "piloting", "solution_id": 999999}, "solution_id"),
    ({"outcome": "not-progressed", "note": "x" * 2001}, "note"),
])
def test_bad_outcomes_are_refused_and_the_need_stays_open(client, world, body, field):
    before = db_state()
    assert_error(client.post(f"/api/v1/needs/{world['need'].id}/outcome", json=body,
                             headers=auth(world["trust_member"])), 422, {field})
    assert db_state() == before


def test_only_a_published_need_and_only_its_organisation(client, world):
    before = db_state()
    assert_error(client.post(f"/api/v1/needs/{world['draft'].id}/outcome", json={"outcome": "not-progressed"},
                             headers=auth(world["trust_member"])), 409, {"status"})
    assert_error(client.post(f"/api/v1/needs/{world['need'].id}/outcome", json={"outcome": "not-progressed"},
                             headers=auth(world["innovator_member"])), 403)
    assert_error(client.post(f"/api/v1/needs/{world['need'].id}/outcome", json={"outcome": "not-progressed",
                                                                                "version": 99},
                             headers=auth(world["trust_member"])), 409, {"version"})
    assert db_state() == before
