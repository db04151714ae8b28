"""People: registration, sign-in and lockout, sessions, CSRF, password reset by email, suspension."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from auth.credentials import passwords
from auth.http.redirects import safe_next
from marketplace.models import AuditEvent, PasswordReset, User, db, utcnow
from tests.factories import PASSWORD, auth, sign_in
from tests.support import assert_error, audit_events, count

NEW = {"email": "Ada.Lovelace@Example.NHS.uk", "password": "analytical engine 1843", "name": "Ada Lovelace"}


def _session(client) -> dict:
    return client.get("/api/v1/session").get_json()


def test_register_then_sign_in_and_out(client):
    r = client.post("/api/v1/users", json=NEW)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["email"] == "ada.lovelace@example.nhs.uk"
    assert "password" not in r.get_json() and "password_hash" not in r.get_json()
    user = db.session.execute(db.select(User)).scalar_one()
    assert user.password_hash.startswith("$argon2id$")
    assert _session(client)["authenticated"] is False

    r = client.post("/api/v1/session", json={"email": "ADA.lovelace@example.nhs.uk ", "password": NEW["password"]})
    assert r.status_code == 200, r.get_json()
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    me = _session(client)
    assert me["authenticated"] and me["via"] == "session" and me["user"]["id"] == user.id
    assert me["scopes"] is None and me["csrf_token"]

    assert client.delete("/api/v1/session", headers={"X-CSRFToken": me["csrf_token"]}).status_code == 204
    assert _session(client)["authenticated"] is False
    actions = [e.action for e in audit_events()]
    assert actions == ["user.register", "user.sign_in", "user.sign_out"]
    signed_in = audit_events("user.sign_in")[0]
    assert signed_in.remote_addr == "127.0.0.1" and signed_in.details == {"method": "password"}


@pytest.mark.parametrize("body,field", [
    ({**NEW, "email": "not-an-email"}, "email"),
    ({**NEW, "password": "short"}, "password"),
    ({**NEW, "password": "ada.lovelace@example.nhs.uk"}, "password"),
    ({**NEW, "name": "   "}, "name"),
    ({**NEW, "password": "x" * 300}, "password"),
])
def test_registration_names_the_field_that_is_wrong(client, body, field):
    body = assert_error(client.post("/api/v1/users", json=body), 422, {field})
    assert body["errors"][field]
    assert count(User) == 0


def test_registering_an_email_twice_is_refused_without_a_second_account(client, factory):
    client.post("/api/v1/users", json=NEW)
    assert_error(client.post("/api/v1/users", json={**NEW, "email": NEW["email"].upper()}), 422, {"email"})
    assert count(User) == 1


def test_sql_and_html_in_text_are_stored_as_text(client):
    name = "<script>alert(1)</script>'; DROP TABLE users; --"
    r = client.post("/api/v1/users", json={**NEW, "name": name})
    assert r.status_code == 201
    assert db.session.execute(db.select(User.name)).scalar_one() == name
    assert r.get_json()["name"] == name  # JSON carries text; the pages escape it when they show it


def test_wrong_password_and_unknown_email_get_the_same_answer(client, factory):
    user, _ = factory.user()
    wrong = assert_error(client.post("/api/v1/session", json={"email": user.email, "password": "nope nope nope"}), 401)
    unknown = assert_error(client.post("/api/v1/session", json={"email": "nobody@example.nhs.uk",
                                                                "password": "nope nope nope"}), 401)
    assert wrong["message"] == unknown["message"]
    reasons = [e.details["reason"] for e in audit_events("user.sign_in_failed")]
    assert reasons == ["wrong password", "unknown email"]


def test_lockout_after_repeated_failures_then_timed_release(client, factory, app):
    user, _ = factory.user()
    threshold = app.config["LOCKOUT_THRESHOLD"]
    for _ in range(threshold):
        assert_error(client.post("/api/v1/session", json={"email": user.email, "password": "guess guess guess"}), 401)
    db.session.refresh(user)
    assert user.locked_until is not None
    # Locked: even the right password is refused, and the answer says for how long.
    body = assert_error(client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD}), 401)
    assert "Too many failed attempts" in body["message"]
    assert [e.details["reason"] for e in audit_events("user.sign_in_failed")][-2:] == [
        "wrong password; account locked", "locked"]
    # The lock is timed: once it has passed, the right password works again.
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD}).status_code == 200
    db.session.refresh(user)
    assert user.failed_sign_ins == 0 and user.locked_until is None


def test_sign_in_is_rate_limited_with_retry_after(client, app, factory):
    limit = int(app.config["RATELIMIT_SIGN_IN"].split()[0])
    for _ in range(limit):
        client.post("/api/v1/session", json={"email": "x@example.nhs.uk", "password": "whatever whatever"})
    r = client.post("/api/v1/session", json={"email": "x@example.nhs.uk", "password": "whatever whatever"})
    body = assert_error(r, 429)
    assert int(r.headers["Retry-After"]) > 0
    assert body["message"]


def test_registration_and_reset_are_rate_limited(client, app):
    for path, body, setting in [
        ("/api/v1/users", {**NEW, "email": "e{}@example.nhs.uk"}, "RATELIMIT_REGISTER"),
        ("/api/v1/password-reset", {"email": "e{}@example.nhs.uk"}, "RATELIMIT_PASSWORD_RESET"),
    ]:
        limit = int(app.config[setting].split()[0])
        statuses = []
        for n in range(limit + 1):
            statuses.append(client.post(path, json={**body, "email": body["email"].format(n)}).status_code)
        assert statuses[-1] == 429 and 429 not in statuses[:-1], (path, statuses)


def test_session_writes_need_the_csrf_token(client, factory):
    org = factory.organisation(ref="trust")
    user, _ = factory.user(org)
    csrf = sign_in(client, user)
    body = {"organisation": "trust", "title": "A need from the browser"}
    r = client.post("/api/v1/needs", json=body)
    assert_error(r, 400)
    assert "CSRF" in r.get_json()["message"]
    assert_error(client.post("/api/v1/needs", json=body, headers={"X-CSRFToken": "forged"}), 400)
    assert client.post("/api/v1/needs", json=body, headers=csrf).status_code == 201


def test_a_tampered_session_cookie_is_nobody(client, factory):
    user, _ = factory.user()
    sign_in(client, user)
    cookie = client.get_cookie("marketplace_session")
    value = cookie.value
    tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    client.set_cookie("marketplace_session", tampered)
    assert _session(client)["authenticated"] is False


def test_suspension_ends_live_sessions_and_tokens_at_once(client, factory, app):
    org = factory.organisation(ref="trust")
    user, token = factory.user(org)
    _, admin_token = factory.user(platform_admin=True)
    csrf = sign_in(client, user)
    assert _session(client)["authenticated"]
    r = client.post(f"/api/v1/users/{user.id}/suspension", json={"suspended": True, "reason": "test"},
                    headers=auth(admin_token))
    assert r.status_code == 200 and r.get_json()["is_suspended"] is True
    # The same browser, the very next request: no longer signed in.
    assert _session(client)["authenticated"] is False
    assert_error(client.post("/api/v1/needs", json={"organisation": "trust", "title": "Sneaky"}, headers=csrf), 401)
    body = assert_error(client.get("/api/v1/session", headers=auth(token)), 401)
    assert "suspended" in body["message"]
    # Nor can they sign in again.
    body = assert_error(client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD}), 401)
    assert "suspended" in body["message"]
    # Reinstated: they can.
    client.post(f"/api/v1/users/{user.id}/suspension", json={"suspended": False}, headers=auth(admin_token))
    assert client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD}).status_code == 200
    assert [e.action for e in audit_events() if e.action.startswith("user.")][-3:] == [
        "user.sign_in_failed", "user.reinstate", "user.sign_in"]


def test_a_platform_admin_cannot_suspend_themselves(client, factory):
    admin, token = factory.user(platform_admin=True)
    assert_error(client.post(f"/api/v1/users/{admin.id}/suspension", json={"suspended": True},
                             headers=auth(token)), 422, {"suspended"})


def test_password_reset_by_emailed_single_use_link(client, factory, mailbox):
    user, _ = factory.user()
    other_browser = client.application.test_client()
    sign_in(other_browser, user)
    r = client.post("/api/v1/password-reset", json={"email": user.email})
    assert r.status_code == 202
    link = mailbox.link_in(mailbox.last_to(user.email))
    token = urlsplit(link).path.rsplit("/", 1)[-1]
    new_password = "a brand new passphrase"
    r = client.post("/api/v1/password-reset/complete", json={"token": token, "password": new_password})
    assert r.status_code == 204, r.get_json()
    # Every other session of the account has ended; the old password is gone, the new one works.
    assert other_browser.get("/api/v1/session").get_json()["authenticated"] is False
    assert_error(client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD}), 401)
    # Used once, never again.
    body = assert_error(client.post("/api/v1/password-reset/complete",
                                    json={"token": token, "password": "yet another passphrase"}), 400)
    assert "already been used" in body["message"]
    assert client.post("/api/v1/session", json={"email": user.email, "password": new_password}).status_code == 200


def test_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, mailbox):
    r = client.post("/api/v1/password-reset", json={"email": "nobody@example.nhs.uk"})
    assert r.status_code == 202
    assert mailbox.messages == []
    assert audit_events("user.password_reset_requested")[0].details["sent"] is False


def test_tampered_and_expired_reset_links_are_refused(client, factory, mailbox):
    user, _ = factory.user()
    client.post("/api/v1/password-reset", json={"email": user.email})
    token = urlsplit(mailbox.link_in(mailbox.last_to(user.email))).path.rsplit("/", 1)[-1]
    tampered = token[:-2] + ("xy" if not token.endswith("xy") else "zz")
    body = assert_error(client.post("/api/v1/password-reset/complete",
                                    json={"token": tampered, "password": "a brand new passphrase"}), 400)
    assert "not valid" in body["message"]
    row = db.session.execute(db.select(PasswordReset)).scalar_one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    body = assert_error(client.post("/api/v1/password-reset/complete",
                                    json={"token": token, "password": "a brand new passphrase"}), 400)
    assert "expired" in body["message"]
    assert passwords.verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_a_weak_new_password_is_refused_and_the_link_still_works(client, factory, mailbox):
    user, _ = factory.user()
    client.post("/api/v1/password-reset", json={"email": user.email})
    token = urlsplit(mailbox.link_in(mailbox.last_to(user.email))).path.rsplit("/", 1)[-1]
    assert_error(client.post("/api/v1/password-reset/complete", json={"token": token, "password": "short"}),
                 422, {"password"})
    r = client.post("/api/v1/password-reset/complete", json={"token": token, "password": "long enough at last"})
    assert r.status_code == 204


@pytest.mark.parametrize("target,expected", [
    ("/needs/3", "/needs/3"),
    ("/search?q=x&page=2", "/search?q=x&page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/path", "/"),
    ("/\\evil.example", "/"),
    ("\\\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/ok\r\nSet-Cookie: x=1", "/"),
    ("needs/3", "/"),
    ("", "/"),
    (None, "/"),
])
def test_next_never_leaves_the_site(target, expected):
    assert safe_next(target) == expected


def test_production_password_parameters_are_argon2id_rfc9106(app):
    from config import Config

    production = Config()
    assert (production.ARGON2_TIME_COST, production.ARGON2_MEMORY_COST, production.ARGON2_PARALLELISM) == (3, 65536, 4)
    saved = {k: app.config[k] for k in ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM")}
    app.config.update(ARGON2_TIME_COST=3, ARGON2_MEMORY_COST=65536, ARGON2_PARALLELISM=4)
    try:
        stored = passwords.hash_password("a sample password")
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert passwords.verify_password(stored, "a sample password")
    finally:
        app.config.update(saved)
    # A hash made with other parameters is upgraded at the next sign-in.
    assert passwords.needs_rehash(stored)


def test_sign_ins_are_audited_with_where_from(client, factory):
    user, _ = factory.user()
    client.post("/api/v1/session", json={"email": user.email, "password": PASSWORD},
                environ_base={"REMOTE_ADDR": "10.1.2.3"})
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "user.sign_in")).scalar_one()
    assert (event.actor_user_id, event.object_id, event.remote_addr) == (user.id, user.id, "10.1.2.3")
    assert event.at is not None


@pytest.mark.parametrize("path,field", [
    ("/api/v1/session", "email"), ("/api/v1/session", "password"), ("/api/v1/users", "email"),
    ("/api/v1/users", "name"), ("/api/v1/users", "password"), ("/api/v1/password-reset", "email"),
])
@pytest.mark.parametrize("value", ["\ud800", "a\x00b", "\x1b[31m"])
def test_text_that_no_database_can_store_is_refused_by_name(client, path, field, value):
    body = {"email": "a@example.nhs.uk", "password": "a long enough password", "name": "A Person"}
    body = {k: v for k, v in body.items() if path != "/api/v1/password-reset" or k == "email"}
    if path == "/api/v1/session":
        body.pop("name")
    body[field] = value
    assert_error(client.post(path, json=body), 422, {field})
