"""Who is asking: an Actor for a request (session or bearer token), the CLI or an import.

A browser session acts with the person's full authority. An API token acts
for the person who registered its client, but only within that client's
organisation and its scopes. Every check of what an Actor may do lives in
``auth.policy.permissions``; the Actor of an HTTP request comes from
``auth.http.actor``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from marketplace.models import User

SCOPES = {
    "listings:read": "Read your organisation's drafts and private records",
    "listings:write": "Create and change your organisation's needs, solutions and deployments",
    "interests:write": "Express interest and request co-design on your organisation's behalf",
    "admin": "Platform administration (only for clients registered by a platform administrator)",
}


@dataclass
class Actor:
    user: User | None = None
    # How the change came in, for the audit log: "user:7", "client:abc", "anonymous", "cli:listings import".
    label: str = "anonymous"
    remote_addr: str | None = None
    # The command line runs with the operator's full authority.
    operator: bool = False
    # "session", "token", "cli" or "anonymous".
    via: str = "anonymous"
    # A token's scopes; None means not limited by scope (a session or the CLI).
    scopes: frozenset[str] | None = None
    # A token acts only within its client's organisation (None: a platform client, no organisation).
    client_organisation_id: int | None = None
    _org_roles: dict[int, str] | None = field(default=None, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.operator

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes

    @property
    def is_platform_admin(self) -> bool:
        if self.operator:
            return True
        return self.user is not None and self.user.is_platform_admin and self.has_scope("admin")

    def role_in(self, organisation_id: int | None) -> str | None:
        if self.user is None or organisation_id is None:
            return None
        if self.via == "token" and organisation_id != self.client_organisation_id:
            return None
        if self._org_roles is None:
            self._org_roles = {m.organisation_id: m.role for m in self.user.memberships}
        return self._org_roles.get(organisation_id)


def cli_actor(command: str) -> Actor:
    return Actor(label=f"cli:{command}", operator=True, via="cli")


class InvalidCredentials(Exception):
    """The request carried credentials that are not valid (tampered, expired, revoked, suspended)."""

    def __init__(self, message: str, error: str = "invalid_token"):
        super().__init__(message)
        self.error = error
