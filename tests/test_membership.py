"""Organisations and their people: starting one, invitations by email, members, verification, the audit log."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from marketplace.models import AuditEvent, Invitation, Membership, Organisation, db, utcnow
from tests.factories import PASSWORD, auth, sign_in
from tests.support import assert_error, audit_events


@pytest.fixture
def trust(factory):
    return factory.organisation(ref="trust")


def _token_from(mailbox, email: str) -> str:
    return urlsplit(mailbox.link_in(mailbox.last_to(email))).path.rsplit("/", 1)[-1]


def test_anyone_signed_in_can_start_an_organisation_and_runs_it_unverified(client, factory):
    user, _ = factory.user()
    csrf = sign_in(client, user)
    r = client.post("/api/v1/organisations", json={"name": "Bright Health Ltd", "kind": "innovator"}, headers=csrf)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["verified"] is False
    org = db.session.get(Organisation, r.get_json()["id"])
    assert [(m.user_id, m.role) for m in org.memberships] == [(user.id, "admin")]
    # Trying to self-verify in the body is refused as an unknown field.
    assert_error(client.post("/api/v1/organisations", json={"name": "X", "kind": "innovator", "verified": True},
                             headers=csrf), 422, {"verified"})


def test_invite_accept_and_join(client, factory, trust, mailbox):
    admin, _ = factory.user(trust, role="admin")
    csrf = sign_in(client, admin)
    r = client.post(f"/api/v1/organisations/{trust.id}/invitations",
                    json={"email": "New.Colleague@Example.NHS.uk", "role": "member"}, headers=csrf)
    assert r.status_code == 201, r.get_json()
    message = mailbox.last_to("new.colleague@example.nhs.uk")
    assert trust.name in message["Subject"]
    token = _token_from(mailbox, "new.colleague@example.nhs.uk")
    assert db.session.execute(db.select(Invitation.token_hash)).scalar_one() != token
    client.delete("/api/v1/session", headers=csrf)

    # The invited person registers with that address and accepts.
    newcomer = client.application.test_client()
    newcomer.post("/api/v1/users", json={"email": "new.colleague@example.nhs.uk", "password": "a good long password",
                                          "name": "New Colleague"})
    r = newcomer.post("/api/v1/session", json={"email": "new.colleague@example.nhs.uk",
                                                "password": "a good long password"})
    headers = {"X-CSRFToken": r.get_json()["csrf_token"]}
    r = newcomer.post("/api/v1/invitations/accept", json={"token": token}, headers=headers)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["role"] == "member" and r.get_json()["organisation"]["ref"] == "trust"
    # Now they can write for the trust.
    assert newcomer.post("/api/v1/needs", json={"organisation": "trust", "title": "My first need"},
                         headers=headers).status_code == 201
    # The link works once.
    body = assert_error(newcomer.post("/api/v1/invitations/accept", json={"token": token}, headers=headers), 400)
    assert "already been accepted" in body["message"]
    assert [e.action for e in audit_events() if e.action.startswith("invitation.")] == [
        "invitation.create", "invitation.accept"]


def test_an_invitation_is_for_the_address_it_was_sent_to(client, factory, trust, mailbox):
    admin, _ = factory.user(trust, role="admin")
    csrf = sign_in(client, admin)
    client.post(f"/api/v1/organisations/{trust.id}/invitations", json={"email": "intended@example.nhs.uk"},
                headers=csrf)
    token = _token_from(mailbox, "intended@example.nhs.uk")
    client.delete("/api/v1/session", headers=csrf)
    someone_else, _ = factory.user()
    csrf = sign_in(client, someone_else)
    body = assert_error(client.post("/api/v1/invitations/accept", json={"token": token}, headers=csrf), 403)
    assert "intended@example.nhs.uk" in body["message"]
    assert db.session.execute(db.select(Membership).where(Membership.user_id == someone_else.id)).first() is None


def test_expired_and_withdrawn_invitations_are_refused(client, factory, trust, mailbox):
    admin, _ = factory.user(trust, role="admin")
    invitee, _ = factory.user()
    csrf = sign_in(client, admin)
    r = client.post(f"/api/v1/organisations/{trust.id}/invitations", json={"email": invitee.email}, headers=csrf)
    token = _token_from(mailbox, invitee.email)
    assert client.delete(f"/api/v1/organisations/{trust.id}/invitations/{r.get_json()['id']}",
                         headers=csrf).status_code == 204
    client.post(f"/api/v1/organisations/{trust.id}/invitations", json={"email": invitee.email}, headers=csrf)
    second = _token_from(mailbox, invitee.email)
    db.session.execute(sa.update(Invitation).where(Invitation.withdrawn_at.is_(None))
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    client.delete("/api/v1/session", headers=csrf)
    csrf = sign_in(client, invitee)
    assert "withdrawn" in assert_error(client.post("/api/v1/invitations/accept", json={"token": token},
                                                   headers=csrf), 400)["message"]
    assert "expired" in assert_error(client.post("/api/v1/invitations/accept", json={"token": second},
                                                 headers=csrf), 400)["message"]


def test_members_are_listed_and_the_last_admin_stays(client, factory, trust):
    admin, _ = factory.user(trust, role="admin")
    member, member_token = factory.user(trust)
    csrf = sign_in(client, admin)
    listed = client.get(f"/api/v1/organisations/{trust.id}/members", headers=csrf).get_json()
    assert [(m["user"]["id"], m["role"]) for m in listed] == [(admin.id, "admin"), (member.id, "member")]
    assert_error(client.delete(f"/api/v1/organisations/{trust.id}/members/{admin.id}", headers=csrf), 409)
    assert client.delete(f"/api/v1/organisations/{trust.id}/members/{member.id}", headers=csrf).status_code == 204
    # A removed member's token stops acting for the organisation at once.
    assert_error(client.post("/api/v1/needs", json={"organisation": "trust", "title": "After leaving"},
                             headers=auth(member_token)), 401)


def test_verification_changes_the_listing_marker(client, factory, trust):
    assert trust.verified is False
    _, admin_token = factory.user(platform_admin=True)
    r = client.post(f"/api/v1/organisations/{trust.id}/verify", json={"verified": True}, headers=auth(admin_token))
    assert r.status_code == 200 and r.get_json()["verified"] is True
    assert audit_events("organisation.verify")


def test_the_audit_log_is_for_platform_admins_and_filters(client, factory, trust):
    user, token = factory.user(trust)
    admin, admin_token = factory.user(platform_admin=True)
    client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD})
    client.post("/api/v1/needs", json={"organisation": "trust", "title": "Audited need"}, headers=auth(token))
    assert_error(client.get("/api/v1/audit", headers=auth(token)), 403)
    r = client.get("/api/v1/audit", query_string={"action": "need.create"}, headers=auth(admin_token))
    assert r.status_code == 200
    page = r.get_json()
    assert page["total"] == 1 and page["items"][0]["actor_user_id"] == user.id
    r = client.get("/api/v1/audit", query_string={"actor_user_id": user.id, "per_page": 1}, headers=auth(admin_token))
    page = r.get_json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert page["items"][0]["action"] == "need.create"  # newest first
    assert_error(client.get("/api/v1/audit", query_string={"per_page": 1000}, headers=auth(admin_token)), 422,
                 {"per_page"})
    assert_error(client.get("/api/v1/audit", query_string={"since": "yesterday"}, headers=auth(admin_token)), 422,
                 {"since"})


@pytest.mark.only_database("postgresql")  # the trigger is PostgreSQL's; SQLite has no API that edits the log
def test_the_audit_log_cannot_be_edited_in_postgresql(app, client, factory):
    user, token = factory.user()
    client.post("/api/v1/users", json={"email": "a@example.nhs.uk", "password": "long enough pass", "name": "A"})
    event_id = db.session.execute(db.select(AuditEvent.id)).scalars().first()
    for statement in (sa.update(AuditEvent).where(AuditEvent.id == event_id).values(action="nothing.happened"),
                      sa.delete(AuditEvent).where(AuditEvent.id == event_id)):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(statement)
        db.session.rollback()
    assert db.session.get(AuditEvent, event_id).action == "user.register"


def test_listings_say_whether_their_organisation_is_verified(client, factory, trust):
    need = factory.need(trust)
    assert client.get(f"/api/v1/needs/{need.id}").get_json()["organisation_verified"] is False
    trust.verified = True
    db.session.commit()
    assert client.get(f"/api/v1/needs/{need.id}").get_json()["organisation_verified"] is True


def test_the_verify_command_verifies_and_audits(app, factory):
    first, second, third = (factory.organisation(ref=r) for r in ("one", "two", "three"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["organisations", "verify", "--all", "--except", "three"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert [o.verified for o in (first, second, third)] == [True, True, False]
    assert {e.object_ref for e in audit_events("organisation.verify")} == {"one", "two"}
    assert runner.invoke(args=["organisations", "verify", "nope"]).exit_code != 0
