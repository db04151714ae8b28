"""Claims with references and expiry, the readiness checklist, and confirmed adoption."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.models import Claim, Deployment, db
from search import documents
from tests.factories import auth
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust", region="midlands")
    other_trust = factory.organisation(kind="nhs-trust", name="Southmead Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    _, trust_member = factory.user(trust)
    _, other_member = factory.user(other_trust)
    _, innovator_member = factory.user(innovator)
    _, admin = factory.user(platform_admin=True)
    solution = factory.solution(innovator, name="Brightpath Reminders", regulatory=["dtac", "dspt"],
                                evidence_level="real-world")
    # A need plainly about what the solution does, and titled the same in every test: a near miss
    # is listed only when it is about the need's problem (search.match_lists.close_near_miss), and a
    # title numbered by the factory's counter moved the meaning of the pair across that line
    # depending on which tests ran before.
    need = factory.need(trust, title="Patients wait too long for a diagnosis",
                        problem="Patients wait too long for a diagnosis; we want a tool that shortens the wait.",
                        required_regulatory=["dtac"], min_evidence_level="pilot")
    return dict(trust=trust, other_trust=other_trust, trust_member=trust_member, other_member=other_member,
                innovator_member=innovator_member, admin=admin, solution=solution, need=need)


def add_claim(client, w, **fields):
    body = {"kind": "regulatory", "code": "dtac", "reference": "DTAC-2026-0042", "issued_on": "2026-01-10",
            "expires_on": "2027-01-10"}
    body.update(fields)
    return client.post(f"/api/v1/solutions/{w['solution'].id}/claims", json=body, headers=auth(w["innovator_member"]))


def test_a_claim_with_a_reference_is_verified_by_the_platform_team(client, world):
    r = add_claim(client, world)
    assert r.status_code == 201, r.get_json()
    claim = r.get_json()
    assert claim["verified"] is False and claim["expired"] is False
    assert_error(client.post(f"/api/v1/claims/{claim['id']}/verify", headers=auth(world["innovator_member"])), 403)
    r = client.post(f"/api/v1/claims/{claim['id']}/verify", headers=auth(world["admin"]))
    assert r.status_code == 200 and r.get_json()["verified"] is True
    lines = {l["line"]: l for l in client.get(f"/api/v1/solutions/{world['solution'].id}/checklist"
                                              f"?need_id={world['need'].id}").get_json()["lines"]}
    assert lines["dtac"]["status"] == "met" and "DTAC-2026-0042" in lines["dtac"]["detail"]
    assert lines["dspt"]["status"] == "awaiting-verification"  # declared, no claim record
    assert lines["dcb0129"]["status"] == "not-required"
    assert lines["evidence"]["status"] == "awaiting-verification"
    csv_text = client.get(f"/api/v1/solutions/{world['solution'].id}/checklist/export").get_data(as_text=True)
    assert csv_text.startswith("Line,Required,Status,Detail") and "Awaiting verification" in csv_text


@pytest.mark.parametrize("fields,field", [
    ({"expires_on": "2025-01-01"}, "expires_on"),
    ({"code": "astrology"}, "code"),
    ({"kind": "vibes"}, "kind"),
    ({"kind": "evidence", "code": "dtac"}, "code"),
    ({"reference": ""}, "reference"),
    ({"reference": "x" * 501}, "reference"),
    ({"issued_on": "yesterday"}, "issued_on"),
])
def test_bad_claims_are_refused_with_the_field(client, world, fields, field):
    before = db_state()
    assert_error(add_claim(client, world, **fields), 422, {field})
    assert db_state() == before


def test_only_the_solutions_organisation_records_claims(client, world):
    before = db_state()
    r = client.post(f"/api/v1/solutions/{world['solution'].id}/claims",
                    json={"kind": "regulatory", "code": "dtac", "reference": "X-1"}, headers=auth(world["trust_member"]))
    assert_error(r, 403)
    assert db_state() == before


def test_an_expired_claim_stops_counting_and_the_match_says_expired(client, world):
    add_claim(client, world, issued_on="2024-01-01", expires_on="2025-01-01")
    db.session.expire_all()
    doc = documents.solution_document(world["solution"])
    assert doc["regulatory"] == ["dspt"] and doc["regulatory_expired"] == ["dtac"]
    from search import matching

    gaps = matching.eligibility_gaps(matching.need_profile(documents.need_document(world["need"])), doc)
    assert any("expired" in g for g in gaps) and not matching.is_eligible(
        matching.need_profile(documents.need_document(world["need"])), doc)
    lines = {l["line"]: l for l in client.get(f"/api/v1/solutions/{world['solution'].id}/checklist").get_json()["lines"]}
    assert lines["dtac"]["status"] == "expired"


def test_the_innovator_is_warned_once_before_expiry_and_expiry_reaches_the_index(app, client, world):
    soon = (date.today() + timedelta(days=10)).isoformat()
    add_claim(client, world, expires_on=soon, issued_on="2025-01-01")
    runner = app.test_cli_runner()
    out = runner.invoke(args=["claims", "remind"])
    assert out.exit_code == 0 and out.output.startswith("1 claim(s)")
    assert runner.invoke(args=["claims", "remind"]).output.startswith("0 claim(s)")  # never twice
    notes = client.get("/api/v1/notifications", headers=auth(world["innovator_member"])).get_json()
    assert [n["kind"] for n in notes] == ["claim.expiring"]
    claim = db.session.execute(db.select(Claim)).scalar_one()
    claim.expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    out = runner.invoke(args=["claims", "remind"])
    assert "1 expired claim(s)" in out.output
    assert audit_events("claim.expired")


def test_the_named_organisation_confirms_a_deployment_and_only_then_it_counts(client, world):
    r = client.post(f"/api/v1/solutions/{world['solution'].id}/deployments", json={"organisation": world["trust"].ref},
                    headers=auth(world["innovator_member"]))
    assert r.status_code == 201 and r.get_json()["confirmation"] == "claimed"
    deployment_id = r.get_json()["id"]
    db.session.expire_all()
    assert documents.solution_document(world["solution"])["deployment_count"] == 0
    awaiting = client.get("/api/v1/deployments/awaiting-confirmation", headers=auth(world["trust_member"])).get_json()
    assert [d["id"] for d in awaiting] == [deployment_id]
    before = db_state()
    for token in (world["other_member"], world["innovator_member"]):
        assert_error(client.post(f"/api/v1/deployments/{deployment_id}/confirmation", json={"decision": "confirmed"},
                                 headers=auth(token)), 403)
    assert db_state() == before
    assert_error(client.post(f"/api/v1/deployments/{deployment_id}/outcome-report", json={"report": "Fewer DNAs"},
                             headers=auth(world["trust_member"])), 409)
    r = client.post(f"/api/v1/deployments/{deployment_id}/confirmation", json={"decision": "confirmed"},
                    headers=auth(world["trust_member"]))
    assert r.status_code == 200 and r.get_json()["confirmation"] == "confirmed"
    r = client.post(f"/api/v1/deployments/{deployment_id}/outcome-report",
                    json={"report": "Missed appointments fell from 9% to 6% in six months."},
                    headers=auth(world["trust_member"]))
    assert r.status_code == 200
    db.session.expire_all()
    assert documents.solution_document(world["solution"])["deployment_count"] == 1
    notes = client.get("/api/v1/notifications", headers=auth(world["innovator_member"])).get_json()
    assert {n["kind"] for n in notes} >= {"deployment.confirmed", "deployment.outcome"}
    assert_error(client.post(f"/api/v1/deployments/{deployment_id}/confirmation", json={"decision": "maybe"},
                             headers=auth(world["trust_member"])), 422, {"decision"})


def test_imported_deployments_count_as_confirmed(factory, world):
    # The platform team's bundle import vouches for its deployments (marketplace.services.bundle).
    deployment = Deployment(solution_id=world["solution"].id, organisation_id=world["trust"].id,
                            confirmation="confirmed")
    db.session.add(deployment)
    db.session.commit()
    db.session.expire_all()
    assert documents.solution_document(world["solution"])["deployment_count"] == 1


def test_claims_and_confirmation_on_the_pages(client, world, factory):
    from tests.test_interests_web import csrf, sign_in_page

    innovator_user = factory.user(world["solution"].organisation)[0]
    sign_in_page(client, innovator_user)
    token = csrf(client, f"/solutions/{world['solution'].id}/claims")
    r = client.post(f"/solutions/{world['solution'].id}/claims", data={
        "kind": "regulatory", "code": "dtac", "reference": "DTAC-9", "issued_on-day": "1", "issued_on-month": "6",
        "issued_on-year": "2026", "expires_on-day": "1", "expires_on-month": "1", "expires_on-year": "2026",
        "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    r = client.post(f"/solutions/{world['solution'].id}/claims", data={
        "kind": "regulatory", "code": "dtac", "reference": "DTAC-9", "csrf_token": token})
    assert r.status_code in (302, 303)
    page = client.get(f"/solutions/{world['solution'].id}").get_data(as_text=True)
    assert "Readiness checklist" in page and "DTAC-9" in page
    deployment = Deployment(solution_id=world["solution"].id, organisation_id=world["trust"].id)
    db.session.add(deployment)
    db.session.commit()
    client.post("/sign-out", data={"csrf_token": csrf(client, "/")})

    trust_user = factory.user(world["trust"])[0]
    sign_in_page(client, trust_user)
    assert "1 deployment to confirm" in client.get("/account").get_data(as_text=True)
    token = csrf(client, "/deployments/awaiting-confirmation")
    r = client.post(f"/deployments/{deployment.id}/confirmed", data={"csrf_token": token})
    assert r.status_code in (302, 303)
    r = client.post(f"/deployments/{deployment.id}/outcome-report", data={"report": "", "csrf_token": token})
    assert r.status_code == 422
    r = client.post(f"/deployments/{deployment.id}/outcome-report", data={"report": "Waits fell by a third.",
                                                                          "csrf_token": token})
    assert r.status_code in (302, 303)
    page = client.get(f"/solutions/{world['solution'].id}").get_data(as_text=True)
    assert "Confirmed by Northfield Trust" in page and "Waits fell by a third." in page


def _reindex(app):
    # The factory writes rows directly: rebuild the index from the database, as an operator would.
    assert app.test_cli_runner().invoke(args=["search", "reindex", "--quiet"]).exit_code == 0


def test_every_match_carries_the_checklist_of_the_solution_page(app, client, world):
    """Issue 13 item 9: "for every match ... one standard view": the match items on the API and
    the need page read the same readiness.checklist as /solutions/{id}/checklist?need_id=."""
    need_id, solution_id = world["need"].id, world["solution"].id
    assert add_claim(client, world, expires_on="2031-01-10").status_code == 201
    _reindex(app)
    expected = client.get(f"/api/v1/solutions/{solution_id}/checklist?need_id={need_id}").get_json()["lines"]
    assert {l["line"]: l["status"] for l in expected}["dtac"] == "awaiting-verification"

    items = client.get(f"/api/v1/needs/{need_id}/matches?include_near_misses=true").get_json()["items"]
    item = next(i for i in items if i["solution"]["id"] == solution_id)
    assert item["readiness"] == expected
    items = client.get(f"/api/v1/solutions/{solution_id}/matches?include_near_misses=true").get_json()["items"]
    item = next(i for i in items if i["need"]["id"] == need_id)
    assert item["readiness"] == expected

    page = client.get(f"/needs/{need_id}").get_data(as_text=True)
    assert "Readiness checklist" in page and "Awaiting verification" in page
    page = client.get(f"/solutions/{solution_id}/matches").get_data(as_text=True)
    assert "Readiness checklist" in page


def test_an_expired_claim_drops_the_match_to_a_near_miss_that_says_expired(app, client, world):
    _reindex(app)
    items = client.get(f"/api/v1/needs/{world['need'].id}/matches?include_near_misses=true").get_json()["items"]
    assert [(i["solution"]["id"], i["eligible"]) for i in items] == [(world["solution"].id, True)]
    assert add_claim(client, world, issued_on="2024-01-01", expires_on="2025-01-01").status_code == 201
    items = client.get(f"/api/v1/needs/{world['need'].id}/matches?include_near_misses=true").get_json()["items"]
    item = next(i for i in items if i["solution"]["id"] == world["solution"].id)
    assert item["eligible"] is False and "DTAC expired" in item["gaps"]
    assert {l["line"]: l["status"] for l in item["readiness"]}["dtac"] == "expired"
    page = client.get(f"/needs/{world['need'].id}").get_data(as_text=True)
    assert "Brightpath Reminders" in page and "DTAC expired" in page and "Expired" in page
