"""Co-design on the pages: publish an offer, ask to co-design, invite, decide, talk."""
from __future__ import annotations

import re

import pytest

from marketplace.models import CodesignOffer, CodesignRequest, db
from tests.support import db_state
from tests.test_interests_web import csrf, sign_in_page


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    trust_user, _ = factory.user(trust)
    innovator_user, _ = factory.user(innovator)
    solution = factory.solution(innovator, name="Brightpath Reminders", seeking_codesign=True)
    return dict(trust=trust, trust_user=trust_user, innovator_user=innovator_user, solution=solution)


def test_publish_an_offer_then_an_innovator_asks_and_the_trust_declines(client, world):
    sign_in_page(client, world["trust_user"])
    token = csrf(client, "/codesign-offers/new")
    before = db_state()
    r = client.post("/codesign-offers/new", data={"organisation": world["trust"].ref, "title": "Panel",
                                                   "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    assert db_state() == before
    r = client.post("/codesign-offers/new", data={"organisation": world["trust"].ref, "title": "Maternity panel",
                                                   "offerings": ["patient-panels", "staff-time"],
                                                   "clinical_areas": ["maternity-neonatal"], "csrf_token": token})
    assert r.status_code in (302, 303), r.get_data(as_text=True)[:400]
    offer = db.session.execute(db.select(CodesignOffer)).scalar_one()
    assert "Maternity panel" in client.get("/codesign-offers?offerings=patient-panels").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf(client, "/")})

    sign_in_page(client, world["innovator_user"])
    token = csrf(client, f"/codesign-offers/{offer.id}")
    r = client.post(f"/codesign-offers/{offer.id}/ask", data={"solution_id": str(world["solution"].id),
                                                              "message": "Let us test with your midwives.",
                                                              "csrf_token": token})
    assert r.status_code in (302, 303)
    request_id = db.session.execute(db.select(CodesignRequest.id)).scalar_one()
    client.post("/sign-out", data={"csrf_token": csrf(client, "/")})

    sign_in_page(client, world["trust_user"])
    page = client.get(f"/codesign-requests/{request_id}").get_data(as_text=True)
    assert "Accept" in page and "Let us test with your midwives." in page
    token = csrf(client, f"/codesign-requests/{request_id}")
    r = client.post(f"/codesign-requests/{request_id}/decline", data={"reason": "", "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    r = client.post(f"/codesign-requests/{request_id}/decline", data={"reason": "Full until June", "csrf_token": token})
    assert r.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(CodesignRequest, request_id).status == "declined"


def test_a_trust_invites_a_solution_from_its_page(client, world):
    sign_in_page(client, world["trust_user"])
    page = client.get(f"/solutions/{world['solution'].id}").get_data(as_text=True)
    assert "Invite them to co-design" in page
    token = csrf(client, f"/solutions/{world['solution'].id}/invite")
    r = client.post(f"/solutions/{world['solution'].id}/invite", data={"organisation": world["trust"].ref,
                                                                       "message": "Shall we?", "csrf_token": token})
    assert r.status_code in (302, 303), r.get_data(as_text=True)[:400]
    request_id = int(re.search(r"/codesign-requests/(\d+)", r.headers["Location"]).group(1))
    r = client.post(f"/codesign-requests/{request_id}/messages", data={"body": "Looking forward.", "csrf_token": token})
    assert r.status_code in (302, 303)
    assert "Looking forward." in client.get(f"/codesign-requests/{request_id}").get_data(as_text=True)
