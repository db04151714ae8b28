"""Single sign-on end to end against a real OpenID provider (tests/oidc/provider.mjs, panva's oidc-provider).

The Flask test client is our side; a ``requests`` session plays the browser at
the provider. Nothing of authlib is mocked: bad ID tokens are made by the
provider itself, which re-signs the next token response as told (provider.mjs,
``/__test__/tamper``), and our real callback must refuse them.
"""
from __future__ import annotations

import logging
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask import url_for

from auth.http.limits import limiter
from marketplace import create_app
from marketplace.models import AuditEvent, SsoIdentity, User, db
from tests.conftest import RequestScopedClient, _empty_tables, make_config
from tests.factories import Factory
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, TestProvider, free_port


# --- Fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    running = TestProvider(tmp_path_factory.mktemp("oidc"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def sso_apps(database):
    """Apps over the session's migrated database, one per OpenID issuer they are configured with."""
    apps = {}

    def app_for(issuer: str):
        if issuer not in apps:
            app = create_app(make_config(database["url"], database["tmp"], OIDC_ISSUER=issuer,
                                         OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET,
                                         OIDC_PROVIDER_NAME="Test Identity"))
            app.test_client_class = RequestScopedClient
            apps[issuer] = app
        return apps[issuer]

    yield app_for
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app_for(sso_apps):
    """An app for a given issuer, inside its context; the tables are emptied afterwards."""
    contexts = []

    def enter(issuer: str):
        app = sso_apps(issuer)
        context = app.app_context()
        context.push()
        contexts.append(context)
        limiter.reset()
        return app

    yield enter
    for context in reversed(contexts):
        db.session.remove()
        context.pop()
    if contexts:
        with contexts[0].app.app_context():
            _empty_tables()


@pytest.fixture
def sso_app(app_for, provider):
    return app_for(provider.issuer)


@pytest.fixture
def client(sso_app):
    return sso_app.test_client()


@pytest.fixture
def factory(sso_app):
    return Factory()


# --- Helpers -------------------------------------------------------------------------------

def start(client, next_: str | None = None) -> str:
    """Begin single sign-on on our side: the provider's authorization URL we are sent to."""
    response = client.get("/sign-in/sso", query_string={"next": next_} if next_ is not None else {})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(client, callback_url: str):
    """The browser arriving at our callback with what the provider put on the URL."""
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REDIRECT_URI
    return client.get(f"{parts.path}?{parts.query}")


def sso_sign_in(client, provider, login: str, next_: str | None = None):
    return come_back(client, provider.sign_in(start(client, next_), login))


def with_params(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


def who(client) -> dict:
    response = client.get("/api/v1/session")
    assert response.status_code == 200
    return response.get_json()


def events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)).scalars())


def assert_signed_in(client, response, user_email: str, location: str = "/") -> User:
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == location
    session = who(client)
    assert session["authenticated"] is True and session["via"] == "session"
    assert session["user"]["email"] == user_email
    user = db.session.execute(db.select(User).where(User.email == user_email)).scalar_one()
    last = events("user.sign_in")[-1]
    assert last.actor_user_id == user.id and last.details["method"] == "sso"
    return user


def assert_refused(app, client, response, status: int, reason: str, caplog) -> AuditEvent:
    """Refused with ``status`` (or sent to the sign-in page with a message), logged, audited, not signed in."""
    if "web.sign_in" in app.view_functions:
        assert response.status_code == 302
        with app.test_request_context():
            assert urlsplit(response.headers["Location"]).path == url_for("web.sign_in")
        page = client.get(response.headers["Location"])  # the message, shown once on the sign-in page
        assert page.status_code == 200 and "nhsuk-notification-banner" in page.get_data(as_text=True)
    else:
        assert response.status_code == status, response.get_data(as_text=True)
        assert "Sign-in did not work" in response.get_data(as_text=True)
    failed = events("user.sign_in_failed")
    assert failed, "the refusal was not audited"
    assert failed[-1].details["method"] == "sso"
    assert reason in failed[-1].details["reason"], failed[-1].details
    assert any("Single sign-on refused" in r.getMessage() and reason in r.getMessage() for r in caplog.records)
    assert who(client)["authenticated"] is False
    return failed[-1]


@pytest.fixture(autouse=True)
def _capture_logs(caplog):
    caplog.set_level(logging.INFO, logger="auth")


# --- The flow ------------------------------------------------------------------------------

def test_the_authorization_request_uses_pkce_state_and_nonce(client, provider):
    url = start(client)
    assert url.startswith(f"{provider.url}/auth?")
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == REDIRECT_URI
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20


def test_first_sign_in_creates_an_account_and_links_it(client, provider):
    response = sso_sign_in(client, provider, "alice.jones@nhs.net")
    user = assert_signed_in(client, response, "alice.jones@nhs.net")
    assert user.name == "Alice Jones"
    assert user.password_hash is None
    identity = db.session.execute(db.select(SsoIdentity)).scalar_one()
    assert (identity.user_id, identity.issuer, identity.email) == (user.id, provider.issuer, "alice.jones@nhs.net")
    assert identity.subject.startswith("sub-") and identity.last_used_at is not None
    register, = events("user.register")
    assert register.object_id == user.id and register.details["method"] == "sso"
    link, = events("user.sso_link")
    assert link.details == {"issuer": provider.issuer, "subject": identity.subject, "email": "alice.jones@nhs.net",
                            "linked_by": "new account"}


def test_an_existing_password_account_is_linked_by_verified_email(client, provider, factory):
    user, _ = factory.user()
    response = sso_sign_in(client, provider, user.email)
    assert assert_signed_in(client, response, user.email).id == user.id
    assert db.session.execute(db.select(db.func.count()).select_from(User)).scalar_one() == 1
    identity = db.session.execute(db.select(SsoIdentity)).scalar_one()
    assert identity.user_id == user.id
    link, = events("user.sso_link")
    assert link.details["linked_by"] == "verified email"
    assert events("user.register") == []


def test_a_second_sign_in_finds_the_account_by_subject_even_after_the_email_changed(app_for, provider):
    app = app_for(provider.issuer)
    first = app.test_client()
    user = assert_signed_in(first, sso_sign_in(first, provider, "carol@nhs.net"), "carol@nhs.net")
    # The same person (same subject) whose address at the provider has changed.
    second = app.test_client()
    response = sso_sign_in(second, provider, "carol@nhs.net|carol.smith@nhs.net")
    assert assert_signed_in(second, response, "carol@nhs.net").id == user.id
    identity = db.session.execute(db.select(SsoIdentity)).scalar_one()
    assert identity.email == "carol.smith@nhs.net"
    assert len(events("user.sso_link")) == 1 and len(events("user.sign_in")) == 2


def test_an_unverified_email_is_never_linked_to_an_existing_account(sso_app, client, provider, factory, caplog):
    user, _ = factory.user()
    response = sso_sign_in(client, provider, f"unverified:{user.email}")
    assert_refused(sso_app, client, response, 403, "email not verified", caplog)
    assert db.session.execute(db.select(SsoIdentity)).first() is None


def test_an_unverified_email_creates_no_account(sso_app, client, provider, caplog):
    # Made now, the account would be handed to whoever proves the address later.
    response = sso_sign_in(client, provider, "unverified:dan@nhs.net")
    assert_refused(sso_app, client, response, 403, "email not verified", caplog)
    assert db.session.execute(db.select(User)).first() is None


def test_entra_ids_domain_owner_verified_claim_counts_as_verified(client, provider, factory):
    # Entra ID sends no email_verified; with the optional claim xms_edov it vouches for the address.
    user, _ = factory.user()
    response = sso_sign_in(client, provider, f"entra:{user.email}")
    assert assert_signed_in(client, response, user.email).id == user.id


def test_without_email_verified_or_xms_edov_the_email_is_not_trusted(sso_app, client, provider, factory, caplog):
    user, _ = factory.user()
    response = sso_sign_in(client, provider, f"entra-plain:{user.email}")
    assert_refused(sso_app, client, response, 403, "email not verified", caplog)


def test_no_email_at_all_is_refused(sso_app, client, provider, caplog):
    response = sso_sign_in(client, provider, "noemail.erin")
    assert_refused(sso_app, client, response, 403, "no usable email", caplog)
    assert db.session.execute(db.select(User)).first() is None


def test_an_email_linked_to_another_subject_is_not_taken_over(app_for, provider, caplog):
    app = app_for(provider.issuer)
    owner = app.test_client()
    user = assert_signed_in(owner, sso_sign_in(owner, provider, "fay@nhs.net"), "fay@nhs.net")
    # Another person at the same provider now holds the address (reissued after a leaver, say).
    newcomer = app.test_client()
    response = sso_sign_in(newcomer, provider, "fay-newcomer|fay@nhs.net")
    event = assert_refused(app, newcomer, response, 403, "linked to another subject", caplog)
    assert event.object_id == user.id
    assert db.session.execute(db.select(db.func.count()).select_from(SsoIdentity)).scalar_one() == 1


def test_a_suspended_account_is_refused(app_for, provider, caplog):
    app = app_for(provider.issuer)
    first = app.test_client()
    user = assert_signed_in(first, sso_sign_in(first, provider, "gus@nhs.net"), "gus@nhs.net")
    user.is_suspended = True
    db.session.commit()
    again = app.test_client()
    event = assert_refused(app, again, sso_sign_in(again, provider, "gus@nhs.net"), 403, "suspended", caplog)
    assert event.object_id == user.id


def test_a_suspended_password_account_is_not_linked(sso_app, client, provider, factory, caplog):
    user, _ = factory.user()
    user.is_suspended = True
    db.session.commit()
    assert_refused(sso_app, client, sso_sign_in(client, provider, user.email), 403, "suspended", caplog)
    assert db.session.execute(db.select(SsoIdentity)).first() is None


# --- Where to go afterwards ------------------------------------------------------------------

def test_next_on_this_site_is_kept(client, provider):
    response = sso_sign_in(client, provider, "hal@nhs.net", next_="/needs/?q=virtual+ward")
    assert_signed_in(client, response, "hal@nhs.net", location="/needs/?q=virtual+ward")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_next_off_site_is_ignored(client, provider, target):
    response = sso_sign_in(client, provider, "ivy@nhs.net", next_=target)
    assert_signed_in(client, response, "ivy@nhs.net", location="/")


# --- State, code and nonce -----------------------------------------------------------------------

def test_a_replayed_callback_is_refused(sso_app, client, provider, caplog):
    callback = provider.sign_in(start(client), "jo@nhs.net")
    cookie_before = client.get_cookie("marketplace_session").value
    assert_signed_in(client, come_back(client, callback), "jo@nhs.net")
    client.delete("/api/v1/session", headers={"X-CSRFToken": who(client)["csrf_token"]})

    # The same browser again: the state was used up.
    assert_refused(sso_app, client, come_back(client, callback), 400, "state", caplog)
    # Someone with a copy of the cookie from before the callback: the provider refuses the used code.
    thief = sso_app.test_client()
    thief.set_cookie("marketplace_session", cookie_before)
    assert_refused(sso_app, thief, come_back(thief, callback), 401, "token endpoint refused", caplog)
    assert len(events("user.sign_in")) == 1


def test_a_forged_state_is_refused(sso_app, client, provider, caplog):
    callback = provider.sign_in(start(client), "kim@nhs.net")
    response = come_back(client, with_params(callback, state="forged-state"))
    assert_refused(sso_app, client, response, 400, "state", caplog)


def test_a_callback_from_another_browser_is_refused(sso_app, client, provider, caplog):
    # Login CSRF: an attacker's own code and state, delivered to someone else's browser.
    attacker = sso_app.test_client()
    callback = provider.sign_in(start(attacker), "mallory@nhs.net")
    assert_refused(sso_app, client, come_back(client, callback), 400, "state", caplog)
    assert db.session.execute(db.select(User)).first() is None


def test_an_id_token_with_a_replayed_nonce_is_refused(sso_app, client, provider, caplog):
    earlier = {k: v[0] for k, v in parse_qs(urlsplit(start(sso_app.test_client())).query).items()}
    callback = provider.sign_in(start(client), "lee@nhs.net")
    provider.tamper(set={"nonce": earlier["nonce"]})
    assert_refused(sso_app, client, come_back(client, callback), 401, "nonce", caplog)


def test_the_provider_refusing_is_refused_cleanly(sso_app, client, provider, caplog):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get("/sign-in/sso/callback", query_string={
        "error": "access_denied", "error_description": "End-User aborted interaction", "state": state})
    assert_refused(sso_app, client, response, 401, "access_denied", caplog)


def test_an_authorization_response_from_another_issuer_is_refused(sso_app, client, provider, caplog):
    callback = provider.sign_in(start(client), "max@nhs.net")
    assert parse_qs(urlsplit(callback).query)["iss"] == [provider.issuer]  # RFC 9207
    response = come_back(client, with_params(callback, iss="http://evil.example"))
    assert_refused(sso_app, client, response, 400, "issuer", caplog)


# --- ID tokens ---------------------------------------------------------------------------------

def test_a_resigned_but_honest_id_token_is_accepted(client, provider):
    # The control for the cases below: re-signing with the provider's own key changes nothing.
    callback = provider.sign_in(start(client), "ned@nhs.net")
    provider.tamper(set={})
    assert_signed_in(client, come_back(client, callback), "ned@nhs.net")


BAD_ID_TOKENS = {
    "wrong issuer": ({"set": {"iss": "http://evil.example"}}, "iss"),
    "wrong audience": ({"set": {"aud": "someone-else"}}, "aud"),
    # authlib alone would accept this one: it checks aud only through azp unless told the audience.
    "wrong audience, our azp": ({"set": {"aud": "someone-else", "azp": CLIENT_ID}}, "aud"),
    "audience list without us": ({"set": {"aud": ["someone-else", "another"]}}, "aud"),
    "signed by another key with the same kid": ({"sign_with": "foreign-same-kid"}, "BadSignatureError"),
    "signed by a key not in the JWKS": ({"sign_with": "foreign"}, "invalid ID token"),
    "unsigned (alg none)": ({"sign_with": "none"}, "invalid ID token"),
    "expired an hour ago": ({"expired": True}, "ExpiredTokenError"),
    "no subject": ({"unset": ["sub"]}, "sub"),
    "no ID token": ({"drop_id_token": True}, "no ID token"),
}


@pytest.mark.parametrize("case", BAD_ID_TOKENS, ids=list(BAD_ID_TOKENS))
def test_a_bad_id_token_is_refused(sso_app, client, provider, caplog, case):
    how, reason = dict(BAD_ID_TOKENS[case][0]), BAD_ID_TOKENS[case][1]
    if how.pop("expired", False):
        now = int(time.time())
        how = {"set": {"iat": now - 7200, "exp": now - 3600}}
    callback = provider.sign_in(start(client), "olive@nhs.net")
    provider.tamper(**how)
    assert_refused(sso_app, client, come_back(client, callback), 401, reason, caplog)
    assert db.session.execute(db.select(User)).first() is None


# --- The provider misbehaving or away --------------------------------------------------------------

def test_a_provider_that_cannot_be_reached_is_a_clean_503(app_for, caplog):
    app = app_for(f"http://127.0.0.1:{free_port()}")
    client = app.test_client()
    assert_refused(app, client, client.get("/sign-in/sso"), 503, "provider unreachable", caplog)


def test_a_provider_that_goes_away_mid_sign_in_is_a_clean_503(app_for, tmp_path, caplog):
    short_lived = TestProvider(tmp_path)
    try:
        app = app_for(short_lived.issuer)
        client = app.test_client()
        callback = short_lived.sign_in(start(client), "pat@nhs.net")
    finally:
        short_lived.stop()
    assert_refused(app, client, come_back(client, callback), 503, "provider unreachable", caplog)


def test_a_provider_announcing_another_issuer_is_refused(app_for, tmp_path, caplog):
    impostor = TestProvider(tmp_path, issuer="http://evil.example")
    try:
        app = app_for(impostor.url)
        client = app.test_client()
        assert_refused(app, client, client.get("/sign-in/sso"), 503, "discovery announced issuer", caplog)
    finally:
        impostor.stop()


def test_without_oidc_settings_the_routes_are_not_found(app):
    client = app.test_client()
    assert client.get("/sign-in/sso").status_code == 404
    assert client.get("/sign-in/sso/callback?code=x&state=y").status_code == 404
