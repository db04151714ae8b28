"""A need's shortlist, comparing 2 to 4 solutions against the need, and the CSV exports."""
from __future__ import annotations

import csv
import io

import pytest

from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    other_trust = factory.organisation(kind="nhs-trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    _, trust_member = factory.user(trust)
    _, other_member = factory.user(other_trust)
    _, innovator_member = factory.user(innovator)
    need = factory.need(trust, min_evidence_level="pilot", required_regulatory=["dtac"])
    strong = factory.solution(innovator, name="Strong", evidence_level="rct", regulatory=["dtac", "dspt"],
                              deployments=[other_trust], price_model="per-site-licence")
    weak = factory.solution(innovator, name="=Weak", evidence_level="concept", regulatory=[])
    third = factory.solution(innovator, name="Third", evidence_level="pilot", regulatory=["dtac"])
    draft = factory.solution(innovator, status="draft")
    return dict(trust=trust, need=need, trust_member=trust_member, other_member=other_member,
                innovator_member=innovator_member, strong=strong, weak=weak, third=third, draft=draft)


def test_keep_a_shortlist_and_export_it(client, world):
    url = f"/api/v1/needs/{world['need'].id}/shortlist"
    for s in (world["strong"], world["weak"]):
        r = client.post(url, json={"solution_id": s.id}, headers=auth(world["trust_member"]))
        assert r.status_code == 201, r.get_json()
    assert [e["solution"]["name"] for e in client.get(url, headers=auth(world["trust_member"])).get_json()] == [
        "Strong", "=Weak"]
    assert len(audit_events("shortlist.add")) == 2
    r = client.get(url + "/export", headers=auth(world["trust_member"]))
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0][0] == "Solution" and [row[0] for row in rows[1:]] == ["Strong", "'=Weak"]  # no formula runs
    assert client.delete(f"{url}/{world['weak'].id}", headers=auth(world["trust_member"])).status_code == 204
    assert len(client.get(url, headers=auth(world["trust_member"])).get_json()) == 1


def test_the_shortlist_is_private_to_the_needs_organisation(client, world):
    url = f"/api/v1/needs/{world['need'].id}/shortlist"
    before = db_state()
    for token in (world["other_member"], world["innovator_member"]):
        assert_error(client.get(url, headers=auth(token)), 403)
        assert_error(client.post(url, json={"solution_id": world["strong"].id}, headers=auth(token)), 403)
    assert_error(client.get(url), 401)
    assert db_state() == before


@pytest.mark.parametrize("body,status,field", [
    ({"solution_id": "x"}, 422, "solution_id"), ({}, 422, "solution_id"), ({"solution_id": 0}, 422, "solution_id"),
])
def test_bad_shortlist_input(client, world, body, status, field):
    before = db_state()
    assert_error(client.post(f"/api/v1/needs/{world['need'].id}/shortlist", json=body,
                             headers=auth(world["trust_member"])), status, {field})
    assert db_state() == before


def test_drafts_and_repeats_do_not_go_on_a_shortlist(client, world):
    url = f"/api/v1/needs/{world['need'].id}/shortlist"
    before = db_state()
    assert_error(client.post(url, json={"solution_id": world["draft"].id}, headers=auth(world["trust_member"])),
                 422, {"solution_id"})
    assert db_state() == before
    client.post(url, json={"solution_id": world["strong"].id}, headers=auth(world["trust_member"]))
    assert_error(client.post(url, json={"solution_id": world["strong"].id}, headers=auth(world["trust_member"])),
                 409, {"solution_id"})


def test_compare_three_solutions_against_the_need(client, world):
    ids = [world["strong"].id, world["weak"].id, world["third"].id]
    query = "&".join(f"solution_id={i}" for i in ids)
    r = client.get(f"/api/v1/needs/{world['need'].id}/compare?{query}")
    assert r.status_code == 200, r.get_json()
    columns = r.get_json()["columns"]
    assert [c["solution"]["name"] for c in columns] == ["Strong", "=Weak", "Third"]
    assert [c["meets_evidence"] for c in columns] == [True, False, True]
    assert [[line["held"] for line in c["required_regulatory"]] for c in columns] == [[True], [False], [True]]
    assert columns[0]["gaps"] == [] and any("Lacks" in g for g in columns[1]["gaps"])
    assert len(columns[0]["deployments"]) == 1
    r = client.get(f"/api/v1/needs/{world['need'].id}/compare/export?{query}")
    assert r.mimetype == "text/csv"
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(r.get_data(as_text=True)))}
    assert rows[""] == ["Strong", "'=Weak", "Third"]
    assert rows["Required: " + next(c for c in columns)["required_regulatory"][0]["label"]] == ["Held", "Missing", "Held"]
    assert rows["Deployments"] == ["1", "0", "0"]
    # Issue 13 item 4: "price model if given".
    assert [c["price_model"] for c in columns] == ["Per site licence", "Not given", "Not given"]
    assert rows["Price model"] == ["Per site licence", "Not given", "Not given"]


@pytest.mark.parametrize("count", [0, 1, 5, 9])
def test_comparing_other_than_two_to_four_is_refused(client, world, factory, count):
    ids = [factory.solution(factory.organisation(kind="innovator")).id for _ in range(count)]
    query = "&".join(f"solution_id={i}" for i in ids)
    r = client.get(f"/api/v1/needs/{world['need'].id}/compare?{query}")
    assert_error(r, 422, {"solution_id"})


def test_comparing_a_draft_or_an_unknown_solution_is_refused(client, world):
    for bad in (world["draft"].id, 99999):
        r = client.get(f"/api/v1/needs/{world['need'].id}/compare?solution_id={world['strong'].id}&solution_id={bad}")
        assert_error(r, 422, {"solution_id"})


def test_shortlisting_a_response_puts_it_on_the_shortlist(client, world):
    r = client.post("/api/v1/interests", json={"need_id": world["need"].id, "solution_id": world["third"].id,
                                                "message": "Try us."}, headers=auth(world["innovator_member"]))
    interest = r.get_json()
    client.post(f"/api/v1/interests/{interest['id']}/shortlist", headers=auth(world["trust_member"]))
    entries = client.get(f"/api/v1/needs/{world['need'].id}/shortlist", headers=auth(world["trust_member"])).get_json()
    assert [e["solution"]["name"] for e in entries] == ["Third"]
