"""Who is asking: an Actor for the request, the CLI or an import.

The core's minimal sign-in is a personal bearer token per user (stored hashed);
sessions, OAuth2 and single sign-on extend ``actor_from_request``.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from flask import request

from marketplace.models import PersonalToken, User, db, utcnow


@dataclass
class Actor:
    user: User | None = None
    # How the change came in, for the audit log: "user:7", "anonymous", "cli:listings import".
    label: str = "anonymous"
    remote_addr: str | None = None
    # The command line runs with the operator's full authority.
    operator: bool = False
    _org_roles: dict[int, str] | None = field(default=None, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.operator

    @property
    def is_platform_admin(self) -> bool:
        return self.operator or (self.user is not None and self.user.is_platform_admin)

    def role_in(self, organisation_id: int | None) -> str | None:
        if self.user is None or organisation_id is None:
            return None
        if self._org_roles is None:
            self._org_roles = {m.organisation_id: m.role for m in self.user.memberships}
        return self._org_roles.get(organisation_id)


_ENV_KEY = "marketplace.actor"


def cli_actor(command: str) -> Actor:
    return Actor(label=f"cli:{command}", operator=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_personal_token(user: User, label: str = "") -> str:
    """Make a token for ``user``; only its hash is stored, so it is shown once."""
    token = "mkt_" + secrets.token_urlsafe(32)
    db.session.add(PersonalToken(user_id=user.id, token_hash=hash_token(token), label=label))
    return token


class InvalidCredentials(Exception):
    """The request carried credentials that are not valid (tampered, revoked, suspended)."""


def actor_from_request() -> Actor:
    """The Actor for this request, cached on the request; anonymous without credentials."""
    cached = request.environ.get(_ENV_KEY)
    if cached is not None:
        return cached
    remote = request.remote_addr
    header = request.headers.get("Authorization", "")
    actor = Actor(label="anonymous", remote_addr=remote)
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidCredentials("Authorization must be 'Bearer <token>'")
        row = db.session.execute(
            db.select(PersonalToken).where(PersonalToken.token_hash == hash_token(token.strip()))
        ).scalar_one_or_none()
        if row is None or row.revoked_at is not None:
            raise InvalidCredentials("the token is not valid")
        if row.user.is_suspended:
            raise InvalidCredentials("the account is suspended")
        actor = Actor(user=row.user, label=f"user:{row.user.id}", remote_addr=remote)
    request.environ[_ENV_KEY] = actor
    return actor


def revoke_token(row: PersonalToken) -> None:
    row.revoked_at = utcnow()
