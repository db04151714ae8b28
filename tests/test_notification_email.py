"""Email about an organisation's notifications, through a real SMTP server: each member chooses
straight away, a daily digest of what is unread (the default) or never; never twice; a failed
email is sent later by the digest command; bad settings are refused and change nothing."""
from __future__ import annotations

import re

import pytest

from marketplace import notification_email
from marketplace.models import Notification, User, db, utcnow
from tests.conftest import mail_caught
from tests.factories import auth, sign_in
from tests.support import assert_error, audit_events, db_state


@pytest.fixture
def world(client, factory):
    trust = factory.organisation(kind="nhs-trust", name="Northfield Trust")
    innovator = factory.organisation(kind="innovator", name="Brightpath Health")
    lead, lead_token = factory.user(trust)
    colleague, colleague_token = factory.user(trust)
    maker, maker_token = factory.user(innovator)
    need = factory.need(trust, title="Patients miss outpatient appointments",
                        problem="Too many patients miss outpatient appointments; we want reminders.")
    solution = factory.solution(innovator, name="Brightpath Reminders",
                                summary="Text message reminders that cut missed outpatient appointments.")
    return dict(lead=lead, lead_token=lead_token, colleague=colleague, colleague_token=colleague_token,
                maker=maker, maker_token=maker_token, need=need, solution=solution)


def _respond(client, w):
    r = client.post("/api/v1/interests", json={"need_id": w["need"].id, "solution_id": w["solution"].id,
                                               "message": "We cut missed appointments by 20%."},
                    headers=auth(w["maker_token"]))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _set(client, token, frequency):
    return client.put("/api/v1/notifications/email", json={"frequency": frequency}, headers=auth(token))


def _to(mailbox, user) -> list:
    return [m for m in mailbox.messages if m["To"] == user.email]


def test_the_default_is_a_daily_digest_of_what_is_unread(client, world, mailbox, app):
    assert client.get("/api/v1/notifications/email", headers=auth(world["lead_token"])).get_json() == {
        "frequency": "daily"}
    _respond(client, world)
    assert mailbox.messages == []  # nothing straight away
    sent = notification_email.send_due(db.engine)
    assert sent["digests"] == 2  # the lead and the colleague; not the innovator, whose own response it was
    digest = _to(mailbox, world["lead"])[0]
    assert digest["Subject"] == "Your daily digest: 1 notification waiting"
    body = digest.get_content()
    assert "Brightpath Health responded" in body and "/notifications" in body
    assert world["maker"].email not in body  # no personal address of the other side
    assert _to(mailbox, world["maker"]) == []
    # Running it again sends nothing twice.
    assert notification_email.send_due(db.engine)["digests"] == 0
    assert len(mailbox.messages) == 2


def test_what_was_read_in_the_app_is_not_in_the_digest(client, world, mailbox):
    _respond(client, world)
    note = [n for n in client.get("/api/v1/notifications", headers=auth(world["lead_token"])).get_json()
            if n["kind"] == "interest.new"][0]
    assert client.post(f"/api/v1/notifications/{note['id']}/read", headers=auth(world["lead_token"])).status_code == 200
    assert notification_email.send_due(db.engine)["digests"] == 0
    assert mailbox.messages == []


def test_straight_away_sends_one_email_per_notification_once(client, world, mailbox):
    assert _set(client, world["lead_token"], "immediate").get_json() == {"frequency": "immediate"}
    assert _set(client, world["colleague_token"], "off").status_code == 200
    event = audit_events("notification.email")[-1]
    assert event.details == {"frequency": "off"}
    _respond(client, world)
    mine = _to(mailbox, world["lead"])
    assert len(mine) == 1 and "Brightpath Health responded" in mine[0]["Subject"]
    assert _to(mailbox, world["colleague"]) == [] and _to(mailbox, world["maker"]) == []
    assert all(n.emailed_at is not None for n in db.session.scalars(
        db.select(Notification).where(Notification.kind == "interest.new")))
    # The digest does not send it again, to anyone.
    assert notification_email.send_due(db.engine) == {"immediate": 0, "digests": 0}
    assert len(mailbox.messages) == 1


def test_a_decision_reaches_the_innovator_who_asked_for_email(client, world, mailbox):
    assert _set(client, world["maker_token"], "immediate").status_code == 200
    interest = _respond(client, world)
    r = client.post(f"/api/v1/interests/{interest['id']}/decline", json={"reason": "cost"},
                    headers=auth(world["lead_token"]))
    assert r.status_code == 200, r.get_json()
    mine = _to(mailbox, world["maker"])
    assert len(mine) == 1 and "declined" in mine[0]["Subject"].lower()


def test_a_failed_email_is_sent_by_the_digest_command_later(client, world, app, _smtp_server):
    assert _set(client, world["lead_token"], "immediate").status_code == 200
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", 9  # nothing listens there
    try:
        _respond(client, world)  # the response itself is committed all the same
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
    pending = db.session.scalars(db.select(Notification).where(Notification.kind == "interest.new")).one()
    assert pending.emailed_at is None
    with mail_caught(app, _smtp_server) as box:
        result = app.test_cli_runner().invoke(args=["alerts", "digest"])
        assert result.exit_code == 0, result.output
        assert "1 notification email(s) sent" in result.output
        assert len(_to(box, world["lead"])) == 1


def test_a_failed_digest_is_tried_again(client, world, app, _smtp_server):
    _respond(client, world)
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", 9
    try:
        assert notification_email.send_due(db.engine)["digests"] == 0
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
    with mail_caught(app, _smtp_server):
        assert notification_email.send_due(db.engine)["digests"] == 2


def test_suspended_people_are_not_emailed(client, world, mailbox):
    assert _set(client, world["lead_token"], "immediate").status_code == 200
    lead = db.session.get(User, world["lead"].id)
    lead.is_suspended = True
    db.session.commit()
    _respond(client, world)
    notification_email.send_due(db.engine)
    assert _to(mailbox, world["lead"]) == []


@pytest.mark.parametrize("body,field", [
    ({"frequency": "weekly"}, "frequency"),
    ({"frequency": ""}, "frequency"),
    ({"frequency": None}, "frequency"),
    ({}, "frequency"),
    ({"frequency": "daily", "email": "x@example.org"}, "email"),
    ({"frequency": "x" * 10_000}, "frequency"),
])
def test_bad_settings_are_refused_and_change_nothing(client, world, body, field):
    before = db_state()
    r = client.put("/api/v1/notifications/email", json=body, headers=auth(world["lead_token"]))
    assert_error(r, 422, [field])
    assert db_state() == before


def test_the_anonymous_have_no_setting(client):
    assert client.get("/api/v1/notifications/email").status_code == 401
    assert client.put("/api/v1/notifications/email", json={"frequency": "off"}).status_code == 401


def test_the_notifications_page_sets_it_and_explains_bad_input(client, world):
    csrf = sign_in(client, db.session.get(User, world["lead"].id))["X-CSRFToken"]
    page = client.get("/notifications").get_data(as_text=True)
    assert "Email about notifications" in page and re.search(r'value="daily"[^>]*checked', page)
    r = client.post("/notifications/email", data={"frequency": "weekly", "csrf_token": csrf})
    assert r.status_code == 422 and "There is a problem" in r.get_data(as_text=True)
    assert db.session.get(User, world["lead"].id).notification_email == "daily"
    r = client.post("/notifications/email", data={"frequency": "immediate", "csrf_token": csrf})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world["lead"].id).notification_email == "immediate"
    assert "Email about notifications: straight away" in client.get("/notifications").get_data(as_text=True)


def test_old_notifications_are_not_mailed_to_a_new_daily_reader(client, world, mailbox):
    """A person's first digest covers at most the last day, so a backlog does not arrive in one email."""
    note = Notification(organisation_id=world["need"].organisation_id, kind="interest.new", text="Long ago",
                        created_at=utcnow().replace(year=2020), emailed_at=utcnow())
    db.session.add(note)
    db.session.commit()
    assert notification_email.send_due(db.engine)["digests"] == 0
