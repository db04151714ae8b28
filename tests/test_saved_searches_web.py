"""Saved searches on the pages: save from the search page, choose how often, see alerts in notifications."""
from __future__ import annotations

import html
import re

import pytest

from marketplace.models import SavedSearch, db
from marketplace.services import listings
from tests.support import db_state
from tests.test_interests_web import csrf, sign_in_page


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Breathe Ltd")
    user, _ = factory.user(trust)
    return dict(trust=trust, innovator=innovator, user=user, factory=factory)


def test_save_from_the_search_page_then_an_alert_appears_in_notifications(client, world, mailbox):
    sign_in_page(client, world["user"])
    page = client.get("/solutions?q=spirometry&clinical_areas=respiratory&clinical_areas=cancer").get_data(as_text=True)
    link = html.unescape(re.search(r'href="([^"]+)" id="save-search"', page).group(1))
    form = client.get(link).get_data(as_text=True)
    assert "Save this search" in form and "spirometry" in form
    fields = dict(re.findall(r'<input type="hidden" name="(search_over|q)" value="([^"]*)"', form))
    areas = re.findall(r'<input type="hidden" name="clinical_areas" value="([^"]*)"', form)
    r = client.post("/saved-searches/new", data={**fields, "clinical_areas": areas, "name": "Lung tests",
                                                 "frequency": "immediate", "csrf_token": csrf(client, link)})
    assert r.status_code in (302, 303), r.get_data(as_text=True)[:800]
    saved = db.session.execute(db.select(SavedSearch)).scalar_one()
    assert (saved.kind, saved.q, saved.filters) == ("solution", "spirometry", {"clinical_areas": ["respiratory", "cancer"]})
    assert "Lung tests" in client.get("/saved-searches").get_data(as_text=True)

    solution = world["factory"].solution(world["innovator"], status="draft", name="SpiroHome",
                                         summary="Home spirometry.", clinical_areas=["respiratory"])
    from auth.policy.identity import cli_actor

    listings.transition(listings.SOLUTION, cli_actor("test"), solution.id, "publish")
    notes = client.get("/notifications").get_data(as_text=True)
    assert "SpiroHome" in notes and "Lung tests" in notes
    assert "SpiroHome" in mailbox.last_to(world["user"].email).get_content()


def test_frequency_is_changed_and_a_bad_one_is_shown_in_the_error_summary(client, world):
    sign_in_page(client, world["user"])
    token = csrf(client, "/saved-searches/new?search_over=need")
    client.post("/saved-searches/new", data={"search_over": "need", "name": "Any need", "frequency": "daily", "csrf_token": token})
    saved = db.session.execute(db.select(SavedSearch)).scalar_one()
    token = csrf(client, "/saved-searches")
    r = client.post(f"/saved-searches/{saved.id}/frequency", data={"frequency": "off", "csrf_token": token})
    assert r.status_code in (302, 303)
    assert db.session.get(SavedSearch, saved.id).frequency == "off"
    before = db_state()
    r = client.post(f"/saved-searches/{saved.id}/frequency", data={"frequency": "hourly", "csrf_token": token})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "There is a problem" in page
    assert db_state() == before


def test_bad_filters_and_missing_name_go_to_the_error_summary_and_save_nothing(client, world):
    sign_in_page(client, world["user"])
    before = db_state()
    token = csrf(client, "/saved-searches/new?search_over=solution")
    r = client.post("/saved-searches/new", data={"search_over": "solution", "name": "", "clinical_areas": "no-such-area",
                                                 "frequency": "daily", "csrf_token": token})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "There is a problem" in page and "name for this search" in page
    r = client.post("/saved-searches/new", data={"search_over": "solution", "name": "X", "clinical_areas": "no-such-area",
                                                 "q": "x" * 10_000, "frequency": "daily", "csrf_token": token})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    assert db_state() == before


def test_someone_elses_search_cannot_be_changed_or_deleted(client, world, factory):
    other, _ = factory.user(world["trust"])
    theirs = SavedSearch(user_id=other.id, kind="need", name="Theirs", q="", filters={})
    db.session.add(theirs)
    db.session.commit()
    sign_in_page(client, world["user"])
    token = csrf(client, "/saved-searches")
    assert "Theirs" not in client.get("/saved-searches").get_data(as_text=True)
    assert client.post(f"/saved-searches/{theirs.id}/delete", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/saved-searches/{theirs.id}/frequency",
                       data={"frequency": "off", "csrf_token": token}).status_code == 404
    assert db.session.get(SavedSearch, theirs.id).frequency == "immediate"
