"""Saved searches on the API, on every database: private to their owner, every write audited,
bad input refused by field path with nothing written and nothing sent."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.models import AlertDelivery, db
from tests.factories import auth
from tests.support import assert_error, audit_events, db_state, solution_body

URL = "/api/v1/saved-searches"


@pytest.fixture
def world(factory):
    trust = factory.organisation(kind="nhs-trust")
    innovator = factory.organisation(kind="innovator")
    user, token = factory.user(trust)
    _, other = factory.user(trust)
    _, maker = factory.user(innovator)
    return dict(trust=trust, innovator=innovator, user=user, token=token, other=other, maker=maker)


def test_save_list_change_and_delete_ones_own_search(client, world):
    body = {"name": "Lungs", "kind": "solution", "q": "spirometry",
            "filters": {"clinical_areas": ["respiratory"], "min_evidence_level": "pilot", "seeking_codesign": False},
            "frequency": "daily"}
    r = client.post(URL, json=body, headers=auth(world["token"]))
    assert r.status_code == 201, r.get_json()
    created = r.get_json()
    assert {k: created[k] for k in body} == body
    assert [s["id"] for s in client.get(URL, headers=auth(world["token"])).get_json()] == [created["id"]]
    r = client.patch(f"{URL}/{created['id']}", json={"name": "Breathing", "frequency": "off",
                                                     "filters": {"region": ["london"]}}, headers=auth(world["token"]))
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["name"], r.get_json()["frequency"], r.get_json()["filters"]) == (
        "Breathing", "off", {"region": ["london"]})
    assert client.delete(f"{URL}/{created['id']}", headers=auth(world["token"])).status_code == 204
    assert client.get(URL, headers=auth(world["token"])).get_json() == []
    assert [e.action for e in audit_events() if e.action.startswith("saved_search.")] == [
        "saved_search.create", "saved_search.update", "saved_search.delete"]


def test_someone_elses_search_does_not_exist(client, world):
    created = client.post(URL, json={"name": "Mine", "kind": "need"}, headers=auth(world["token"])).get_json()
    before = db_state()
    for method, body in (("GET", None), ("PATCH", {"name": "Theirs"}), ("DELETE", None)):
        assert_error(client.open(f"{URL}/{created['id']}", method=method, json=body, headers=auth(world["other"])), 404)
    assert_error(client.get(f"{URL}/{created['id']}/alerts", headers=auth(world["other"])), 404)
    assert client.get(URL, headers=auth(world["other"])).get_json() == []
    assert_error(client.get(URL), 401)
    assert db_state() == before


@pytest.mark.parametrize("body,paths", [
    ({"kind": "solution", "filters": {"clinical_areas": ["no-such-area"]}}, {"filters.clinical_areas[0]"}),
    ({"kind": "need", "filters": {"regulatory": ["ukca"]}}, {"filters.regulatory[0]"}),
    ({"kind": "solution", "filters": {"kind": ["nhs-trust"]}}, {"filters.kind"}),  # a need filter, not a solution one
    ({"kind": "solution", "filters": {"min_evidence_level": "anecdote"}}, {"filters.min_evidence_level"}),
    ({"kind": "solution", "q": "x" * 10_000}, {"q"}),
    ({"kind": "solution", "frequency": "hourly"}, {"frequency"}),
    ({"kind": "organisation"}, {"kind"}),
    ({"kind": "solution", "name": ""}, {"name"}),
    ({"kind": "solution", "colour": "red"}, {"colour"}),
])
def test_bad_input_names_the_field_and_writes_nothing(client, world, mailbox, body, paths):
    before = db_state()
    r = client.post(URL, json={"name": "Search", **body}, headers=auth(world["token"]))
    assert_error(r, 422, paths)
    assert db_state() == before and mailbox.messages == []


def test_bad_changes_write_nothing(client, world):
    created = client.post(URL, json={"name": "Mine", "kind": "solution"}, headers=auth(world["token"])).get_json()
    before = db_state()
    for change, paths in (({"frequency": "weekly"}, {"frequency"}), ({"q": "y" * 10_000}, {"q"}),
                          ({"filters": {"care_settings": ["moon"]}}, {"filters.care_settings[0]"}),
                          ({"kind": "need"}, {"kind"})):
        assert_error(client.patch(f"{URL}/{created['id']}", json=change, headers=auth(world["token"])), 422, paths)
    assert db_state() == before


def test_a_publish_alerts_once_on_this_database(client, world, mailbox):
    """The whole path on each database (the embedded backend): saved, published, alerted, emailed."""
    created = client.post(URL, json={"name": "Lungs", "kind": "solution", "filters": {"clinical_areas": ["respiratory"]}},
                          headers=auth(world["token"])).get_json()
    r = client.post("/api/v1/solutions", json=solution_body(world["innovator"].ref, clinical_areas=["respiratory"]),
                    headers=auth(world["maker"]))
    solution_id = r.get_json()["id"]
    assert client.post(f"/api/v1/solutions/{solution_id}/publish", json={}, headers=auth(world["maker"])).status_code == 200
    alerts = client.get(f"{URL}/{created['id']}/alerts", headers=auth(world["token"])).get_json()
    assert [(a["listing_id"], a["frequency"]) for a in alerts] == [(solution_id, "immediate")]
    assert alerts[0]["emailed_at"] is not None
    assert "Remindly" in mailbox.last_to(world["user"].email).get_content()
    client.patch(f"/api/v1/solutions/{solution_id}", json={"version": 2, "name": "Remindly 2"}, headers=auth(world["maker"]))
    assert db.session.execute(sa.select(sa.func.count()).select_from(AlertDelivery)).scalar_one() == 1
    assert len(mailbox.messages) == 1


def test_an_email_that_failed_is_sent_by_the_next_digest_run_and_only_once(app, client, world, mailbox):
    client.post(URL, json={"name": "Lungs", "kind": "solution", "filters": {"clinical_areas": ["respiratory"]}},
                headers=auth(world["token"]))
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there: the immediate email fails
    r = client.post("/api/v1/solutions", json=solution_body(world["innovator"].ref, clinical_areas=["respiratory"]),
                    headers=auth(world["maker"]))
    client.post(f"/api/v1/solutions/{r.get_json()['id']}/publish", json={}, headers=auth(world["maker"]))
    delivery = db.session.execute(sa.select(AlertDelivery)).scalar_one()
    assert delivery.emailed_at is None and mailbox.messages == []
    app.config["MAIL_PORT"] = working_port
    runner = app.test_cli_runner()
    assert "1 immediate alert(s) sent" in runner.invoke(args=["alerts", "digest"]).output
    assert "0 immediate alert(s) sent" in runner.invoke(args=["alerts", "digest"]).output
    assert len(mailbox.messages) == 1 and "Remindly" in mailbox.messages[0].get_content()
