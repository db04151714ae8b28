"""Responses to needs on the pages: the same rules as the API, with an error summary for bad input."""
from __future__ import annotations

import re

import pytest

from marketplace.models import Interest, db
from tests.factories import PASSWORD
from tests.support import db_state


def sign_in_page(client, user):
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert r.status_code in (302, 303), r.status_code


def csrf(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    trust_user, _ = factory.user(trust)
    innovator_user, _ = factory.user(innovator)
    need = factory.need(trust, title="Patients miss outpatient appointments")
    solution = factory.solution(innovator, name="Brightpath Reminders")
    return dict(trust_user=trust_user, innovator_user=innovator_user, need=need, solution=solution)


def test_an_innovator_responds_from_the_need_page_and_the_trust_declines_with_a_reason(app, client, world):
    need, solution = world["need"], world["solution"]
    sign_in_page(client, world["innovator_user"])
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Respond to this need" in page
    token = csrf(client, f"/needs/{need.id}/respond")
    r = client.post(f"/needs/{need.id}/respond",
                    data={"solution_id": str(solution.id), "message": "We cut missed appointments.", "csrf_token": token})
    assert r.status_code in (302, 303), r.get_data(as_text=True)[:500]
    interest = db.session.execute(db.select(Interest)).scalar_one()
    client.post("/sign-out", data={"csrf_token": csrf(client, "/")})

    sign_in_page(client, world["trust_user"])
    assert "Responses you can see (1)" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    listing = client.get(f"/needs/{need.id}/responses").get_data(as_text=True)
    assert "Brightpath Reminders" in listing and "Open" in listing
    token = csrf(client, f"/responses/{interest.id}")
    before = db_state()
    r = client.post(f"/responses/{interest.id}/decline", data={"reason": "other", "csrf_token": token})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "There is a problem" in page and "nhsuk-error-summary" in page
    assert db_state() == before
    r = client.post(f"/responses/{interest.id}/decline", data={"reason": "cost", "csrf_token": token})
    assert r.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Interest, interest.id).status == "declined"
    notes = client.get("/notifications").get_data(as_text=True)
    assert "Brightpath Health responded" in notes


def test_the_thread_on_the_pages(client, world, factory):
    interest = Interest(need_id=world["need"].id, solution_id=world["solution"].id, message="Hello")
    db.session.add(interest)
    db.session.commit()
    sign_in_page(client, world["trust_user"])
    token = csrf(client, f"/responses/{interest.id}")
    r = client.post(f"/responses/{interest.id}/messages", data={"body": "", "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    r = client.post(f"/responses/{interest.id}/messages", data={"body": "Can we talk?", "csrf_token": token})
    assert r.status_code in (302, 303)
    page = client.get(f"/responses/{interest.id}").get_data(as_text=True)
    assert "Can we talk?" in page and "Northfield Trust" in page
    assert world["trust_user"].email not in page


def test_others_cannot_see_a_response_page(client, world, factory):
    interest = Interest(need_id=world["need"].id, solution_id=world["solution"].id, message="Hello")
    db.session.add(interest)
    db.session.commit()
    outsider, _ = factory.user(factory.organisation(kind="nhs-trust"))
    sign_in_page(client, outsider)
    assert client.get(f"/responses/{interest.id}").status_code == 404
    token = csrf(client, "/")
    assert client.post(f"/responses/{interest.id}/shortlist", data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Interest, interest.id).status == "open"


def test_another_trust_joins_the_need_from_its_page(client, world, factory):
    other = factory.organisation(kind="nhs-trust", name="Southmead Trust", region="london")
    other_user, _ = factory.user(other)
    need = world["need"]
    sign_in_page(client, other_user)
    assert "We have this problem too" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    token = csrf(client, f"/needs/{need.id}/join")
    before = db_state()
    r = client.post(f"/needs/{need.id}/join", data={"organisation": other.ref, "population": "lots",
                                                    "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    assert db_state() == before
    r = client.post(f"/needs/{need.id}/join", data={"organisation": other.ref, "population": "250,000",
                                                    "csrf_token": token})
    assert r.status_code in (302, 303)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Organisations with this need" in page and "Southmead Trust" in page and "250,000 people" in page
    # Joined: the page no longer offers a join that would be refused as a repeat.
    assert "We have this problem too" not in page


def test_shortlist_compare_and_export_on_the_pages(client, world, factory):
    need = world["need"]
    second = factory.solution(world["solution"].organisation, name="=Second tool", evidence_level="rct")
    sign_in_page(client, world["trust_user"])
    assert "Shortlist" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    token = csrf(client, f"/needs/{need.id}/shortlist")
    for s in (world["solution"], second):
        r = client.post(f"/needs/{need.id}/shortlist", data={"solution_id": str(s.id), "csrf_token": token})
        assert r.status_code in (302, 303)
    page = client.get(f"/needs/{need.id}/shortlist").get_data(as_text=True)
    assert "Brightpath Reminders" in page and "=Second tool" in page
    r = client.get(f"/needs/{need.id}/compare?solution_id={world['solution'].id}&solution_id={second.id}")
    assert r.status_code == 200 and 'id="comparison"' in r.get_data(as_text=True)
    r = client.get(f"/needs/{need.id}/compare?solution_id={world['solution'].id}")
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    r = client.get(f"/needs/{need.id}/compare.csv?solution_id={world['solution'].id}&solution_id={second.id}")
    assert r.mimetype == "text/csv" and "'=Second tool" in r.get_data(as_text=True)
    r = client.get(f"/needs/{need.id}/shortlist.csv")
    assert r.mimetype == "text/csv" and "Brightpath Reminders" in r.get_data(as_text=True)


def test_the_shortlist_page_is_private(client, world, factory):
    outsider, _ = factory.user(factory.organisation(kind="nhs-trust"))
    sign_in_page(client, outsider)
    assert client.get(f"/needs/{world['need'].id}/shortlist").status_code == 403
    assert client.get(f"/needs/{world['need'].id}/shortlist.csv").status_code == 403


def test_close_a_need_with_its_outcome_on_the_pages(client, world):
    need = world["need"]
    interest = Interest(need_id=need.id, solution_id=world["solution"].id, message="Hello")
    db.session.add(interest)
    db.session.commit()
    sign_in_page(client, world["trust_user"])
    page = client.get(f"/needs/{need.id}/outcome").get_data(as_text=True)
    assert "Brightpath Reminders" in page
    token = csrf(client, f"/needs/{need.id}/outcome")
    r = client.post(f"/needs/{need.id}/outcome", data={"outcome": "adopted", "version": "1", "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    r = client.post(f"/needs/{need.id}/outcome", data={"outcome": "adopted", "solution_id": str(world["solution"].id),
                                                      "version": "1", "csrf_token": token})
    assert r.status_code in (302, 303), r.get_data(as_text=True)[:300]
    db.session.expire_all()
    assert db.session.get(type(need), need.id).status == "closed"
