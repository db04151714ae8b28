"""Pooled demand: NHS organisations join a published need; everyone sees the combined demand."""
from __future__ import annotations

import pytest

from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust", region="midlands")
    other = factory.organisation(kind="nhs-trust", name="Southmead Trust", region="london")
    icb = factory.organisation(kind="icb", name="Coast ICB", region="south-west")
    innovator = factory.organisation(kind="innovator")
    _, trust_member = factory.user(trust)
    _, other_member = factory.user(other)
    _, icb_member = factory.user(icb)
    _, innovator_member = factory.user(innovator)
    need = factory.need(trust)
    return dict(trust=trust, other=other, icb=icb, innovator=innovator, trust_member=trust_member,
                other_member=other_member, icb_member=icb_member, innovator_member=innovator_member, need=need)


def join(client, w, token, org, **fields):
    return client.post(f"/api/v1/needs/{w['need'].id}/supporters", json={"organisation": org.ref, **fields},
                       headers=auth(token))


def test_two_organisations_join_and_the_demand_adds_up(client, world):
    r = join(client, world, world["other_member"], world["other"], population=250000, sites=3)
    assert r.status_code == 201, r.get_json()
    assert join(client, world, world["icb_member"], world["icb"], population=600000).status_code == 201
    demand = client.get(f"/api/v1/needs/{world['need'].id}/demand").get_json()  # public: innovators see it
    assert demand["organisations"] == 3
    assert demand["regions"] == ["london", "midlands", "south-west"]
    assert demand["population"] == 850000 and demand["sites"] == 3
    assert [s["organisation_name"] for s in demand["supporters"]] == ["Southmead Trust", "Coast ICB"]
    assert [e.details["organisation"] for e in audit_events("need.join")] == [world["other"].ref, world["icb"].ref]
    notes = client.get("/api/v1/notifications", headers=auth(world["trust_member"])).get_json()
    assert {n["kind"] for n in notes} == {"need.joined"} and len(notes) == 2


def test_joining_ones_own_need_or_twice_or_as_an_innovator_is_refused(client, world):
    before = db_state()
    assert_error(join(client, world, world["trust_member"], world["trust"]), 422, {"organisation"})
    assert_error(join(client, world, world["innovator_member"], world["innovator"]), 422, {"organisation"})
    # Only members join for an organisation.
    assert_error(join(client, world, world["icb_member"], world["other"]), 403)
    assert db_state() == before
    assert join(client, world, world["other_member"], world["other"]).status_code == 201
    before = db_state()
    assert_error(join(client, world, world["other_member"], world["other"]), 409, {"organisation"})
    assert db_state() == before


@pytest.mark.parametrize("fields,bad", [
    ({"population": 0}, "population"), ({"population": "many"}, "population"), ({"sites": 10**6}, "sites"),
    ({"note": "x" * 1001}, "note"), ({"colour": "red"}, "colour"), ({"organisation": "NO SUCH"}, "organisation"),
])
def test_bad_joins_name_the_field_and_write_nothing(client, world, fields, bad):
    before = db_state()
    body = {"organisation": world["other"].ref, **fields}
    r = client.post(f"/api/v1/needs/{world['need'].id}/supporters", json=body, headers=auth(world["other_member"]))
    assert_error(r, 422, {bad})
    assert db_state() == before


def test_a_draft_or_closed_need_cannot_be_joined(client, world, factory):
    draft = factory.need(world["trust"], status="draft")
    closed = factory.need(world["trust"], status="closed")
    for need in (draft, closed):
        r = client.post(f"/api/v1/needs/{need.id}/supporters", json={"organisation": world["other"].ref},
                        headers=auth(world["other_member"]))
        assert_error(r, 404)
        assert_error(client.get(f"/api/v1/needs/{need.id}/demand"), 404)


def test_leaving_a_need(client, world):
    join(client, world, world["other_member"], world["other"])
    url = f"/api/v1/needs/{world['need'].id}/supporters/{world['other'].id}"
    assert_error(client.delete(url, headers=auth(world["icb_member"])), 403)
    assert client.delete(url, headers=auth(world["other_member"])).status_code == 204
    assert client.get(f"/api/v1/needs/{world['need'].id}/demand").get_json()["organisations"] == 1
    assert_error(client.delete(url, headers=auth(world["other_member"])), 404)
