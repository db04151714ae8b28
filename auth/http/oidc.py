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
3. The account (``auth.services.sso.user_for_claims``): the one already linked
   to this (issuer, subject); else the one with the same email if, and only if,
   the provider says the email is verified; else a new account without a password.

Every refusal is logged, audited as ``user.sign_in_failed`` (``method="sso"``)
and answered with a clear status, never a 500.
"""
from __future__ import annotations

import html
import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from joserfc.errors import ClaimError, JoseError

from auth.http.redirects import safe_next
from auth.http.sessions import sign_in
from auth.policy.identity import Actor
from auth.services.sso import SsoRefused, provider_name, user_for_claims
from marketplace.models import db
from marketplace.services import audit
from marketplace.services.common import commit
from marketplace.services.errors import ServiceError

log = logging.getLogger(__name__)

blueprint = Blueprint("sso", __name__)

CLIENT_NAME = "sso"
_EXTENSION = "marketplace.sso"
# Seconds to wait for the provider (discovery, keys, token endpoint).
PROVIDER_TIMEOUT = 10


# --- Configuration -------------------------------------------------------------------

def sso_enabled(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


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
