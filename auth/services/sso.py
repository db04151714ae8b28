"""Single sign-on, the use case: which marketplace account the provider's (validated) claims
belong to, linked and audited. The HTTP flow (authorization code with PKCE, the ID token
checks) is ``auth.http.oidc``.

The account: the one already linked to this (issuer, subject); else the one with the
same email if, and only if, the provider says the email is verified (then the identity is
linked to it); else a new account without a password. An unverified email never links
and never creates an account: whoever holds the address later would otherwise be signed
in to it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app

from auth.policy.identity import Actor
from auth.services.accounts import email_problem, normalise_email, user_by_email
from marketplace.models import SsoIdentity, User, db, utcnow
from marketplace.services import audit
from marketplace.services.common import commit

log = logging.getLogger(__name__)


@dataclass
class SsoRefused(Exception):
    """A single sign-on that must not go ahead: why (for the log), what to tell the person, and the status."""

    reason: str
    message: str
    status: int = 401
    user: User | None = None

    def __str__(self) -> str:
        return self.reason


def provider_name(app: Flask | None = None) -> str:
    return (app or current_app).config.get("OIDC_PROVIDER_NAME") or "single sign-on"


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
    subject = _subject(claims)
    email = normalise_email(claims.get("email") if isinstance(claims.get("email"), str) else "")
    verified = bool(email) and _email_verified(claims)
    identity = db.session.execute(
        db.select(SsoIdentity).where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    ).scalar_one_or_none()
    if identity is not None:
        return _returning_user(identity, email if verified else None)
    _require_vouched_email(email, verified)
    user = user_by_email(email)
    if user is not None:
        _require_linkable(user, issuer, email)
        return _link(user, issuer, subject, email, remote_addr, created=False)
    user = User(email=email, name=_name(claims, email), password_hash=None)
    db.session.add(user)
    db.session.flush()
    return _link(user, issuer, subject, email, remote_addr, created=True)


def _subject(claims) -> str:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SsoRefused("ID token without a usable subject", "The sign-in could not be completed.", 401)
    return subject


def _returning_user(identity: SsoIdentity, verified_email: str | None) -> User:
    """An identity linked before: its account, with the email the provider now vouches for."""
    user = identity.user
    _refuse_if_suspended(user)
    identity.last_used_at = utcnow()
    if verified_email:
        identity.email = verified_email[:254]
    commit()
    return user


def _require_vouched_email(email: str, verified: bool) -> None:
    """A first sign-in links or creates an account only by an email the provider vouches for."""
    name = provider_name()
    if not email or email_problem(email):
        raise SsoRefused("no usable email in the ID token",
                         f"{name} did not share an email address with us, so we cannot set up your account. "
                         "Ask your administrator to add one, or register with your email address.", 403)
    if not verified:
        raise SsoRefused("email not verified by the provider",
                         f"{name} has not verified your email address, so we cannot link it to an account. "
                         "Sign in with your email and password, or ask your administrator to verify it.", 403)


def _require_linkable(user: User, issuer: str, email: str) -> None:
    """An existing account is linked only if it is not suspended and has no other identity at this issuer."""
    _refuse_if_suspended(user)
    other = db.session.execute(
        db.select(SsoIdentity).where(SsoIdentity.user_id == user.id, SsoIdentity.issuer == issuer)
    ).scalar_one_or_none()
    if other is not None:
        # The provider gave this address to someone else (or reused it): not the same person.
        raise SsoRefused(f"email {email} belongs to an account linked to another subject at this issuer",
                         f"The account for {email} is linked to a different {provider_name()} account. "
                         "Contact the marketplace team.", 403, user)


def _link(user: User, issuer: str, subject: str, email: str, remote_addr: str | None, created: bool) -> User:
    """Link (issuer, subject) to ``user``, audited (with the registration, for a new account), and commit."""
    now = utcnow()
    actor = Actor(user=user, label=f"user:{user.id}", remote_addr=remote_addr)
    if created:
        audit.record(actor, "user.register", user, method="sso", issuer=issuer)
    db.session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject, email=email, created_at=now,
                               last_used_at=now))
    linked_by = "new account" if created else "verified email"
    audit.record(actor, "user.sso_link", user, issuer=issuer, subject=subject, email=email, linked_by=linked_by)
    commit()
    log.info("Linked %s subject %s to user %s (%s)", issuer, subject, user.id, linked_by)
    return user


def _refuse_if_suspended(user: User) -> None:
    if user.is_suspended:
        raise SsoRefused("suspended", "This account is suspended. Contact the marketplace team.", 403, user)
