"""Single sign-on: OpenID Connect with any standards-compliant provider set by OIDC_* settings.

NHS staff sign in with NHS Care Identity Service 2 or Microsoft Entra ID. The
flow is the authorization code flow with PKCE (S256), through authlib's Flask
client, which finds the provider's endpoints and keys by discovery:

1. ``GET /sign-in/sso?next=/somewhere`` keeps ``next`` only if it is a path on
   this site, stores it with authlib's state, nonce and PKCE verifier in the
   (signed) session, and sends the browser to the provider.
2. ``GET /sign-in/sso/callback`` checks the state (one use: authlib forgets it),
   exchanges the code, and checks the ID token: signature against the
   provider's JWKS, ``iss`` equal to the discovered issuer (itself equal to
   OIDC_ISSUER), ``aud`` containing our client id, ``exp``/``iat``, and the
   nonce sent in step 1. authlib would check ``aud`` only through ``azp`` and
   ``iss`` only by default, so both are passed explicitly.
3. The account: the one already linked to this (issuer, subject); else the one
   with the same email if, and only if, the provider says the email is
   verified (then the identity is linked to it); else a new account without a
   password. An unverified email never links and never creates an account:
   whoever holds the address later would otherwise be signed in to it.

Every refusal is logged, audited as ``user.sign_in_failed`` (``method="sso"``)
and answered with a clear status, never a 500.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from joserfc.errors import ClaimError, JoseError

from auth.accounts import email_problem, normalise_email, sign_in, user_by_email
from auth.identity import Actor
from auth.redirects import safe_next
from marketplace.models import SsoIdentity, User, db, utcnow
from marketplace.services import audit
from marketplace.services.common import commit
from marketplace.services.errors import ServiceError

log = logging.getLogger(__name__)

blueprint = Blueprint("sso", __name__)

CLIENT_NAME = "sso"
_EXTENSION = "marketplace.sso"
# Seconds to wait for the provider (discovery, keys, token endpoint).
PROVIDER_TIMEOUT = 10


@dataclass
class SsoRefused(Exception):
    """A single sign-on that must not go ahead: why (for the log), what to tell the person, and the status."""

    reason: str
    message: str
    status: int = 401
    user: User | None = None

    def __str__(self) -> str:
        return self.reason


# --- Configuration -------------------------------------------------------------------

def sso_enabled(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def provider_name(app: Flask | None = None) -> str:
    return (app or current_app).config.get("OIDC_PROVIDER_NAME") or "single sign-on"


def _configured_issuer(app: Flask | None = None) -> str:
    return (app or current_app).config["OIDC_ISSUER"].rstrip("/")


def init_sso(app: Flask) -> None:
    """Register the sign-in routes; with OIDC_ISSUER set, register the provider with authlib."""
    app.register_blueprint(blueprint)
    if not sso_enabled(app):
        return
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config.get("OIDC_CLIENT_SECRET") or None,
        server_metadata_url=f"{_configured_issuer(app)}/.well-known/openid-configuration",
        client_kwargs={
            "scope": app.config.get("OIDC_SCOPES") or "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": PROVIDER_TIMEOUT,
        },
    )
    app.extensions[_EXTENSION] = oauth


def _client():
    return current_app.extensions[_EXTENSION].create_client(CLIENT_NAME)


def _discovered_issuer(client) -> str:
    """The provider's issuer from discovery, which must be the one we were configured with.

    OpenID Connect Discovery 1.0 section 4.3: a provider announcing another issuer
    than the one asked about is refused (a misconfiguration, or someone else's server).
    """
    metadata = client.load_server_metadata()
    announced = metadata.get("issuer")
    if not isinstance(announced, str) or announced.rstrip("/") != _configured_issuer():
        raise SsoRefused(f"discovery announced issuer {announced!r}, not {_configured_issuer()!r}",
                         f"Sign-in with {provider_name()} is not available at the moment. "
                         "Sign in with your email and password, or try again later.", 503)
    return announced


def _claims_options(issuer: str) -> dict:
    # A fresh dict each time: authlib pops entries from it while validating.
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": current_app.config["OIDC_CLIENT_ID"]},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }


# --- Linking the provider's account to ours ------------------------------------------------------

def _true(value) -> bool:
    # Some providers send the JSON string "true", or 1, rather than the boolean.
    return value is True or value == 1 or (isinstance(value, str) and value.lower() == "true")


def _email_verified(claims) -> bool:
    if "email_verified" in claims:
        return _true(claims["email_verified"])
    # Entra ID never sends email_verified; its optional claim xms_edov says the
    # email's domain is owned (verified) by the person's own tenant.
    return _true(claims.get("xms_edov"))


def _name(claims, email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return (name or "").strip()[:200] or email.split("@")[0]


def user_for_claims(issuer: str, claims, remote_addr: str | None = None) -> User:
    """The marketplace account for these (already validated) ID token claims, linked and committed.

    Raises SsoRefused for a suspended account, an account the provider cannot
    vouch for (no email, or an unverified one), or an email whose account is
    already linked to someone else at the same provider.
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SsoRefused("ID token without a usable subject", "The sign-in could not be completed.", 401)
    email = normalise_email(claims.get("email") if isinstance(claims.get("email"), str) else "")
    verified = bool(email) and _email_verified(claims)
    name = provider_name()

    identity = db.session.execute(
        db.select(SsoIdentity).where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    ).scalar_one_or_none()
    if identity is not None:
        user = identity.user
        _refuse_if_suspended(user)
        identity.last_used_at = utcnow()
        if verified:
            identity.email = email[:254]
        commit()
        return user

    if not email or email_problem(email):
        raise SsoRefused("no usable email in the ID token",
                         f"{name} did not share an email address with us, so we cannot set up your account. "
                         "Ask your administrator to add one, or register with your email address.", 403)
    if not verified:
        raise SsoRefused("email not verified by the provider",
                         f"{name} has not verified your email address, so we cannot link it to an account. "
                         "Sign in with your email and password, or ask your administrator to verify it.", 403)

    user = user_by_email(email)
    now = utcnow()
    if user is not None:
        _refuse_if_suspended(user)
        other = db.session.execute(
            db.select(SsoIdentity).where(SsoIdentity.user_id == user.id, SsoIdentity.issuer == issuer)
        ).scalar_one_or_none()
        if other is not None:
            # The provider gave this address to someone else (or reused it): not the same person.
            raise SsoRefused(f"email {email} belongs to an account linked to another subject at this issuer",
                             f"The account for {email} is linked to a different {name} account. "
                             "Contact the marketplace team.", 403, user)
        created = False
    else:
        user = User(email=email, name=_name(claims, email), password_hash=None)
        db.session.add(user)
        db.session.flush()
        created = True
    actor = Actor(user=user, label=f"user:{user.id}", remote_addr=remote_addr)
    if created:
        audit.record(actor, "user.register", user, method="sso", issuer=issuer)
    db.session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject, email=email, created_at=now,
                               last_used_at=now))
    audit.record(actor, "user.sso_link", user, issuer=issuer, subject=subject, email=email,
                 linked_by="new account" if created else "verified email")
    commit()
    log.info("Linked %s subject %s to user %s (%s)", issuer, subject, user.id,
             "new account" if created else "verified email")
    return user


def _refuse_if_suspended(user: User) -> None:
    if user.is_suspended:
        raise SsoRefused("suspended", "This account is suspended. Contact the marketplace team.", 403, user)


# --- The routes ------------------------------------------------------------------------------------

_UNAVAILABLE = "Sign-in with {name} is not available at the moment. Sign in with your email and password, or try again later."
_FAILED = "Sign-in with {name} did not work. Try again."


@blueprint.get("/sign-in/sso")
def start():
    if not sso_enabled():
        abort(404)
    target = safe_next(request.args.get("next"))
    client = _client()
    redirect_uri = url_for("sso.callback", _external=True)
    try:
        _discovered_issuer(client)
        authorization = client.create_authorization_url(redirect_uri)
    except SsoRefused as refused:
        return _refuse(refused, target)
    except (requests.RequestException, ValueError, KeyError, RuntimeError, AuthlibBaseError) as exc:
        return _refuse(SsoRefused(f"provider unreachable: {_describe(exc)}",
                                  _UNAVAILABLE.format(name=provider_name()), 503), target)
    # The state, nonce, PKCE verifier and where to go afterwards travel together, used once.
    client.save_authorize_data(redirect_uri=redirect_uri, next=target, **authorization)
    return redirect(authorization["url"])


@blueprint.get("/sign-in/sso/callback")
def callback():
    if not sso_enabled():
        abort(404)
    remote_addr = request.remote_addr
    client = _client()
    state = request.args.get("state") or ""
    state_data = client.framework.get_state_data(session, state) if state else None
    target = safe_next((state_data or {}).get("next"))
    claims = None
    try:
        if state_data is None:
            raise SsoRefused("state missing, unknown or already used",
                             "This sign-in link has expired or was already used. Start again.", 400)
        if request.args.get("error"):
            client.framework.clear_state_data(session, state)
            error = request.args.get("error", "")[:100]
            raise SsoRefused(f"provider answered {error}: {request.args.get('error_description', '')[:200]}",
                             f"{provider_name()} did not sign you in. Try again.", 401)
        issuer = _discovered_issuer(client)
        # RFC 9207: an authorization response that names another issuer is a mix-up attack.
        if request.args.get("iss") is not None and request.args.get("iss") != issuer:
            raise SsoRefused(f"authorization response from issuer {request.args.get('iss')!r}",
                             _FAILED.format(name=provider_name()), 400)
        try:
            token = client.authorize_access_token(claims_options=_claims_options(issuer))
        except MismatchingStateError:
            raise SsoRefused("state mismatch", "This sign-in link has expired or was already used. Start again.",
                             400) from None
        except (ClaimError, JoseError) as exc:
            raise SsoRefused(f"invalid ID token: {_describe(exc)}", _FAILED.format(name=provider_name()),
                             401) from None
        except AuthlibBaseError as exc:
            # The token endpoint refused the code (used already, expired, wrong verifier).
            raise SsoRefused(f"token endpoint refused: {_describe(exc)}", _FAILED.format(name=provider_name()),
                             401) from None
        except (requests.RequestException, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise SsoRefused(f"provider unreachable or answered nonsense: {_describe(exc)}",
                             _UNAVAILABLE.format(name=provider_name()), 503) from None
        claims = token.get("userinfo")
        if not claims:
            raise SsoRefused("no ID token in the token response", _FAILED.format(name=provider_name()), 401)
        user = user_for_claims(issuer, claims, remote_addr)
    except SsoRefused as refused:
        return _refuse(refused, target, claims)
    except (requests.RequestException, ValueError, AuthlibBaseError) as exc:
        return _refuse(SsoRefused(f"provider unreachable: {_describe(exc)}",
                                  _UNAVAILABLE.format(name=provider_name()), 503), target, claims)
    except ServiceError as exc:  # a lost race with a simultaneous first sign-in (409)
        return _refuse(SsoRefused(f"{type(exc).__name__}: {exc}", str(exc), getattr(exc, "status", 409)),
                       target, claims)
    sign_in(user, "sso", remote_addr)
    return redirect(target)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _refuse(refused: SsoRefused, target: str, claims=None):
    """Log and audit the refusal, then tell the person (on the sign-in page if there is one)."""
    db.session.rollback()
    remote_addr = request.remote_addr
    log.warning("Single sign-on refused from %s (%s): %s", remote_addr, refused.status, refused.reason)
    details = {"method": "sso", "reason": refused.reason[:500]}
    if claims:
        for key in ("sub", "email"):
            if isinstance(claims.get(key), str):
                details[key] = claims[key][:254]
    audit.record(Actor(label="anonymous", remote_addr=remote_addr), "user.sign_in_failed", refused.user,
                 object_type="user", **details)
    commit()
    if "web.sign_in" in current_app.view_functions:
        flash(refused.message, "error")
        return redirect(url_for("web.sign_in", next=target if target != "/" else None))
    again = url_for("sso.start", next=target if target != "/" else None)
    page = (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<title>Sign-in did not work - NHS innovation marketplace</title></head><body>"
        "<h1>Sign-in did not work</h1>"
        f"<p>{html.escape(refused.message)}</p>"
        f"<p><a href='{html.escape(again)}'>Sign in with {html.escape(provider_name())} again</a></p>"
        "</body></html>"
    )
    return page, refused.status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
